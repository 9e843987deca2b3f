package io.bastion.core.resource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.text.Excerpt;
import java.util.ArrayList;
import java.util.List;

/**
 * The attribute list of a partial RETRIEVE ({@code m2m:attributeList}, root {@code m2m:atrl}: the short names of the
 * attributes to return; TS-0001 8.1.2 Content "the list of attribute names ... that needs to be retrieved", TS-0004
 * 7.3.3.6 case 1 and table 7.5.2-1). Over HTTP and CoAP it is the {@code atrl} query parameter, names joined by
 * {@code +} (TS-0009 6.2.2.2), which the door puts into the request's content as this element.
 *
 * @param names the short names, in the order asked, without repeats
 */
public record AttributeList(List<String> names) {
    /** The root element in the Content parameter of a RETRIEVE. */
    public static final String ROOT = "m2m:atrl";
    /** At most this many names (as many as a flexContainer may have custom attributes). */
    public static final int MAX_NAMES = 100;
    /** The longest name (a flexContainer's custom attribute names are as long). */
    public static final int MAX_NAME = 64;

    public AttributeList {
        names = List.copyOf(names);
    }

    /**
     * The list a request's content carries, or null when the content is no attribute list (costs a null check for a
     * RETRIEVE without content).
     */
    public static AttributeList of(JsonNode pc) {
        if (pc == null || !pc.isObject() || pc.size() != 1 || !pc.has(ROOT)) {
            return null;
        }
        JsonNode v = pc.get(ROOT);
        if (!v.isArray() || v.isEmpty()) {
            throw OneM2MException.badRequest("attribute list (atrl) must list at least one attribute name");
        }
        List<String> names = new ArrayList<>(v.size());
        for (JsonNode n : v) {
            if (!n.isTextual()) {
                throw OneM2MException.badRequest("attribute list (atrl) holds attribute names only");
            }
            names.add(n.asText());
        }
        return of(names);
    }

    /**
     * A list of {@code names}, each checked to be a short name (an NCName of at most {@link #MAX_NAME} characters),
     * repeats dropped.
     *
     * @throws OneM2MException 4000 naming {@code atrl} and the name otherwise
     */
    public static AttributeList of(List<String> names) {
        if (names.isEmpty()) {
            throw OneM2MException.badRequest("attribute list (atrl) must list at least one attribute name");
        }
        if (names.size() > MAX_NAMES) {
            throw OneM2MException.badRequest("attribute list (atrl) lists more than " + MAX_NAMES + " names");
        }
        List<String> out = new ArrayList<>(names.size());
        for (String n : names) {
            if (!isName(n)) {
                throw OneM2MException.badRequest("attribute list (atrl): '" + Excerpt.of(n)
                        + "' is not an attribute's short name");
            }
            if (!out.contains(n)) {
                out.add(n);
            }
        }
        return new AttributeList(out);
    }

    /** The content element {@code {"m2m:atrl": [names]}}. */
    public ObjectNode toContent() {
        ObjectNode pc = JsonNodeFactory.instance.objectNode();
        ArrayNode arr = pc.putArray(ROOT);
        names.forEach(arr::add);
        return pc;
    }

    /**
     * The attributes of {@code r} this list names, under the resource's root: an attribute the resource lacks now
     * (an optional one not set, or a write-only secret) is left out.
     *
     * @throws OneM2MException 4000 naming the attribute when {@code type} has no attribute of that name (a type open
     *         to custom attributes, the flexContainer, accepts any name)
     */
    public ObjectNode select(ResourceType type, String root, Resource r) {
        ObjectNode attrs = JsonNodeFactory.instance.objectNode();
        for (String n : names) {
            if (type.attribute(n) == null && type.open() == null) {
                throw OneM2MException.badRequest("attribute list (atrl): " + n + " is not an attribute of a "
                        + type.name() + " (" + root + ")");
            }
            JsonNode v = r.get(n);
            if (v != null) {
                attrs.set(n, v);
            }
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.set(root, attrs);
        return out;
    }

    private static boolean isName(String s) {
        if (s.isEmpty() || s.length() > MAX_NAME) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean letter = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_';
            if (!letter && (i == 0 || !(c >= '0' && c <= '9' || c == '-' || c == '.'))) {
                return false;
            }
        }
        return true;
    }
}
