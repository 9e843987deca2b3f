package io.bastion.cse.pdp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.primitive.Operation;
import io.bastion.core.time.Timestamps;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * An access control decision request (TS-0003 table 7.5.2-1) read from the request attributes of an
 * {@code <authorizationDecision>} UPDATE, checked as TS-0004 7.4.43.2.3 step 1 says: {@code to}, {@code fr} and
 * {@code op} present, every value of its type (4000 naming the attribute). {@code fu} and {@code olo} are accepted as
 * objects and not evaluated (no rule here decides by them); {@code tids} and {@code tkns} are accepted and not
 * evaluated (tokens are not done at the PDP).
 */
record DecisionRequest(String to, String fr, Operation op, Integer rrt, List<String> rids, List<String> tids,
                       List<String> tkns, Instant rtm, InetAddress oip) {
    static final int MAX_IDS = 16;

    static DecisionRequest parse(ObjectNode a, Instant now) {
        String to = text(a, "to", true);
        String fr = text(a, "fr", true);
        JsonNode op = a.get("op");
        Operation operation;
        try {
            if (!op.isIntegralNumber() || !op.canConvertToInt()) {
                throw new IllegalArgumentException();
            }
            operation = Operation.fromCode(op.asInt());
        } catch (RuntimeException e) {
            throw OneM2MException.badRequest("op is mandatory in a decision request and is an m2m:operation (1-5)");
        }
        Integer rrt = null;
        if (a.hasNonNull("rrt")) {
            if (!a.get("rrt").isIntegralNumber() || !a.get("rrt").canConvertToInt()) {
                throw OneM2MException.badRequest("rrt is an m2m:resourceType");
            }
            rrt = a.get("rrt").asInt();
        }
        for (String sn : List.of("fu", "olo")) {
            if (a.hasNonNull(sn) && !a.get(sn).isObject()) {
                throw OneM2MException.badRequest(sn + " is an object");
            }
        }
        Instant rtm = now;
        if (a.hasNonNull("rtm")) {
            try {
                rtm = Timestamps.parse(a.get("rtm").asText(), "rtm");
            } catch (RuntimeException e) {
                throw OneM2MException.badRequest("rtm is an m2m:timestamp");
            }
        }
        InetAddress oip = null;
        JsonNode ip = a.get("oip");
        if (ip != null && !ip.isNull()) {
            JsonNode v = ip.isObject() ? (ip.has("ip4") ? ip.get("ip4") : ip.get("ip6")) : null;
            String lit = v == null || !v.isTextual() ? "" : v.asText();
            boolean v4 = lit.matches("\\d{1,3}(\\.\\d{1,3}){3}");
            if (!v4 && !(lit.matches("[0-9A-Fa-f:.]{2,45}") && lit.contains(":"))) {
                throw OneM2MException.badRequest("oip is an m2m:ipAddress {ip4 | ip6}");
            }
            try {
                // a literal only (checked above), so no name is looked up
                oip = InetAddress.getByName(v.asText());
            } catch (java.net.UnknownHostException | IllegalArgumentException e) {
                throw OneM2MException.badRequest("oip is an m2m:ipAddress {ip4 | ip6}");
            }
        }
        return new DecisionRequest(to, fr, operation, rrt, strings(a, "rids", MAX_IDS), strings(a, "tids", MAX_IDS),
                strings(a, "tkns", MAX_IDS), rtm, oip);
    }

    private static String text(ObjectNode a, String sn, boolean mandatory) {
        JsonNode v = a.get(sn);
        if (v == null || v.isNull()) {
            if (mandatory) {
                throw OneM2MException.badRequest(sn + " is mandatory in a decision request");
            }
            return null;
        }
        if (!v.isTextual() || v.asText().isEmpty() || v.asText().length() > 1024) {
            throw OneM2MException.badRequest(sn + " is a non-empty string");
        }
        return v.asText();
    }

    /** A list of non-empty strings, at most {@code max}; empty when absent; 4000 naming {@code sn} otherwise. */
    static List<String> strings(ObjectNode a, String sn, int max) {
        JsonNode v = a.get(sn);
        if (v == null || v.isNull()) {
            return List.of();
        }
        if (!v.isArray() || v.size() > max) {
            throw OneM2MException.badRequest(sn + " is a list of at most " + max + " strings");
        }
        List<String> out = new ArrayList<>(v.size());
        for (JsonNode e : v) {
            if (!e.isTextual() || e.asText().isEmpty()) {
                throw OneM2MException.badRequest(sn + " is a list of non-empty strings");
            }
            out.add(e.asText());
        }
        return List.copyOf(out);
    }
}
