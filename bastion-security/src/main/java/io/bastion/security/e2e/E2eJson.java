package io.bastion.security.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.regex.Pattern;

/** Strict reading of the end-to-end objects: every failure is 4000 naming the element's short-name path. */
final class E2eJson {
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    static final ObjectMapper MAPPER = new ObjectMapper();
    /** An esprimRandID: an NCName (TS-0004 6.3.5.50), bounded. */
    private static final Pattern NCNAME = Pattern.compile("[A-Za-z_][A-Za-z0-9._-]{0,127}");
    /** More entries than any list of algorithm IDs needs. */
    private static final int MAX_LIST = 16;

    private E2eJson() {
    }

    static OneM2MException invalid(String path, String why) {
        return OneM2MException.badRequest(path + ": " + why);
    }

    static JsonNode object(JsonNode node, String path, Set<String> known) {
        if (node == null || !node.isObject()) {
            throw invalid(path, "must be an object");
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!known.contains(name)) {
                throw invalid(path + "." + Excerpt.of(name), "unknown element");
            }
        }
        return node;
    }

    static String randId(JsonNode node, String path) {
        if (node == null || !node.isTextual() || !NCNAME.matcher(node.textValue()).matches()) {
            throw invalid(path, node == null ? "missing" : "must be an NCName of 1..128 characters (esprimRandID)");
        }
        return node.textValue();
    }

    static RandValue randValue(JsonNode node, String path) {
        if (node == null || !node.isTextual()) {
            throw invalid(path, node == null ? "missing" : "must be a string of 32 hexadecimal digits");
        }
        return RandValue.parse(node.textValue(), path);
    }

    static Instant expiry(JsonNode node, String path, Instant now) {
        if (node == null) {
            throw invalid(path, "missing");
        }
        String v;
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            v = Long.toString(node.longValue());
        } else if (node.isTextual()) {
            v = node.textValue();
        } else {
            throw invalid(path, "must be a timestamp or a number of milliseconds (m2m:absRelTimestamp)");
        }
        return Timestamps.parseAbsRel(v, now, path);
    }

    static int integer(JsonNode node, String path) {
        if (node == null || !node.isIntegralNumber() || !node.canConvertToInt()) {
            throw invalid(path, node == null ? "missing" : "must be an integer");
        }
        return node.intValue();
    }

    static List<Integer> integers(JsonNode node, String path) {
        if (node == null || !node.isArray() || node.isEmpty() || node.size() > MAX_LIST) {
            throw invalid(path, node == null ? "missing" : "must be a list of 1.." + MAX_LIST + " integers");
        }
        List<Integer> out = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            out.add(integer(node.get(i), path + "[" + i + "]"));
        }
        return List.copyOf(out);
    }

    static ArrayNode array(List<Integer> values) {
        ArrayNode a = NODES.arrayNode(values.size());
        values.forEach(a::add);
        return a;
    }
}
