package io.bastion.security.dynamic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.text.Excerpt;
import io.bastion.core.time.Timestamps;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Strict reading of the members of one JSON object of a dynamic authorization message: every reader checks the
 * type and bounds of a value and names its path in the error. Unknown members are refused, because a constraint a
 * receiver silently drops (a lifetime, a context) would widen access.
 */
final class Members {
    /** Longer than any real identifier; keeps echoed input and storage bounded. */
    static final int MAX_ID_LENGTH = 2048;
    /** More than any real list of role IDs or token IDs in one message. */
    static final int MAX_LIST_SIZE = 256;
    /** A compact JWS/JWE of a token; generous (a nested JWE with many permissions), but bounded. */
    static final int MAX_TOKEN_LENGTH = 65536;

    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Members() {
    }

    static MalformedSecurityInfoException invalid(String path, String why) {
        return new MalformedSecurityInfoException(path + ": " + why);
    }

    static void requireObject(JsonNode node, String path, String what) {
        if (node == null || !node.isObject()) {
            throw invalid(path, "must be " + what);
        }
    }

    static void rejectUnknown(JsonNode node, String path, Set<String> known) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!known.contains(name)) {
                throw invalid(path + "." + Excerpt.of(name), "unknown member");
            }
        }
    }

    /** A non-empty identifier without spaces or control characters, or null when absent and optional. */
    static String id(JsonNode node, String path, boolean required) {
        if (node == null || node.isNull()) {
            if (required) {
                throw invalid(path, "missing");
            }
            return null;
        }
        if (!node.isTextual() || node.textValue().isEmpty()) {
            throw invalid(path, "must be a non-empty string");
        }
        return checkId(node.textValue(), path);
    }

    static String checkId(String v, String path) {
        if (v.length() > MAX_ID_LENGTH) {
            throw invalid(path, "longer than " + MAX_ID_LENGTH + " characters");
        }
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (Character.isWhitespace(c) || Character.isISOControl(c)) {
                throw invalid(path, "must not contain spaces or control characters");
            }
        }
        return v;
    }

    /** A list of identifiers; absent is the empty list. */
    static List<String> ids(JsonNode node, String path) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw invalid(path, "must be a list of strings");
        }
        if (node.size() > MAX_LIST_SIZE) {
            throw invalid(path, "more than " + MAX_LIST_SIZE + " entries");
        }
        List<String> out = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            out.add(id(node.get(i), path + "[" + i + "]", true));
        }
        return List.copyOf(out);
    }

    /** A list of compact JWS (3 parts) or JWE (5 parts) serializations; absent is the empty list. */
    static List<String> tokens(JsonNode node, String path) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw invalid(path, "must be a list of compact JWS/JWE strings");
        }
        if (node.size() > MAX_LIST_SIZE) {
            throw invalid(path, "more than " + MAX_LIST_SIZE + " entries");
        }
        List<String> out = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            JsonNode t = node.get(i);
            String at = path + "[" + i + "]";
            if (!t.isTextual()) {
                throw invalid(at, "must be a compact JWS/JWE string");
            }
            out.add(compactJose(t.textValue(), at));
        }
        return List.copyOf(out);
    }

    /** Checks the shape of a compact JWS/JWE: base64url parts separated by dots, 3 or 5 of them. */
    static String compactJose(String v, String path) {
        if (v.isEmpty() || v.length() > MAX_TOKEN_LENGTH) {
            throw invalid(path, "must be a compact JWS/JWE of 1.." + MAX_TOKEN_LENGTH + " characters");
        }
        int dots = 0;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '.') {
                dots++;
            } else if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_')) {
                throw invalid(path, "must be a compact JWS/JWE (base64url parts separated by '.')");
            }
        }
        if (dots != 2 && dots != 4) {
            throw invalid(path, "must be a compact JWS (3 parts) or JWE (5 parts), found " + (dots + 1) + " parts");
        }
        return v;
    }

    static Boolean bool(JsonNode node, String path) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isBoolean()) {
            throw invalid(path, "must be a boolean");
        }
        return node.booleanValue();
    }

    /** A positive int, or null when absent. */
    static Integer positiveInt(JsonNode node, String path) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt() || node.intValue() < 1) {
            throw invalid(path, "must be a positive integer");
        }
        return node.intValue();
    }

    /**
     * An {@code m2m:absRelTimestamp}: an absolute timestamp string, or milliseconds relative to now (as a JSON integer
     * or a string of digits). Returned in its string form, unchanged; null when absent.
     */
    static String absRel(JsonNode node, String path) {
        if (node == null || node.isNull()) {
            return null;
        }
        String v;
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            v = Long.toString(node.longValue());
        } else if (node.isTextual()) {
            v = node.textValue();
        } else {
            throw invalid(path, "must be a timestamp or a number of milliseconds");
        }
        checkAbsRel(v, path);
        return v;
    }

    static void checkAbsRel(String v, String path) {
        try {
            Timestamps.parseAbsRel(v, Instant.EPOCH, path);
        } catch (OneM2MException e) {
            throw new MalformedSecurityInfoException(e.getMessage());
        }
    }

    static ArrayNode array(List<String> values) {
        ArrayNode a = NODES.arrayNode(values.size());
        values.forEach(a::add);
        return a;
    }
}
