package io.bastion.core.codec;

import com.fasterxml.jackson.databind.JsonNode;
import io.bastion.core.resource.ResourceType;
import io.bastion.core.resource.RootNames;
import java.io.ByteArrayOutputStream;
import java.util.Iterator;
import java.util.Map;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Writes a JSON tree as XML content (TS-0004 8.3): the single member of a content object as the root element in the
 * oneM2M namespace ({@code m2m:}), a primitive's parameters under {@code m2m:rqp} or {@code m2m:rsp} (a tree of
 * unqualified names with {@code rsc} is a response, one with {@code op} a request, TS-0004 8.3.2), a resource's
 * {@code rn} as the XML attribute of its root (TS-0004 annex F, "a required attribute called resourceName"), an
 * object with {@code val} as an element with XML attributes and text (8.4.2), null as an empty element (8.3.1), an array as an xs:list (values separated by spaces) or as repeated elements per {@link XmlSchema}.
 * Members are written in the tree's order (the CSE keeps each type's universal attributes first).
 */
final class XmlWriter {
    private static final XMLOutputFactory FACTORY = XMLOutputFactory.newFactory();
    private static final JacksonCodec JSON = JacksonCodec.json();

    private final XmlSchema schema;

    XmlWriter(XmlSchema schema) {
        this.schema = schema;
    }

    byte[] write(JsonNode content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try {
            XMLStreamWriter w = FACTORY.createXMLStreamWriter(out, "UTF-8");
            w.writeStartDocument("UTF-8", "1.0");
            String root;
            JsonNode value;
            if (isPrimitive(content)) {
                root = content.has("rsc") ? "m2m:rsp" : "m2m:rqp";
                value = content;
            } else if (content.isObject() && content.size() == 1) {
                Map.Entry<String, JsonNode> e = content.fields().next();
                root = e.getKey();
                value = e.getValue();
            } else {
                throw new IllegalArgumentException("content for XML has one root member, or is a primitive");
            }
            new Document(w).element(root, root, null, value, true, true);
            w.writeEndDocument();
            w.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write XML content", e);
        }
        return out.toByteArray();
    }

