package io.bastion.cse.token;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.text.Excerpt;
import io.bastion.security.token.TokenVerifier;
import java.io.IOException;
import java.util.Base64;
import java.util.Locale;

/**
 * The form of a {@code tokenObject} ({@code tkob}, m2m:dynAuthJWT: a compact JWS or JWE) as a token repository can
 * check it without the issuer's key: well-formed, secured (no {@code alg: none}), and for a JWS the claim set it
 * carries. Every refusal is a 4000 naming the reason.
 *
 * @param payload for a JWS its claim set (a JSON object); null for a JWE, whose claims only the recipient can read
 */
record TokenObject(JsonNode header, JsonNode payload) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Reads {@code tkob}; 4000 when it is not a secured compact JWS or nested JWE. */
    static TokenObject read(String tkob) {
        if (tkob == null || tkob.isEmpty()) {
            throw bad("it is empty");
        }
        if (tkob.length() > TokenVerifier.MAX_TOKEN_CHARS) {
            throw bad("it is longer than " + TokenVerifier.MAX_TOKEN_CHARS + " characters");
        }
        String[] parts = tkob.split("\\.", -1);
        if (parts.length != 3 && parts.length != 5) {
            throw bad("it is not a compact JWS or JWE (it must have 3 or 5 parts)");
        }
        JsonNode header = json(parts[0], "JOSE header");
        String alg = header.path("alg").asText("");
        if (alg.isEmpty()) {
            throw bad("its JOSE header has no alg");
        }
        if (alg.toLowerCase(Locale.ROOT).equals("none")) {
            throw bad("unsecured tokens (alg none) are refused: a token must be signed");
        }
        if (parts.length == 5) {
            if (!header.hasNonNull("enc")) {
                throw bad("its JWE header has no enc");
            }
            if (!"JWT".equals(header.path("cty").asText(null))) {
                throw bad("encryption-only tokens are refused: the JWE must carry a signed JWT (cty JWT)");
            }
            return new TokenObject(header, null);
        }
        if (header.hasNonNull("enc")) {
            throw bad("a JWS header must not have enc");
        }
        if (parts[2].isEmpty()) {
            throw bad("it has no signature");
        }
        return new TokenObject(header, json(parts[1], "JWS payload"));
    }

    private static JsonNode json(String part, String what) {
        JsonNode n;
        try {
            n = JSON.readTree(Base64.getUrlDecoder().decode(part));
        } catch (IllegalArgumentException | IOException e) {
            throw bad("its " + what + " is not base64url-encoded JSON");
        }
        if (n == null || !n.isObject()) {
            throw bad("its " + what + " is not a JSON object");
        }
        return n;
    }

    static OneM2MException bad(String why) {
        return OneM2MException.badRequest("tokenObject (tkob) is refused: " + why);
    }

    /** Names a value from the token in a message. */
    static String quote(String v) {
        return "'" + Excerpt.of(v) + "'";
    }
}
