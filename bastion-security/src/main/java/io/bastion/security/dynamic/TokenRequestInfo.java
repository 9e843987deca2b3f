package io.bastion.security.dynamic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code m2m:dynAuthTokenReqInfo}, the Token Request Information response parameter ({@code tqf}, TS-0004
 * 6.3.5.45, table 8.2.2-1): the DAS Servers an Originator may ask for a token, sent by a Hosting CSE in a 4103
 * ORIGINATOR_HAS_NO_PRIVILEGE response (indirect dynamic authorization, TS-0003 7.3.2.3 step 2.3).
 *
 * <p>Wire form chosen: TS-0009 6.5 puts {@code tqf} in the body of the error response "as a serialized object"
 * without naming a root element; this class writes and reads {@code {"m2m:tqf":{"dasi":[...]}}}, the short name
 * with the {@code m2m:} prefix that every other root element of primitive content carries.
 *
 * @param dasi the dasInfo entries, at least one
 */
public record TokenRequestInfo(List<DasInfo> dasi) {
    /** The root element name in an error response body. */
    public static final String ROOT = "m2m:tqf";
    private static final Set<String> MEMBERS = Set.of("dasi");

    public TokenRequestInfo {
        if (dasi == null || dasi.isEmpty()) {
            throw new MalformedSecurityInfoException("tqf.dasi: must contain at least one entry");
        }
        dasi = List.copyOf(dasi);
    }

    /** The response body {@code {"m2m:tqf":{"dasi":[...]}}}. */
    public ObjectNode toJson() {
        ArrayNode list = Members.NODES.arrayNode(dasi.size());
        dasi.forEach(d -> list.add(d.toJson()));
        ObjectNode inner = Members.NODES.objectNode();
        inner.set("dasi", list);
        ObjectNode root = Members.NODES.objectNode();
        root.set(ROOT, inner);
        return root;
    }

    /**
     * Parses a response body that must be exactly {@code {"m2m:tqf":{...}}}.
     *
     * @throws MalformedSecurityInfoException naming the offending element
     */
    public static TokenRequestInfo fromJson(JsonNode body) {
        if (body == null || !body.isObject() || body.size() != 1 || !body.has(ROOT)) {
            throw new MalformedSecurityInfoException("body must be an object with the single member " + ROOT);
        }
        JsonNode node = body.get(ROOT);
        Members.requireObject(node, ROOT, "an object (m2m:dynAuthTokenReqInfo)");
        Members.rejectUnknown(node, ROOT, MEMBERS);
        JsonNode list = node.get("dasi");
        if (list == null || !list.isArray() || list.isEmpty()) {
            throw Members.invalid(ROOT + ".dasi", "must be a non-empty list");
        }
        if (list.size() > Members.MAX_LIST_SIZE) {
            throw Members.invalid(ROOT + ".dasi", "more than " + Members.MAX_LIST_SIZE + " entries");
        }
        List<DasInfo> out = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            out.add(DasInfo.fromJson(list.get(i), ROOT + ".dasi[" + i + "]"));
        }
        return new TokenRequestInfo(out);
    }
}
