package io.bastion.cse.resource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.resource.AttributePolicy;
import io.bastion.core.resource.AttributePolicy.Presence;
import io.bastion.core.resource.ResourceType;
import io.bastion.core.resource.ValueFormats;
import io.bastion.core.time.Timestamps;
import java.util.Iterator;
import java.util.Map;
import io.bastion.core.text.Excerpt;

/** Checks request content against a resource type's attribute policies; every refusal names the attribute. */
public final class AttributeValidator {
    static final int MAX_NAME = 255;
    private static final int MAX_LIST = 10_000;

    private AttributeValidator() {
    }

    public static void validateCreate(ResourceType type, ObjectNode attrs) {
        for (Iterator<Map.Entry<String, JsonNode>> it = attrs.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            AttributePolicy p = policy(type, e.getKey());
            if (e.getKey().equals("cr")) {
                if (!e.getValue().isNull()) {
                    throw OneM2MException.badRequest("attribute cr must be null in a CREATE (it asks the CSE to "
                            + "record the creator)");
                }
                continue;
            }
            if (p.onCreate() == Presence.NOT_PERMITTED) {
                throw OneM2MException.badRequest("attribute " + e.getKey() + " of " + type.rootName()
                        + " is read-only");
            }
            if (e.getValue().isNull()) {
                throw OneM2MException.badRequest("attribute " + e.getKey() + " must not be null in a CREATE");
            }
            checkValue(type, p, e.getValue());
        }
        for (AttributePolicy p : type.attributes().values()) {
            if (p.onCreate() == Presence.MANDATORY && !attrs.has(p.sn())) {
                throw OneM2MException.badRequest("missing mandatory attribute " + p.sn() + " of "
                        + type.rootName());
            }
        }
    }

    public static void validateUpdate(ResourceType type, ObjectNode attrs) {
        if (attrs.isEmpty()) {
            throw OneM2MException.badRequest("UPDATE of " + type.rootName() + " names no attribute");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = attrs.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            AttributePolicy p = policy(type, e.getKey());
            if (p.onUpdate() == Presence.NOT_PERMITTED) {
                throw OneM2MException.badRequest("attribute " + e.getKey() + " of " + type.rootName()
                        + " cannot be updated");
            }
            if (e.getValue().isNull()) {
                if (!p.nullableOnUpdate()) {
                    throw OneM2MException.badRequest("attribute " + e.getKey() + " of " + type.rootName()
                            + " cannot be removed");
                }
                continue;
            }
            checkValue(type, p, e.getValue());
        }
    }

    private static AttributePolicy policy(ResourceType type, String sn) {
        AttributePolicy p = type.attribute(sn);
        if (p == null) {
            throw OneM2MException.badRequest("unknown attribute " + Excerpt.of(sn) + " for " + type.rootName());
        }
        return p;
    }

    private static void checkValue(ResourceType type, AttributePolicy p, JsonNode v) {
        String where = type.rootName() + "." + p.sn();
        boolean ok = switch (p.type()) {
            case STRING, ANY_URI -> v.isTextual();
            case NCNAME -> v.isTextual() && validName(v.asText());
            case BOOLEAN -> v.isBoolean();
            case INTEGER -> v.isIntegralNumber() && v.canConvertToLong();
            case NON_NEG_INTEGER -> v.isIntegralNumber() && v.canConvertToLong() && v.asLong() >= 0;
            case POSITIVE_INTEGER -> v.isIntegralNumber() && v.canConvertToLong() && v.asLong() > 0;
            case TIMESTAMP -> {
                if (!v.isTextual()) {
                    yield false;
                }
                Timestamps.parse(v.asText(), where);
                yield true;
            }
            case LIST_OF_STRING, LIST_OF_URI -> isList(v, JsonNode::isTextual);
            case LIST_OF_INTEGER -> isList(v, JsonNode::isIntegralNumber);
            case EVENT_CAT -> v.isIntegralNumber() && v.canConvertToLong() && ValueFormats.isEventCat(v.asLong());
            case LABELS -> isList(v, e -> e.isTextual() && ValueFormats.isToken(e.asText()));
            case SERIALIZATIONS -> !v.isEmpty()
                    && isList(v, e -> e.isTextual() && ValueFormats.SERIALIZATIONS.contains(e.asText()));
            case CONTENT_INFO -> v.isTextual() && ValueFormats.isContentInfo(v.asText());
            case OBJECT -> v.isObject();
            case LIST_OF_OBJECT -> isList(v, JsonNode::isObject);
            case ANY -> true;
        };
        if (!ok) {
            throw OneM2MException.badRequest("attribute " + where + " has a wrong type or value: expected "
                    + describe(p));
        }
    }

    private static boolean isList(JsonNode v, java.util.function.Predicate<JsonNode> element) {
        if (!v.isArray() || v.size() > MAX_LIST) {
            return false;
        }
        for (JsonNode e : v) {
            if (!element.test(e)) {
                return false;
            }
        }
        return true;
    }

    /** A resourceName: not empty, no path separator, not "." or "..", bounded, printable. */
    public static boolean validName(String n) {
        if (n.isEmpty() || n.length() > MAX_NAME || n.equals(".") || n.equals("..")) {
            return false;
        }
        for (int i = 0; i < n.length(); i++) {
            char c = n.charAt(i);
            if (c == '/' || c == '?' || c == '#' || c == '%' || c <= ' ' || c == 127) {
                return false;
            }
        }
        return true;
    }

    private static String describe(AttributePolicy p) {
        return switch (p.type()) {
            case STRING, ANY_URI -> "a string";
            case NCNAME -> "a name without '/', '?', '#', '%', spaces, and not '.' or '..'";
            case BOOLEAN -> "a boolean";
            case INTEGER -> "an integer";
            case NON_NEG_INTEGER -> "a non-negative integer";
            case POSITIVE_INTEGER -> "a positive integer";
            case TIMESTAMP -> "a timestamp like 20261231T235959";
            case LIST_OF_STRING, LIST_OF_URI -> "a list of strings";
            case LIST_OF_INTEGER -> "a list of integers";
            case EVENT_CAT -> "an event category: 2, 3, 4 or 100-999";
            case LABELS -> "a list of tokens (no tab or line break, no leading, trailing or double space)";
            case SERIALIZATIONS -> "a non-empty list of serializations: application/json, application/cbor or "
                    + "application/xml";
            case CONTENT_INFO -> "a content information like text/plain:0 (media type, ':', encoding 0-2, optionally "
                    + "':' and content security 0-5)";
            case OBJECT -> "an object";
            case LIST_OF_OBJECT -> "a list of objects";
            case ANY -> "any value";
        };
    }

}
