package io.bastion.core.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.resource.ResourceType;
import io.bastion.core.text.Excerpt;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import com.ctc.wstx.api.WstxInputProperties;
import com.ctc.wstx.stax.WstxInputFactory;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLResolver;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads XML content (TS-0004 8.3) into the JSON tree the other codecs produce: the root element as the single member
 * ({@code <m2m:cnt rn="x">} is {@code {"m2m:cnt":{"rn":"x",…}}}), a request or response primitive ({@code m2m:rqp},
 * {@code m2m:rsp}) as its parameters without the root (8.4.2), values typed by {@link XmlSchema}, an empty element as
 * null (8.3.1), an element with XML attributes and text as an object with the attributes and {@code val} (8.4.2).
 *
 * <p>Woodstox reads, locked down: a document type declaration and entity references beyond XML's five and character
 * references are refused before anything is expanded or fetched (no XXE, no entity expansion, no network, no file;
 * every resolver refuses); nesting, element and attribute counts stay within {@link ContentLimits}; the
 * document must be UTF-8 (8.3.1). Every refusal is 4000 saying what is wrong.
 */
final class XmlReader {
    /** The oneM2M namespace, which TS-0004 6.2 names with the prefix {@code m2m:}. */
    static final String NAMESPACE = "http://www.onem2m.org/xml/protocols";

    private static final JacksonCodec JSON = JacksonCodec.json();
    /** The lexical form of xs:decimal and xs:double without INF and NaN, which no serialization carries. */
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    private final XMLInputFactory factory;
    private final XmlSchema schema;

    XmlReader(XmlSchema schema) {
        this.schema = schema;
        // Woodstox by name, not whichever StAX implementation the class path offers first
        factory = new WstxInputFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        factory.setProperty(XMLInputFactory.IS_COALESCING, true);
        XMLResolver nothing = (publicId, systemId, base, ns) -> {
            throw new XMLStreamException("external resources are not read");
        };
        factory.setXMLResolver(nothing);
        factory.setProperty(WstxInputProperties.P_DTD_RESOLVER, nothing);
        factory.setProperty(WstxInputProperties.P_ENTITY_RESOLVER, nothing);
        factory.setProperty(WstxInputProperties.P_UNDECLARED_ENTITY_RESOLVER, nothing);
        // the parser's own bounds, beyond which the reader below would refuse anyway
        factory.setProperty(WstxInputProperties.P_MAX_ELEMENT_DEPTH, ContentLimits.MAX_DEPTH + 1);
        factory.setProperty(WstxInputProperties.P_MAX_ENTITY_DEPTH, 1);
        factory.setProperty(WstxInputProperties.P_MAX_ENTITY_COUNT, 1L);
        factory.setProperty(WstxInputProperties.P_MAX_ATTRIBUTES_PER_ELEMENT, 1024);
    }

    JsonNode read(byte[] body) {
        XMLStreamReader r;
        try {
            r = factory.createXMLStreamReader(new ByteArrayInputStream(body));
        } catch (XMLStreamException e) {
            throw malformed(e);
        }
        try {
            String encoding = r.getCharacterEncodingScheme();
            if (encoding != null && !encoding.equalsIgnoreCase("UTF-8")) {
                throw OneM2MException.badRequest("XML content must be encoded in UTF-8 (TS-0004 8.3.1), not "
                        + Excerpt.of(encoding));
            }
            Document d = new Document(r);
            int ev = d.nextStructural();
            if (ev != XMLStreamConstants.START_ELEMENT) {
                throw OneM2MException.badRequest("XML content has no root element");
            }
            String root = d.name();
            JsonNode value = d.element(root, root, schema.root(root), null, true);
            while (r.hasNext()) {
                ev = d.nextStructural();
                if (ev == XMLStreamConstants.START_ELEMENT) {
                    throw OneM2MException.badRequest("XML content has more than one root element");
                }
                if (ev == XMLStreamConstants.END_DOCUMENT) {
                    break;
                }
            }
            if (root.equals("m2m:rqp") || root.equals("m2m:rsp")) {
                // a primitive is its parameters, without the root JSON does not have (TS-0004 8.4.2)
                return value.isObject() ? value : ContentNodes.INSTANCE.objectNode();
            }
            ObjectNode top = ContentNodes.INSTANCE.objectNode();
            top.set(root, value);
            return top;
        } catch (XMLStreamException e) {
            throw malformed(e);
        } finally {
            try {
                r.close();
            } catch (XMLStreamException ignored) {
                // nothing was opened beyond the array
            }
        }
    }

