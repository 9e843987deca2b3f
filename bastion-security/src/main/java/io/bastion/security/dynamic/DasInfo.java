package io.bastion.security.dynamic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;

/**
 * One {@code dasi} entry of a token request information ({@code tqf}, TS-0004 6.3.5.45): where an Originator can
 * ask for a token and what to send there.
 *
 * @param uri the DAS Server URI (e.g. the {@code dap} of the consulted {@code <dynamicAuthorizationConsultation>})
 * @param dreq the dasRequest to send to the DAS, or null
 * @param sdr securedDasRequest: the same information protected as a compact JWS/JWE, or null
 */
public record DasInfo(String uri, DasRequest dreq, String sdr) {
    private static final Set<String> MEMBERS = Set.of("uri", "dreq", "sdr");

    public DasInfo {
        if (uri == null || uri.isEmpty()) {
            throw new MalformedSecurityInfoException("dasi.uri: missing");
        }
        Members.checkId(uri, "dasi.uri");
        if (sdr != null) {
            Members.compactJose(sdr, "dasi.sdr");
        }
    }

    ObjectNode toJson() {
        ObjectNode o = Members.NODES.objectNode();
        o.put("uri", uri);
        if (dreq != null) {
            o.set("dreq", dreq.toJson());
        }
        if (sdr != null) {
            o.put("sdr", sdr);
        }
        return o;
    }

    static DasInfo fromJson(JsonNode node, String path) {
        Members.requireObject(node, path, "an object (dasInfo)");
        Members.rejectUnknown(node, path, MEMBERS);
        String uri = Members.id(node.get("uri"), path + ".uri", true);
        JsonNode dreq = node.get("dreq");
        JsonNode sdr = node.get("sdr");
        String secured = null;
        if (sdr != null && !sdr.isNull()) {
            if (!sdr.isTextual()) {
                throw Members.invalid(path + ".sdr", "must be a compact JWS/JWE string");
            }
            secured = Members.compactJose(sdr.textValue(), path + ".sdr");
        }
        return new DasInfo(uri, dreq == null || dreq.isNull() ? null : DasRequest.fromJson(dreq, path + ".dreq"),
                secured);
    }
}
