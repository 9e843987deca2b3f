package io.bastion.core.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.time.Timestamps;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Typed reading and writing of a primitive's members; a member of the wrong type is 4000 naming it. */
final class Members {
    /** Longest text a parameter may carry (an ID, a timestamp, a token is far shorter; tokens have their own). */
    static final int MAX_TEXT = 4096;
    /** Longest a token (a JWS or JWE, TS-0003 7.3.2) may be. */
    static final int MAX_TOKEN = 16384;
    /** Most entries a list parameter may carry. */
    static final int MAX_LIST = 64;

    private Members() {
    }

    static String text(JsonNode v, String name) {
        return text(v, name, MAX_TEXT);
    }

    static String text(JsonNode v, String name, int max) {
        if (!v.isTextual()) {
            throw OneM2MException.badRequest(name + " must be a string");
        }
        if (v.asText().length() > max) {
            throw OneM2MException.badRequest(name + " is longer than " + max + " characters");
        }
        return v.asText();
    }

    /** A string, or a number written as its decimal text (parameters such as {@code ec} or {@code rvi}). */
    static String textOrNumber(JsonNode v, String name) {
        if (v.isIntegralNumber() && v.canConvertToLong()) {
            return Long.toString(v.longValue());
        }
        return text(v, name);
    }

    /** A non-negative whole number: every integer parameter of a primitive is a count, a code or an enum. */
    static int integer(JsonNode v, String name) {
        if (v.isIntegralNumber() && v.canConvertToInt() && v.intValue() >= 0) {
            return v.intValue();
        }
        throw OneM2MException.badRequest(name + " must be a non-negative whole number");
    }

    static boolean bool(JsonNode v, String name) {
        if (!v.isBoolean()) {
            throw OneM2MException.badRequest(name + " must be true or false");
        }
        return v.booleanValue();
    }

    static List<String> texts(JsonNode v, String name) {
        return texts(v, name, MAX_TEXT);
    }

    /** A list of strings; one string alone is a list of one (the HTTP door's '+'-joined form is not used here). */
    static List<String> texts(JsonNode v, String name, int max) {
        List<String> out = new ArrayList<>();
        if (v.isTextual()) {
            out.add(text(v, name, max));
            return out;
        }
        if (!v.isArray()) {
            throw OneM2MException.badRequest(name + " must be a list of strings");
        }
        if (v.size() > MAX_LIST) {
            throw OneM2MException.badRequest(name + " has more than " + MAX_LIST + " entries");
        }
        for (JsonNode e : v) {
            out.add(text(e, name, max));
        }
        return out;
    }

    static void put(ObjectNode o, String name, Object value) {
        switch (value) {
            case null -> { }
            case Integer i -> o.put(name, i);
            case Boolean b -> o.put(name, b);
            case Instant t -> o.put(name, Timestamps.format(t));
            default -> o.put(name, value.toString());
        }
    }

    static void putTexts(ObjectNode o, String name, List<String> values) {
        if (values != null && !values.isEmpty()) {
            values.forEach(o.putArray(name)::add);
        }
    }
}