    /**
     * A primitive's parameters: unqualified names, among them {@code rsc} or {@code op}; content is always one
     * member with a namespace prefix.
     */
    private static boolean isPrimitive(JsonNode n) {
        if (!n.isObject() || !(n.has("rsc") || n.has("op"))) {
            return false;
        }
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            if (it.next().indexOf(':') >= 0) {
                return false;
            }
        }
        return true;
    }

    /** One document being written. */
    private final class Document {
        private final XMLStreamWriter w;
        private boolean namespaced;

        Document(XMLStreamWriter w) {
            this.w = w;
        }

        /**
         * Writes {@code value} as element {@code name} (as many elements as it has items when it is repeated).
         *
         * @param parent the name of the enclosing element
         * @param resource the descriptor of the resource whose root encloses it directly, or null
         * @param root whether the element is a root (its name is namespaced)
         */
        void element(String name, String parent, ResourceType resource, JsonNode value, boolean root, boolean top)
                throws XMLStreamException {
            XmlShape shape = root ? schema.root(name) : schema.shape(resource, parent, name);
            boolean asText = shape != null && shape.kind() == XmlShape.Kind.JSON_TEXT;
            // a root's array: its child resources (8.4.2 rule 11), unless the root is a list (m2m:uril in a pc)
            boolean repeat = root ? !top && !shape.isList() : !isList(shape, value) || shape != null && shape.repeated();
            if (value.isArray() && !asText && repeat) {
                for (JsonNode item : value) {
                    one(name, parent, resource, shape, item, root, top);
                }
                return;
            }
            one(name, parent, resource, shape, value, root, top);
        }

        private boolean isList(XmlShape shape, JsonNode array) {
            if (shape != null && shape.isList()) {
                return true;
            }
            if (shape != null) {
                return false;
            }
            // unknown: an xs:list when every item is a value without white space, else repeated elements
            for (JsonNode item : array) {
                if (!item.isValueNode() || item.isNull() || item.asText().isEmpty()
                        || item.asText().chars().anyMatch(c -> c == ' ' || c == '\t' || c == '\r' || c == '\n')) {
                    return false;
                }
            }
            return true;
        }

        private void one(String name, String parent, ResourceType resource, XmlShape shape, JsonNode value,
                         boolean root, boolean top) throws XMLStreamException {
            start(name, root);
            if (top && !namespaced) {
                w.writeNamespace("m2m", XmlReader.NAMESPACE);
                namespaced = true;
            }
            if (root) {
                declare(name);
            }
            boolean asText = shape != null && shape.kind() == XmlShape.Kind.JSON_TEXT
                    || !root && (shape == null || shape.kind() == XmlShape.Kind.ANY) && value.isContainerNode()
                    && !hasXmlNames(value);
            if (value.isObject() && !asText) {
                ResourceType own = root ? schema.resource(name) : null;
                boolean simple = value.has("val") && scalarsOnly(value);
                // XML attributes come first: a resource's rn, or every member but val of a simple type
                for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    boolean attribute = simple ? !e.getKey().equals("val")
                            : own != null && e.getKey().equals("rn") && e.getValue().isTextual();
                    if (attribute) {
                        w.writeAttribute(e.getKey(), text(e.getValue()));
                    }
                }
                if (simple) {
                    w.writeCharacters(clean(text(value.get("val"))));
                } else {
                    for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                        Map.Entry<String, JsonNode> e = it.next();
                        if (own != null && e.getKey().equals("rn") && e.getValue().isTextual()) {
                            continue;
                        }
                        boolean nested = e.getKey().indexOf(':') > 0;
                        element(e.getKey(), name, own, e.getValue(), nested, false);
                    }
                }
            } else if (value.isArray() && !asText) {
                StringBuilder sb = new StringBuilder();
                for (JsonNode item : value) {
                    if (!sb.isEmpty()) {
                        sb.append(' ');
                    }
                    sb.append(text(item));
                }
                w.writeCharacters(clean(sb.toString()));
            } else if (value.isContainerNode()) {
                w.writeCharacters(clean(new String(JSON.encode(value), java.nio.charset.StandardCharsets.UTF_8)));
            } else if (!value.isNull()) {
                w.writeCharacters(clean(text(value)));
            }
            w.writeEndElement();
        }

        private void start(String name, boolean root) throws XMLStreamException {
            int colon = root ? name.indexOf(':') : -1;
            if (colon > 0) {
                String prefix = name.substring(0, colon);
                w.writeStartElement(prefix, name.substring(colon + 1), namespaceOf(prefix));
            } else {
                w.writeStartElement(name);
            }
        }

        private void declare(String name) throws XMLStreamException {
            int colon = name.indexOf(':');
            if (colon > 0) {
                String prefix = name.substring(0, colon);
                if (!prefix.equals("m2m")) {
                    w.writeNamespace(prefix, namespaceOf(prefix));
                }
            }
        }
    }

    /**
     * The namespace of a root's prefix: oneM2M's for {@code m2m}; for another (a flexContainer specialization's, of
     * which this CSE keeps the prefix only) a URN naming the prefix, so that the document stays well-formed.
     */
    static String namespaceOf(String prefix) {
        return prefix.equals("m2m") ? XmlReader.NAMESPACE : "urn:onem2m:prefix:" + prefix;
    }

    /**
     * Whether every member name in {@code v} can be an XML element name: an NCName, or a root's {@code prefix:name}.
     * Content without a schema (a contentInstance's JSON content) may use any name; it is then written as JSON text.
     */
    private static boolean hasXmlNames(JsonNode v) {
        for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String n = e.getKey();
            if (!RootNames.isNcName(n) && !RootNames.isWellFormed(n) && !n.equals("m2m:rsp")
                    && !n.equals("m2m:sgn")) {
                return false;
            }
            if (e.getValue().isContainerNode() && !hasXmlNames(e.getValue())) {
                return false;
            }
        }
        if (v.isArray()) {
            for (JsonNode item : v) {
                if (item.isContainerNode() && !hasXmlNames(item)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean scalarsOnly(JsonNode o) {
        for (JsonNode v : o) {
            if (v.isContainerNode()) {
                return false;
            }
        }
        return true;
    }

    private static String text(JsonNode v) {
        if (v == null || v.isNull()) {
            return "";
        }
        if (v.isBigDecimal() || v.isDouble() || v.isFloat()) {
            return v.decimalValue().toString().replace("E+", "E");
        }
        return v.asText();
    }

    /**
     * The text with the characters XML 1.0 cannot carry (most C0 controls, which JSON may escape) replaced by U+FFFD:
     * a stored value written before is served rather than refused.
     */
    private static String clean(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0xFFFE || c == 0xFFFF) {
                StringBuilder sb = new StringBuilder(s.length());
                for (int j = 0; j < s.length(); j++) {
                    char d = s.charAt(j);
                    sb.append(d < 0x20 && d != '\t' && d != '\n' && d != '\r' || d == 0xFFFE || d == 0xFFFF
                            ? '\uFFFD' : d);
                }
                return sb.toString();
            }
        }
        return s;
    }
}
