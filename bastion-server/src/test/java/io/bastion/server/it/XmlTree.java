package io.bastion.server.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.namespace.NamespaceContext;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathExpressionException;
import javax.xml.xpath.XPathFactory;
import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/**
 * Reads XML content for the tests with the JDK's DOM, independently of the CSE's codec, into an untyped tree: the
 * root as the single member, elements by the names written, an element without children as its text (or null when
 * empty), XML attributes as members, repeated elements as an array. Values are all strings, which
 * {@code JsonNode.asInt}/{@code asBoolean} read as numbers and booleans.
 */
public final class XmlTree {
    public static final String NAMESPACE = "http://www.onem2m.org/xml/protocols";
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private XmlTree() {
    }

    /** The DOM of {@code xml}; DTDs refused. */
    public static Document dom(byte[] xml) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newDefaultNSInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
        } catch (Exception e) {
            throw new AssertionError("not well-formed XML: " + new String(xml, java.nio.charset.StandardCharsets.UTF_8),
                    e);
        }
    }

    /**
     * A request primitive written by hand in XML (TS-0004 8.3.2), as the doors that carry whole primitives take it;
     * {@code ty} and {@code pc} (its XML) only when not null.
     */
    public static String rqp(int op, String to, String fr, String rqi, Integer ty, String pc) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<m2m:rqp xmlns:m2m=\"" + NAMESPACE + "\"><op>" + op
                + "</op><to>" + to + "</to><fr>" + fr + "</fr><rqi>" + rqi + "</rqi><rvi>3</rvi>"
                + (ty == null ? "" : "<ty>" + ty + "</ty>") + (pc == null ? "" : "<pc>" + pc + "</pc>") + "</m2m:rqp>";
    }

    /** The string value of an XPath over {@code d} ({@code m2m:} bound to oneM2M's namespace). */
    public static String at(Document d, String xpath) {
        try {
            var xp = XPathFactory.newInstance().newXPath();
            xp.setNamespaceContext(new NamespaceContext() {
                @Override
                public String getNamespaceURI(String prefix) {
                    return prefix.equals("m2m") ? NAMESPACE : null;
                }

                @Override
                public String getPrefix(String uri) {
                    return null;
                }

                @Override
                public Iterator<String> getPrefixes(String uri) {
                    return null;
                }
            });
            return (String) xp.evaluate(xpath, d, XPathConstants.STRING);
        } catch (XPathExpressionException e) {
            throw new AssertionError(e);
        }
    }

    /** The string value of an XPath over the XML {@code xml}. */
    public static String at(byte[] xml, String xpath) {
        return at(dom(xml), xpath);
    }

    public static JsonNode read(byte[] xml) {
        Element root = dom(xml).getDocumentElement();
        ObjectNode o = F.objectNode();
        o.set(root.getTagName(), value(root));
        return o;
    }

    private static JsonNode value(Element e) {
        Map<String, List<JsonNode>> children = new LinkedHashMap<>();
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element c) {
                children.computeIfAbsent(c.getTagName(), k -> new ArrayList<>()).add(value(c));
            }
        }
        ObjectNode o = F.objectNode();
        NamedNodeMap attrs = e.getAttributes();
        for (int i = 0; i < attrs.getLength(); i++) {
            Attr a = (Attr) attrs.item(i);
            if (!a.getName().startsWith("xmlns") && a.getNamespaceURI() == null) {
                o.put(a.getName(), a.getValue());
            }
        }
        if (children.isEmpty()) {
            String text = e.getTextContent();
            if (o.isEmpty()) {
                return text.isEmpty() ? F.nullNode() : F.textNode(text);
            }
            if (!text.isEmpty()) {
                o.put("val", text);
            }
            return o;
        }
        children.forEach((name, values) -> {
            if (values.size() == 1) {
                o.set(name, values.get(0));
            } else {
                ArrayNode a = o.putArray(name);
                values.forEach(a::add);
            }
        });
        return o;
    }
}