    /** A parse failure in the client's terms: the parser's sentence, where it happened, no class or source names. */
    private static OneM2MException malformed(XMLStreamException e) {
        String msg = e.getMessage() == null ? "" : e.getMessage();
        int at = msg.indexOf("\n at [");
        String why = (at >= 0 ? msg.substring(0, at) : msg).strip();
        if (e.getLocation() != null && e.getLocation().getLineNumber() > 0) {
            why += " (line " + e.getLocation().getLineNumber() + ", column " + e.getLocation().getColumnNumber() + ")";
        }
        return OneM2MException.badRequest("malformed XML content: " + Excerpt.of(why, 160));
    }

    /** One document being read: the stream and the counts that bound it. */
    private final class Document {
        private final XMLStreamReader r;
        private int depth;
        private int tokens;

        Document(XMLStreamReader r) {
            this.r = r;
        }

        /** The next event that is not a comment, nor white space outside elements. */
        int nextStructural() throws XMLStreamException {
            while (true) {
                int ev = r.next();
                switch (ev) {
                    case XMLStreamConstants.DTD -> throw OneM2MException.badRequest(
                            "XML content must not have a document type declaration (<!DOCTYPE>): DTDs and entities "
                                    + "are not accepted");
                    case XMLStreamConstants.ENTITY_REFERENCE -> throw entity();
                    case XMLStreamConstants.COMMENT, XMLStreamConstants.SPACE,
                         XMLStreamConstants.PROCESSING_INSTRUCTION -> {
                        continue;
                    }
                    case XMLStreamConstants.CHARACTERS -> {
                        if (r.isWhiteSpace()) {
                            continue;
                        }
                        throw OneM2MException.badRequest("XML content has text outside its root element");
                    }
                    default -> {
                        return ev;
                    }
                }
            }
        }

        private OneM2MException entity() {
            return OneM2MException.badRequest("XML content must not reference entities (&"
                    + Excerpt.of(r.getLocalName()) + ";): only XML's predefined entities and character references are "
                    + "accepted");
        }

        /** The name of the current start element: {@code m2m:} for the oneM2M namespace, else as written. */
        String name() {
            String prefix = r.getPrefix();
            String local = r.getLocalName();
            if (prefix == null || prefix.isEmpty()) {
                return local;
            }
            String ns = r.getNamespaceURI();
            if (NAMESPACE.equals(ns)) {
                return "m2m:" + local;
            }
            if (prefix.equals("m2m")) {
                throw OneM2MException.badRequest("the XML prefix m2m: must name the namespace " + NAMESPACE
                        + " (TS-0004 6.2), not " + Excerpt.of(ns));
            }
            return prefix + ":" + local;
        }

