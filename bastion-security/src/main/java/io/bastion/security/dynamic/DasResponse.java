package io.bastion.security.dynamic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Set;

/**
 * {@code m2m:dynAuthDasResponse} ({@code dres}, TS-0004 6.3.5.47): what a DAS Server grants. A NOTIFY response
 * without content means nothing was granted (TS-0001 11.5.2 step 3.2); {@link #NONE} stands for it.
 *
 * @param dai dynamicACPInfo, or null
 * @param tkns tokens: compact JWS/JWE serializations ({@code m2m:dynAuthJWT}); empty when absent
 * @param asri authorSignReqInfo, or null
 */
public record DasResponse(DynamicAcpInfo dai, List<String> tkns, Boolean asri) {
    private static final Set<String> MEMBERS = Set.of("dai", "tkns", "asri");

    /** Nothing granted. */
    public static final DasResponse NONE = new DasResponse(null, List.of(), null);

    public DasResponse {
        tkns = tkns == null ? List.of() : List.copyOf(tkns);
        for (int i = 0; i < tkns.size(); i++) {
            Members.compactJose(tkns.get(i), "dres.tkns[" + i + "]");
        }
    }

    /** True when it grants nothing: no privileges and no tokens. */
    public boolean grantsNothing() {
        return (dai == null || dai.gp() == null) && tkns.isEmpty();
    }

    /** The {@code dres} object (without a wrapper), in short names. */
    public ObjectNode toJson() {
        ObjectNode o = Members.NODES.objectNode();
        if (dai != null) {
            o.set("dai", dai.toJson());
        }
        if (!tkns.isEmpty()) {
            o.set("tkns", Members.array(tkns));
        }
        if (asri != null) {
            o.put("asri", asri);
        }
        return o;
    }

    /**
     * Parses a {@code dres} object.
     *
     * @throws MalformedSecurityInfoException naming the offending element
     */
    public static DasResponse fromJson(JsonNode node, String path) {
        Members.requireObject(node, path, "an object (m2m:dynAuthDasResponse)");
        Members.rejectUnknown(node, path, MEMBERS);
        JsonNode dai = node.get("dai");
        return new DasResponse(
                dai == null || dai.isNull() ? null : DynamicAcpInfo.fromJson(dai, path + ".dai"),
                Members.tokens(node.get("tkns"), path + ".tkns"),
                Members.bool(node.get("asri"), path + ".asri"));
    }

    /**
     * The grant carried by the content of a NOTIFY response from a DAS: absent content is {@link #NONE}; otherwise
     * it must be {@code {"m2m:seci":{"sit":2, "dres":{...}}}} ({@code dres} may be absent: nothing granted).
     *
     * @throws MalformedSecurityInfoException when the content is anything else
     */
    public static DasResponse fromNotifyResponseContent(JsonNode pc) {
        if (pc == null || pc.isNull() || pc.isMissingNode()) {
            return NONE;
        }
        SecurityInfo seci = SecurityInfo.fromJson(pc);
        if (seci.sit() != SecurityInfoType.DYNAMIC_AUTHORIZATION_RESPONSE) {
            throw Members.invalid("m2m:seci.sit", "must be 2 (Dynamic Authorization Response) in a DAS response");
        }
        return seci.dres() == null ? NONE : seci.dres();
    }
}
