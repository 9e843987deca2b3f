package io.bastion.security.dynamic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;

/**
 * {@code m2m:securityInfo} ({@code m2m:seci}, TS-0004 6.3.5.48) for dynamic authorization: the content of the
 * NOTIFY a Hosting CSE (or an Originator asking for a token) sends to a DAS Server, {@code sit}=1 with a
 * {@code dreq}, and of the DAS's NOTIFY response, {@code sit}=2 with a {@code dres} (or without one: nothing
 * granted). On the wire: {@code {"m2m:seci":{"sit":1,"dreq":{...}}}}.
 *
 * <p>The other security information types (ESPrim, ESCertKE, relationship mapping; {@code sit} 3..8) carry
 * elements not modelled here and are refused by {@link #fromJson} with a message that says so.
 *
 * @param sit securityInfoType: {@link SecurityInfoType#DYNAMIC_AUTHORIZATION_REQUEST} or
 *     {@link SecurityInfoType#DYNAMIC_AUTHORIZATION_RESPONSE}
 * @param dreq dasRequest; present exactly when {@code sit}=1
 * @param dres dasResponse; only when {@code sit}=2, and then optional
 */
public record SecurityInfo(SecurityInfoType sit, DasRequest dreq, DasResponse dres) {
    /** The global element name in primitive content. */
    public static final String ROOT = "m2m:seci";
    private static final Set<String> MEMBERS = Set.of("sit", "dreq", "dres");

    public SecurityInfo {
        if (sit == SecurityInfoType.DYNAMIC_AUTHORIZATION_REQUEST) {
            if (dreq == null || dres != null) {
                throw new MalformedSecurityInfoException("m2m:seci: sit 1 needs dreq and no dres");
            }
        } else if (sit == SecurityInfoType.DYNAMIC_AUTHORIZATION_RESPONSE) {
            if (dreq != null) {
                throw new MalformedSecurityInfoException("m2m:seci: sit 2 must not carry dreq");
            }
        } else {
            throw new MalformedSecurityInfoException("m2m:seci.sit: " + (sit == null ? "missing" : sit.value()
                    + " is not a dynamic authorization message (1 or 2)"));
        }
    }

    public static SecurityInfo request(DasRequest dreq) {
        return new SecurityInfo(SecurityInfoType.DYNAMIC_AUTHORIZATION_REQUEST, dreq, null);
    }

    /** A response; {@code dres} may be null (nothing granted, though a DAS then sends no content at all). */
    public static SecurityInfo response(DasResponse dres) {
        return new SecurityInfo(SecurityInfoType.DYNAMIC_AUTHORIZATION_RESPONSE, null, dres);
    }

    /** The primitive content {@code {"m2m:seci":{...}}}. */
    public ObjectNode toJson() {
        ObjectNode inner = Members.NODES.objectNode();
        inner.put("sit", sit.value());
        if (dreq != null) {
            inner.set("dreq", dreq.toJson());
        }
        if (dres != null) {
            inner.set("dres", dres.toJson());
        }
        ObjectNode root = Members.NODES.objectNode();
        root.set(ROOT, inner);
        return root;
    }

    /**
     * Parses primitive content that must be exactly {@code {"m2m:seci":{...}}}.
     *
     * @throws MalformedSecurityInfoException naming the offending element
     */
    public static SecurityInfo fromJson(JsonNode content) {
        if (content == null || !content.isObject() || content.size() != 1 || !content.has(ROOT)) {
            throw new MalformedSecurityInfoException("content must be an object with the single member " + ROOT);
        }
        JsonNode node = content.get(ROOT);
        Members.requireObject(node, ROOT, "an object (m2m:securityInfo)");
        Members.rejectUnknown(node, ROOT, MEMBERS);
        JsonNode sitNode = node.get("sit");
        if (sitNode == null || !sitNode.isIntegralNumber() || !sitNode.canConvertToInt()) {
            throw Members.invalid(ROOT + ".sit", sitNode == null ? "missing" : "must be an integer");
        }
        SecurityInfoType sit = SecurityInfoType.of(sitNode.intValue());
        if (sit == null) {
            throw Members.invalid(ROOT + ".sit", "must be 1..8 (m2m:securityInfoType)");
        }
        JsonNode dreq = node.get("dreq");
        JsonNode dres = node.get("dres");
        if (sit == SecurityInfoType.DYNAMIC_AUTHORIZATION_REQUEST) {
            if (dres != null) {
                throw Members.invalid(ROOT + ".dres", "not allowed when sit is 1");
            }
            if (dreq == null) {
                throw Members.invalid(ROOT + ".dreq", "missing (sit 1 is a Dynamic Authorization Request)");
            }
            return request(DasRequest.fromJson(dreq, ROOT + ".dreq"));
        }
        if (sit == SecurityInfoType.DYNAMIC_AUTHORIZATION_RESPONSE) {
            if (dreq != null) {
                throw Members.invalid(ROOT + ".dreq", "not allowed when sit is 2");
            }
            return response(dres == null || dres.isNull() ? null : DasResponse.fromJson(dres, ROOT + ".dres"));
        }
        throw Members.invalid(ROOT + ".sit", sit.value() + " is not a dynamic authorization message (1 or 2)");
    }
}
