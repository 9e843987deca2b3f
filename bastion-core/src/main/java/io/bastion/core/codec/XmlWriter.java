package io.bastion.core.codec;

import com.fasterxml.jackson.databind.JsonNode;
import io.bastion.core.resource.ResourceType;
import io.bastion.core.resource.RootNames;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;

/**
 * Writes a JSON tree as XML content (TS-0004 8.3): the single member of a content object as the root element in the
 * oneM2M namespace ({@code m2m:}), a primitive's parameters under {@code m2m:rqp} or {@code m2m:rsp} (a tree of
 * unqualified names with {@code rsc} is a response, one with {@code op} a request, TS-0004 8.3.2), a resource's
 * {@code rn} as the XML attribute of its root (TS-0004 annex F, "a required attribute called resourceName"), an
 * object with {@code val} as an element with XML attributes and text (8.4.2), null as an empty element (8.3.1), an
 * array as an xs:list (values separated by spaces) or as repeated elements per {@link XmlSchema}.
 * Members are written in the tree's order (the CSE keeps each type's universal attributes first). Written by hand into
 * a buffer: a stream writer costs more to create than a small answer costs to write.
 */
final class XmlWriter {
    private static final JacksonCodec JSON = JacksonCodec.json();

    private final XmlSchema schema;

    XmlWriter(XmlSchema schema) {
        this.schema = schema;
    }

    byte[] write(JsonNode content) {
        StringBuilder w = new StringBuilder(256).append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
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
        return w.toString().getBytes(StandardCharsets.UTF_8);
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
        private final StringBuilder w;
        private boolean namespaced;

        Document(StringBuilder w) {
            this.w = w;
        }

        /**
         * Writes {@code value} as element {@code name} (as many elements as it has items when it is repeated).
         *
         * @param parent the name of the enclosing element
         * @param resource the descriptor of the resource whose root encloses it directly, or null
         * @param root whether the element is a root (its name is namespaced)
         */
        void element(String name, String parent, ResourceType resource, JsonNode value, boolean root, boolean top) {
            XmlShape shape = root ? schema.root(name) : schema.shape(resource, parent, name);
            boolean asText = shape != null && shape.kind() == XmlShape.Kind.JSON_TEXT;
            // a root's array: its child resources (8.4.2 rule 11), unless the root is a list (m2m:uril in a pc)
            boolean repeat = root ? !top && !shape.isList()
                    : !isList(shape, value) || shape != null && shape.repeated();
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
                         boolean root, boolean top) {
            w.append('<').append(name);
            if (top && !namespaced) {
                attribute("xmlns:m2m", XmlReader.NAMESPACE);
                namespaced = true;
            }
            if (root) {
                declare(name);
            }
            // a value whose member names cannot be element names (content without a schema) goes as JSON text
            boolean asText = shape != null && shape.kind() == XmlShape.Kind.JSON_TEXT
                    || !root && value.isContainerNode() && !hasXmlNames(value);
            if (value.isObject() && !asText) {
                ResourceType own = root ? schema.resource(name) : null;
                boolean simple = value.has("val") && scalarsOnly(value);
                // XML attributes come first: a resource's rn, or every member but val of a simple type
                for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    boolean attribute = simple ? !e.getKey().equals("val")
                            : own != null && e.getKey().equals("rn") && e.getValue().isTextual();
                    if (attribute) {
                        attribute(e.getKey(), text(e.getValue()));
                    }
                }
                w.append('>');
                if (simple) {
                    characters(text(value.get("val")));
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
            } else {
                w.append('>');
                if (value.isArray() && !asText) {
                    boolean first = true;
                    for (JsonNode item : value) {
                        if (!first) {
                            w.append(' ');
                        }
                        characters(text(item));
                        first = false;
                    }
                } else if (value.isContainerNode()) {
                    characters(new String(JSON.encode(value), StandardCharsets.UTF_8));
                } else if (!value.isNull()) {
                    characters(text(value));
                }
            }
            w.append("</").append(name).append('>');
        }

        private void declare(String name) {
            int colon = name.indexOf(':');
            if (colon > 0) {
                String prefix = name.substring(0, colon);
                if (!prefix.equals("m2m")) {
                    attribute("xmlns:" + prefix, namespaceOf(prefix));
                }
            }
        }

        private void attribute(String name, String value) {
            w.append(' ').append(name).append("=\"");
            escape(value, true);
            w.append('"');
        }

        private void characters(String text) {
            escape(text, false);
        }

        /**
         * Appends {@code s} escaped for element text or an attribute value (XML 1.0 2.4, 3.3.3): markup characters
         * as entities, line ends and tabs in attributes and carriage returns anywhere as character references (a
         * reader would otherwise normalise them), and what XML 1.0 cannot carry (C0 controls a JSON string may
         * escape, U+FFFE, U+FFFF, half of a surrogate pair) as U+FFFD.
         */
        private void escape(String s, boolean attribute) {
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                switch (c) {
                    case '&' -> w.append("&amp;");
                    case '<' -> w.append("&lt;");
                    case '>' -> w.append("&gt;");
                    case '"' -> w.append(attribute ? "&quot;" : "\"");
                    case '\r' -> w.append("&#13;");
                    case '\n' -> w.append(attribute ? "&#10;" : "\n");
                    case '\t' -> w.append(attribute ? "&#9;" : "\t");
                    default -> {
                        if (c < 0x20 || c == 0xFFFE || c == 0xFFFF) {
                            w.append('\uFFFD');
                        } else if (Character.isHighSurrogate(c) && i + 1 < s.length()
                                && Character.isLowSurrogate(s.charAt(i + 1))) {
                            w.append(c).append(s.charAt(++i));
                        } else if (Character.isSurrogate(c)) {
                            w.append('\uFFFD');
                        } else {
                            w.append(c);
                        }
                    }
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
            int colon = n.indexOf(':');
            boolean xmlName = colon < 0 ? RootNames.isNcName(n)
                    : RootNames.isNcName(n.substring(0, colon)) && RootNames.isNcName(n.substring(colon + 1));
            if (!xmlName) {
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
}
