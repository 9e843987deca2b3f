package io.bastion.security.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bastion.core.primitive.OneM2MException;
import io.bastion.security.dynamic.SecurityInfoType;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * {@code m2m:securityInfo} ({@code m2m:seci}, TS-0004 6.3.5.48) for the end-to-end messages: {@code sit}=3
 * receiverESPrimRandObject Request (nothing else), 4 its Response (with {@code ero}), 5 an ESPrim Object (with
 * {@code epo}, a compact JWE), 6 an ESCertKE Message (with {@code eckm}, base64, kept as text here: the ESCertKE
 * engine reads it). The dynamic authorization messages (1, 2, 7, 8) are {@code io.bastion.security.dynamic}'s. On the
 * wire: {@code {"m2m:seci":{"sit":5,"epo":"eyJ..."}}}.
 *
 * @param sit 3, 4, 5 or 6
 * @param ero esprimRandObject, exactly when {@code sit}=4
 * @param epo esprimObject, exactly when {@code sit}=5
 * @param eckm escertkeMessage (base64 text), exactly when {@code sit}=6
 */
public record SecurityInfo(SecurityInfoType sit, ReceiverRandObject ero, String epo, String eckm) {
    /** The global element name in primitive content. */
    public static final String ROOT = "m2m:seci";
    /** Far beyond any inner primitive this CSE accepts; bounds what is parsed. */
    public static final int MAX_OBJECT_LENGTH = 8 * 1024 * 1024;
    private static final Set<String> MEMBERS = Set.of("sit", "ero", "epo", "eckm");

    public SecurityInfo {
        Objects.requireNonNull(sit, "sit");
        if ((ero != null) != (sit == SecurityInfoType.RECEIVER_ESPRIM_RAND_OBJECT_RESPONSE)
                || (epo != null) != (sit == SecurityInfoType.ESPRIM_OBJECT)
                || (eckm != null) != (sit == SecurityInfoType.ESCERTKE_MESSAGE)
                || sit.value() < 3 || sit.value() > 6) {
            throw new IllegalArgumentException("m2m:seci: sit " + sit.value() + " with the wrong elements");
        }
    }

    public static SecurityInfo randObjectRequest() {
        return new SecurityInfo(SecurityInfoType.RECEIVER_ESPRIM_RAND_OBJECT_REQUEST, null, null, null);
    }

    public static SecurityInfo randObjectResponse(ReceiverRandObject ero) {
        return new SecurityInfo(SecurityInfoType.RECEIVER_ESPRIM_RAND_OBJECT_RESPONSE, ero, null, null);
    }

    public static SecurityInfo esprimObject(String epo) {
        return new SecurityInfo(SecurityInfoType.ESPRIM_OBJECT, null, epo, null);
    }

    public static SecurityInfo escertkeMessage(String eckm) {
        return new SecurityInfo(SecurityInfoType.ESCERTKE_MESSAGE, null, null, eckm);
    }

    /** True when {@code content} is {@code {"m2m:seci":...}}, whatever is inside (a constant-time look). */
    public static boolean isSecurityInfo(JsonNode content) {
        return content != null && content.isObject() && content.size() == 1 && content.has(ROOT);
    }

    /** The primitive content {@code {"m2m:seci":{...}}}. */
    public ObjectNode toJson() {
        ObjectNode inner = E2eJson.NODES.objectNode();
        inner.put("sit", sit.value());
        if (ero != null) {
            inner.set("ero", ero.toJson());
        }
        if (epo != null) {
            inner.put("epo", epo);
        }
        if (eckm != null) {
            inner.put("eckm", eckm);
        }
        return E2eJson.NODES.objectNode().set(ROOT, inner);
    }

    /**
     * Parses content that must be exactly {@code {"m2m:seci":{...}}} with {@code sit} 3..6 and the element that
     * {@code sit} needs; a relative {@code esrx} counts from {@code now}.
     *
     * @throws OneM2MException 4000 with a one-line reason naming the element
     */
    public static SecurityInfo fromJson(JsonNode content, Instant now) {
        if (!isSecurityInfo(content)) {
            throw OneM2MException.badRequest("the content must be an object with the single member " + ROOT);
        }
        JsonNode node = E2eJson.object(content.get(ROOT), ROOT, MEMBERS);
        int value = E2eJson.integer(node.get("sit"), ROOT + ".sit");
        SecurityInfoType sit = SecurityInfoType.of(value);
        if (sit == null) {
            throw E2eJson.invalid(ROOT + ".sit", value + " is not an m2m:securityInfoType (1..8)");
        }
        if (value < 3 || value > 6) {
            throw E2eJson.invalid(ROOT + ".sit", value + " is a dynamic authorization message, not an end-to-end "
                    + "security message (3..6)");
        }
        Map<SecurityInfoType, String> needs = Map.of(SecurityInfoType.RECEIVER_ESPRIM_RAND_OBJECT_RESPONSE, "ero",
                SecurityInfoType.ESPRIM_OBJECT, "epo", SecurityInfoType.ESCERTKE_MESSAGE, "eckm");
        String needed = needs.get(sit);
        for (String element : new String[] {"ero", "epo", "eckm"}) {
            if (node.has(element) && !element.equals(needed)) {
                throw E2eJson.invalid(ROOT + "." + element, "not allowed when sit is " + value);
            }
        }
        if (needed != null && !node.has(needed)) {
            throw E2eJson.invalid(ROOT + "." + needed, "missing (sit " + value + " carries it)");
        }
        return switch (sit) {
            case RECEIVER_ESPRIM_RAND_OBJECT_REQUEST -> randObjectRequest();
            case RECEIVER_ESPRIM_RAND_OBJECT_RESPONSE ->
                    randObjectResponse(ReceiverRandObject.fromJson(node.get("ero"), ROOT + ".ero", now));
            case ESPRIM_OBJECT -> esprimObject(text(node.get("epo"), ROOT + ".epo", "a compact JWE"));
            default -> escertkeMessage(text(node.get("eckm"), ROOT + ".eckm", "base64 text"));
        };
    }

    private static String text(JsonNode v, String path, String what) {
        if (!v.isTextual() || v.textValue().isEmpty() || v.textValue().length() > MAX_OBJECT_LENGTH) {
            throw E2eJson.invalid(path, "must be " + what + " of 1.." + MAX_OBJECT_LENGTH + " characters");
        }
        return v.textValue();
    }
}