        /**
         * Reads the current element up to its end.
         *
         * @param parent the name of the element it sits in (its own name for a root)
         * @param shape its shape, or null when the schema does not know it
         * @param resource the descriptor of the resource it is an attribute of, or null
         * @param root whether it is a root (the document's or one embedded: a child resource, a primitive's content)
         */
        JsonNode element(String name, String parent, XmlShape shape, ResourceType resource, boolean root)
                throws XMLStreamException {
            if (++depth > ContentLimits.MAX_DEPTH) {
                throw OneM2MException.badRequest("XML content is nested deeper than " + ContentLimits.MAX_DEPTH
                        + " elements");
            }
            count(1);
            ResourceType own = root ? schema.resource(name) : null;
            Map<String, JsonNode> attributes = attributes(name);
            // made when needed: most elements are a leaf with a short text
            Map<String, List<JsonNode>> children = Map.of();
            String text = "";
            StringBuilder more = null;
            while (true) {
                int ev = r.next();
                switch (ev) {
                    case XMLStreamConstants.START_ELEMENT -> {
                        String child = name();
                        boolean nested = child.indexOf(':') > 0;
                        XmlShape s = nested ? schema.root(child) : schema.shape(own, name, child);
                        JsonNode v = element(child, name, s, own, nested);
                        if (children.isEmpty()) {
                            children = new LinkedHashMap<>();
                        }
                        children.computeIfAbsent(child, k -> new ArrayList<>(2)).add(v);
                    }
                    case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                        if (text.isEmpty()) {
                            text = r.getText();
                        } else {
                            more = (more == null ? new StringBuilder(text) : more).append(r.getText());
                        }
                    }
                    case XMLStreamConstants.ENTITY_REFERENCE -> throw entity();
                    case XMLStreamConstants.DTD -> throw OneM2MException.badRequest(
                            "XML content must not have a document type declaration");
                    case XMLStreamConstants.END_ELEMENT -> {
                        depth--;
                        return value(name, shape, root, attributes, children, more == null ? text : more.toString());
                    }
                    default -> {
                        // comments and processing instructions carry nothing
                    }
                }
            }
        }

        private Map<String, JsonNode> attributes(String element) {
            if (r.getAttributeCount() == 0) {
                return Map.of();
            }
            Map<String, JsonNode> out = new LinkedHashMap<>();
            for (int i = 0; i < r.getAttributeCount(); i++) {
                String ns = r.getAttributeNamespace(i);
                if (ns != null && !ns.isEmpty()) {
                    continue; // xsi:schemaLocation and other qualified attributes say nothing about the value
                }
                count(1);
                String n = r.getAttributeLocalName(i);
                XmlShape s = schema.shape(null, element, n);
                out.put(n, scalar(n, s == null ? XmlShape.STRING : s, r.getAttributeValue(i)));
            }
            return out;
        }

        private void count(int n) {
            tokens += n;
            if (tokens > ContentLimits.MAX_TOKENS) {
                throw OneM2MException.badRequest("XML content has more than " + ContentLimits.MAX_TOKENS
                        + " elements and attributes");
            }
        }

        private JsonNode value(String name, XmlShape shape, boolean root, Map<String, JsonNode> attributes,
                               Map<String, List<JsonNode>> children, String text) {
            boolean blank = text.isBlank();
            if (!children.isEmpty() || (root && (shape == null || shape.kind() == XmlShape.Kind.OBJECT))) {
                if (!blank && !children.isEmpty()) {
                    throw OneM2MException.badRequest("XML element " + Excerpt.of(name)
                            + " mixes text with child elements");
                }
                if (!blank) {
                    throw OneM2MException.badRequest("XML element " + Excerpt.of(name) + " holds text where "
                            + "child elements are expected");
                }
                if (shape != null && shape.kind() != XmlShape.Kind.OBJECT && shape.kind() != XmlShape.Kind.ANY) {
                    throw OneM2MException.badRequest("XML element " + Excerpt.of(name)
                            + " holds child elements where a value is expected");
                }
                ObjectNode o = ContentNodes.INSTANCE.objectNode();
                attributes.forEach(o::set);
                children.forEach((child, values) -> {
                    boolean nested = child.indexOf(':') > 0;
                    XmlShape s = nested ? null : schema.shape(root ? schema.resource(name) : null, name, child);
                    // child resources of a resource, and the members of an aggregate, are arrays (8.4.2 rule 11)
                    boolean array = values.size() > 1 || (s != null && s.repeated())
                            || (nested && root && !name.equals("m2m:rce"));
                    if (array) {
                        ArrayNode a = o.putArray(child);
                        values.forEach(a::add);
                    } else {
                        o.set(child, values.get(0));
                    }
                });
                return o;
            }
            if (!attributes.isEmpty()) {
                // a simple type with XML attributes: the attributes and the value as val (8.4.2)
                ObjectNode o = ContentNodes.INSTANCE.objectNode();
                attributes.forEach(o::set);
                if (!text.isEmpty()) {
                    XmlShape s = schema.shape(null, name, "val");
                    o.set("val", scalar(name, s == null ? XmlShape.STRING : s, text));
                }
                return o;
            }
            if (text.isEmpty() || (blank && (shape == null || shape.kind() != XmlShape.Kind.STRING))) {
                return ContentNodes.INSTANCE.nullNode(); // NULL is an empty element (8.3.1)
            }
            return scalar(name, shape == null ? XmlShape.STRING : shape, text);
        }

