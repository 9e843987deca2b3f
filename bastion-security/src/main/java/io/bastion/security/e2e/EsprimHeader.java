package io.bastion.security.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.primitive.ResponseStatusCode;
import io.bastion.core.text.Excerpt;
import java.io.IOException;
import java.time.Instant;
import java.util.Base64;

/**
 * The protected header of an ESPrim object (TS-0003 table 8.4.3.2-2) read strictly before any cryptography: the
 * compact form has five base64url parts, the encrypted-key part empty ({@code alg} "dir"), {@code kid}, {@code ori},
 * {@code rri} present, {@code enc} one of 10..12. A malformed object is 4000; an {@code enc} or feature ESPrim does not
 * use ({@code zip}, {@code crit}, a non-JSON {@code cty}) is 4111 ESPRIM_UNSUPPORTED_OPTION.
 *
 * @param kid pairwiseESPrimKeyID
 * @param alg the AEAD algorithm of {@code enc}
 * @param cty the media type of the inner primitive, or null
 * @param ori the originator rand object's esprimRandID
 * @param rri the receiver rand object's esprimRandID
 * @param oro the full originator rand object, or null
 * @param rro the full receiver rand object, or null
 */
public record EsprimHeader(String kid, EsprimAlgorithm alg, String cty, String ori, String rri,
                           OriginatorRandObject oro, ReceiverRandObject rro) {
    /** The {@code cty} Bastion writes: the inner primitive in JSON serialization. */
    public static final String JSON = "application/json";
    private static final int MAX_KID = 1024;

    /**
     * Reads the header of {@code compact}.
     *
     * @throws EsprimRefusal 4000 or 4111 with the reason
     */
    public static EsprimHeader parse(String compact, Instant now) {
        if (compact == null || compact.isEmpty() || compact.length() > SecurityInfo.MAX_OBJECT_LENGTH) {
            throw refuse(ResponseStatusCode.BAD_REQUEST, "the ESPrim object is empty or too long", null);
        }
        String[] parts = compact.split("\\.", -1);
        if (parts.length != 5) {
            throw refuse(ResponseStatusCode.BAD_REQUEST, "an ESPrim object is a compact JWE of 5 parts, found "
                    + parts.length, null);
        }
        JsonNode h;
        try {
            h = E2eJson.MAPPER.readTree(Base64.getUrlDecoder().decode(parts[0]));
        } catch (IllegalArgumentException | IOException e) {
            throw refuse(ResponseStatusCode.BAD_REQUEST, "the ESPrim object's protected header is not base64url "
                    + "JSON", null);
        }
        if (h == null || !h.isObject()) {
            throw refuse(ResponseStatusCode.BAD_REQUEST, "the ESPrim object's protected header is not a JSON object",
                    null);
        }
        String kid = text(h, "kid", null);
        if (kid.length() > MAX_KID) {
            throw refuse(ResponseStatusCode.BAD_REQUEST, "the ESPrim object's kid is longer than " + MAX_KID, null);
        }
        String alg = text(h, "alg", kid);
        if (!"dir".equals(alg)) {
            throw refuse(ResponseStatusCode.BAD_REQUEST, "the ESPrim object's alg must be \"dir\", not '"
                    + Excerpt.of(alg) + "' (TS-0003 8.4.3.2)", kid);
        }
        if (!parts[1].isEmpty()) {
            throw refuse(ResponseStatusCode.BAD_REQUEST, "the encrypted-key part of an ESPrim object must be empty "
                    + "(alg dir)", kid);
        }
        if (parts[3].isEmpty()) {
            throw refuse(ResponseStatusCode.BAD_REQUEST, "the ciphertext part of an ESPrim object is empty", kid);
        }
        // Only the header is authenticated as written; the other parts are decoded, and a decoder tolerates padding
        // and unused trailing bits, so one object could be spelt several ways past the replay check (which remembers
        // the object as received). Only the canonical spelling (RFC 7515 2: no padding) is taken.
        for (int i = 2; i < 5; i++) {
            if (!canonicalBase64Url(parts[i])) {
                throw refuse(ResponseStatusCode.BAD_REQUEST, "part " + (i + 1) + " of the ESPrim object is not "
                        + "base64url without padding (RFC 7515 2)", kid);
            }
        }
        String encName = text(h, "enc", kid);
        EsprimAlgorithm enc = EsprimAlgorithm.ofEnc(encName);
        if (enc == null) {
            throw refuse(ResponseStatusCode.ESPRIM_UNSUPPORTED_OPTION, "enc '" + Excerpt.of(encName)
                    + "' is not an ESPrim algorithm (A128GCM, A192GCM, A256GCM: esprimProtocolAndAlgID 10..12)", kid);
        }
        for (String unsupported : new String[] {"zip", "crit"}) {
            if (h.has(unsupported)) {
                throw refuse(ResponseStatusCode.ESPRIM_UNSUPPORTED_OPTION, "the ESPrim object's header uses '"
                        + unsupported + "', which ESPrim does not", kid);
            }
        }
        String cty = null;
        if (h.has("cty")) {
            cty = text(h, "cty", kid);
            if (!cty.equals(JSON) && !cty.equals("json")) {
                throw refuse(ResponseStatusCode.ESPRIM_UNSUPPORTED_OPTION, "the inner primitive's media type '"
                        + Excerpt.of(cty) + "' is not supported; this end takes " + JSON, kid);
            }
        }
        String ori = randId(h, "ori", kid);
        String rri = randId(h, "rri", kid);
        OriginatorRandObject oro = null;
        ReceiverRandObject rro = null;
        try {
            if (h.has("oro")) {
                oro = OriginatorRandObject.fromJson(h.get("oro"), "oro", now);
            }
            if (h.has("rro")) {
                rro = ReceiverRandObject.fromJson(h.get("rro"), "rro", now);
            }
        } catch (EsprimRefusal e) {
            throw e;
        } catch (OneM2MException e) {
            throw refuse(ResponseStatusCode.BAD_REQUEST, "the ESPrim object's header: " + e.getMessage(), kid);
        }
        return new EsprimHeader(kid, enc, cty, ori, rri, oro, rro);
    }

    private static String randId(JsonNode h, String name, String kid) {
        try {
            return E2eJson.randId(h.get(name), name);
        } catch (OneM2MException e) {
            throw refuse(ResponseStatusCode.BAD_REQUEST, "the ESPrim object's header: " + e.getMessage(), kid);
        }
    }

    private static String text(JsonNode h, String name, String kid) {
        JsonNode v = h.get(name);
        if (v == null || !v.isTextual() || v.textValue().isEmpty()) {
            throw refuse(ResponseStatusCode.BAD_REQUEST, "the ESPrim object's header " + (v == null ? "lacks "
                    + name : name + " must be a non-empty string"), kid);
        }
        return v.textValue();
    }

    static EsprimRefusal refuse(ResponseStatusCode status, String message, String kid) {
        return new EsprimRefusal(status, message, kid);
    }

    /** Whether {@code part} is the one base64url spelling (no padding, no stray bits) of what it decodes to. */
    private static boolean canonicalBase64Url(String part) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(Base64.getUrlDecoder().decode(part))
                    .equals(part);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