        private JsonNode scalar(String name, XmlShape shape, String text) {
            return switch (shape.kind()) {
                case STRING, ANY, OBJECT -> ContentNodes.INSTANCE.textNode(text);
                case INTEGER -> integer(name, text.strip());
                case DECIMAL -> decimal(name, text.strip());
                case BOOLEAN -> bool(name, text.strip());
                case ABS_REL -> {
                    String t = text.strip();
                    yield isLong(t) ? integer(name, t) : ContentNodes.INSTANCE.textNode(t);
                }
                case JSON_TEXT -> json(name, text);
                case LIST_STRING, LIST_INTEGER, LIST_DECIMAL, LIST_BOOLEAN -> list(name, shape, text);
            };
        }

        private JsonNode list(String name, XmlShape shape, String text) {
            ArrayNode a = ContentNodes.INSTANCE.arrayNode();
            for (String item : text.strip().split("[ \t\r\n]+")) {
                if (item.isEmpty()) {
                    continue;
                }
                count(1);
                a.add(switch (shape.kind()) {
                    case LIST_INTEGER -> integer(name, item);
                    case LIST_DECIMAL -> decimal(name, item);
                    case LIST_BOOLEAN -> bool(name, item);
                    default -> ContentNodes.INSTANCE.textNode(item);
                });
            }
            return a;
        }

        private JsonNode integer(String name, String t) {
            if (!isLong(t)) {
                throw OneM2MException.badRequest("XML element " + Excerpt.of(name) + " must hold an integer, not "
                        + Excerpt.of(t));
            }
            try {
                long v = Long.parseLong(t);
                // as JSON reads it: an int where it fits, so that both trees are equal
                return v == (int) v ? ContentNodes.INSTANCE.numberNode((int) v) : ContentNodes.INSTANCE.numberNode(v);
            } catch (NumberFormatException e) {
                throw OneM2MException.badRequest("XML element " + Excerpt.of(name) + " holds an integer beyond "
                        + "the range of xs:long");
            }
        }

        private JsonNode decimal(String name, String t) {
            if (t.length() > ContentLimits.MAX_NUMBER_LENGTH || !DECIMAL.matcher(t).matches()) {
                throw OneM2MException.badRequest("XML element " + Excerpt.of(name) + " must hold a number, not "
                        + Excerpt.of(t));
            }
            return ContentNodes.INSTANCE.numberNode(new BigDecimal(t));
        }

        private JsonNode bool(String name, String t) {
            return switch (t) {
                case "true", "1" -> ContentNodes.INSTANCE.booleanNode(true);
                case "false", "0" -> ContentNodes.INSTANCE.booleanNode(false);
                default -> throw OneM2MException.badRequest("XML element " + Excerpt.of(name)
                        + " must hold true or false, not " + Excerpt.of(t));
            };
        }

        private JsonNode json(String name, String t) {
            try {
                return JSON.decode(t.strip().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            } catch (OneM2MException e) {
                throw OneM2MException.badRequest("XML element " + Excerpt.of(name) + " must hold JSON text: "
                        + e.getMessage());
            }
        }
    }

    private static boolean isLong(String t) {
        int start = t.startsWith("-") || t.startsWith("+") ? 1 : 0;
        if (t.length() == start || t.length() > start + 19) {
            return false;
        }
        for (int i = start; i < t.length(); i++) {
            if (t.charAt(i) < '0' || t.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}
