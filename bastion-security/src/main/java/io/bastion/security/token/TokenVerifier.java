package io.bastion.security.token;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.Header;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jose.crypto.ECDHDecrypter;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.util.Base64URL;
import io.bastion.core.text.Excerpt;
import io.bastion.security.acp.AcpParser;
import io.bastion.security.acp.Glob;
import java.security.interfaces.ECPrivateKey;
import java.text.ParseException;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Validates a oneM2M JWT for use in an access decision (TS-0003 7.3.2.6.3 "Validating a oneM2M JWT", 7.3.2.5), first
 * its security, then its content:
 * <ol>
 *   <li>Form: a compact JWS (three parts) or JWE (five), at most {@link #MAX_TOKEN_CHARS} characters of the
 *       base64url alphabet and dots.</li>
 *   <li>A JWE is accepted only as a nested JWT ({@code cty: JWT}) and only when this CSE has a decryption key
 *       ({@link #withDecryptionKey}); ECDH-ES key agreement (direct or with AES key wrap) and AES-GCM or AES-CBC-HMAC
 *       content encryption. Encryption-only tokens are refused: anyone who knows the CSE's public key could make
 *       one, so without a signature nothing says the issuer wrote it.</li>
 *   <li>The JWS: {@code alg: none} (the unsecured class) is refused; {@code typ} must be {@code JWT}; no
 *       {@code cty}, no {@code crit}; the algorithm must be ES256 or HS256 and permitted for the issuer named in
 *       {@code iss}, which must be trusted ({@link TrustedIssuers}); the signature must verify with one of the
 *       issuer's keys of that algorithm (only the key named by {@code kid}, when the header has one).</li>
 *   <li>The claims ({@link TokenClaims#fromJwtJson}): well-formed, with permissions that parse as policies do.</li>
 *   <li>Content: the holder is the originator (after normalizing it as the CSE normalizes originators);
 *       {@code notBefore <= now < notAfter}; the audience names this CSE.</li>
 * </ol>
 *
 * <p><b>Audience.</b> TS-0003 7.3.2.5 checks the audience only "in case the audience data field is not empty". This
 * verifier requires one: a token without audience would be accepted by every CSE its holder talks to, and the issue
 * for this feature (and the indirect flow, TS-0001 11.5.3) asks that the audience contain the hosting CSE. An entry
 * names this CSE when, normalized, it equals the CSE-ID, in SP-relative ({@code /id-in}) or absolute
 * ({@code //sp/id-in}) form; with wildcards allowed, an entry with {@code *} is matched by {@link Glob} (a
 * {@code *} spans part of one segment, never a {@code /}, and input never becomes a regular expression).
 *
 * <p>Trust configuration (TS-0003 7.3.2.6.3 leaves it open): the issuer's keys decide the permitted algorithms
 * ({@link TrustedIssuer#permits}); the unsecured class is never permitted. Thread-safe.
 */
public final class TokenVerifier {
    /** Longer tokens are refused before any parsing. */
    public static final int MAX_TOKEN_CHARS = 16 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<JWEAlgorithm> KEY_AGREEMENT = Set.of(JWEAlgorithm.ECDH_ES, JWEAlgorithm.ECDH_ES_A128KW,
            JWEAlgorithm.ECDH_ES_A192KW, JWEAlgorithm.ECDH_ES_A256KW);
    private static final Set<EncryptionMethod> CONTENT = Set.of(EncryptionMethod.A128GCM, EncryptionMethod.A192GCM,
            EncryptionMethod.A256GCM, EncryptionMethod.A128CBC_HS256, EncryptionMethod.A192CBC_HS384,
            EncryptionMethod.A256CBC_HS512);

    private final TrustedIssuers issuers;
    private final AcpParser parser;
    private final ECDHDecrypter decrypter;
    private final String decryptionKeyId;

    /**
     * @param issuers who may issue tokens, with their keys
     * @param parser parses the {@code pv} of token permissions, resolving relative IDs against this CSE
     */
    public TokenVerifier(TrustedIssuers issuers, AcpParser parser) {
        this(issuers, parser, null, null);
    }

    private TokenVerifier(TrustedIssuers issuers, AcpParser parser, ECDHDecrypter decrypter, String keyId) {
        this.issuers = Objects.requireNonNull(issuers, "issuers");
        this.parser = Objects.requireNonNull(parser, "parser");
        this.decrypter = decrypter;
        this.decryptionKeyId = keyId;
    }

    /**
     * This verifier, also accepting nested JWTs encrypted to the CSE's EC P-256 key {@code key}; {@code keyId}
     * (may be null) must then equal a {@code kid} the JWE header gives. The key is held in memory: the secure
     * environment offers no key agreement yet (see {@code SecureEnvironment}).
     */
    public TokenVerifier withDecryptionKey(ECPrivateKey key, String keyId) {
        try {
            return new TokenVerifier(issuers, parser, new ECDHDecrypter(key), keyId);
        } catch (JOSEException e) {
            throw new IllegalArgumentException("not a usable EC decryption key: " + e.getMessage(), e);
        }
    }

    /** Verifies {@code compact} against {@code expect}; the exception's message says why it was refused. */
    public VerifiedToken verify(String compact, TokenExpectations expect) throws TokenRefusedException {
        Objects.requireNonNull(expect, "expect");
        int dots = checkForm(compact);
        String jws = dots == 4 ? decrypt(compact) : compact;
        TokenClaims claims = verifySignature(jws);
        checkContent(claims, expect);
        return new VerifiedToken(claims, compact);
    }

    /** The number of dots of a well-formed compact serialization (2 or 4). */
    private static int checkForm(String compact) throws TokenRefusedException {
        if (compact == null || compact.isEmpty()) {
            throw new TokenRefusedException("empty token");
        }
        if (compact.length() > MAX_TOKEN_CHARS) {
            throw new TokenRefusedException("token longer than " + MAX_TOKEN_CHARS + " characters");
        }
        int dots = 0;
        for (int i = 0; i < compact.length(); i++) {
            char c = compact.charAt(i);
            if (c == '.') {
                dots++;
            } else if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'
                    || c == '_')) {
                throw new TokenRefusedException("not a compact JWS or JWE (unexpected character)");
            }
        }
        if (dots != 2 && dots != 4) {
            throw new TokenRefusedException("not a compact JWS or JWE (it must have 3 or 5 parts)");
        }
        return dots;
    }

    private String decrypt(String compact) throws TokenRefusedException {
        if (decrypter == null) {
            throw new TokenRefusedException("encrypted tokens are not accepted: this CSE has no token decryption key");
        }
        JWEObject jwe;
        try {
            jwe = JWEObject.parse(compact);
        } catch (ParseException e) {
            throw new TokenRefusedException("malformed JWE");
        }
        JWEHeader h = jwe.getHeader();
        if (!KEY_AGREEMENT.contains(h.getAlgorithm()) || !CONTENT.contains(h.getEncryptionMethod())) {
            throw new TokenRefusedException("JWE algorithms " + h.getAlgorithm() + "/" + h.getEncryptionMethod()
                    + " are not accepted");
        }
        if (!"JWT".equals(h.getContentType())) {
            throw new TokenRefusedException("encryption-only tokens are refused: the JWE must carry a signed JWT "
                    + "(cty JWT)");
        }
        if (h.getCriticalParams() != null && !h.getCriticalParams().isEmpty()) {
            throw new TokenRefusedException("critical JWE header parameters are not supported");
        }
        if (decryptionKeyId != null && h.getKeyID() != null && !decryptionKeyId.equals(h.getKeyID())) {
            throw new TokenRefusedException(TokenRefusedException.NOT_DECRYPTABLE, "token encrypted to another key (kid " + Excerpt.of(h.getKeyID())
                    + ", this CSE's is " + decryptionKeyId + ")");
        }
        try {
            jwe.decrypt(decrypter);
        } catch (JOSEException | RuntimeException e) {
            // ECDH-ES with another recipient's key gives another key-wrapping key: the unwrap (or the tag) fails
            throw new TokenRefusedException(TokenRefusedException.NOT_DECRYPTABLE, "cannot decrypt the token: it is "
                    + "not encrypted to this CSE's key, or it was altered");
        }
        String inner = jwe.getPayload().toString();
        int innerDots = checkForm(inner);
        if (innerDots != 2) {
            throw new TokenRefusedException("the encrypted token must contain a JWS");
        }
        return inner;
    }

    private TokenClaims verifySignature(String compact) throws TokenRefusedException {
        String headerPart = compact.substring(0, compact.indexOf('.'));
        Header header;
        try {
            header = Header.parse(Base64URL.from(headerPart));
        } catch (ParseException | RuntimeException e) {
            throw new TokenRefusedException("malformed JOSE header");
        }
        if (header instanceof PlainHeader) {
            throw new TokenRefusedException("unsecured tokens (alg none) are refused");
        }
        if (!(header instanceof JWSHeader jwsHeader)) {
            throw new TokenRefusedException("a nested token must be a JWS");
        }
        if (!JOSEObjectType.JWT.equals(jwsHeader.getType())) {
            throw new TokenRefusedException("JWS header typ must be JWT");
        }
        if (jwsHeader.getContentType() != null) {
            throw new TokenRefusedException("JWS header must not have cty");
        }
        if (jwsHeader.getCriticalParams() != null && !jwsHeader.getCriticalParams().isEmpty()) {
            throw new TokenRefusedException("critical JWS header parameters are not supported");
        }
        JWSAlgorithm alg = jwsHeader.getAlgorithm();
        if (!JWSAlgorithm.ES256.equals(alg) && !JWSAlgorithm.HS256.equals(alg)) {
            throw new TokenRefusedException("JWS algorithm " + Excerpt.of(alg.getName()) + " is not accepted");
        }
        JWSObject jws;
        try {
            jws = JWSObject.parse(compact);
        } catch (ParseException e) {
            throw new TokenRefusedException("malformed JWS");
        }
        JsonNode payload;
        try {
            payload = JSON.readTree(jws.getPayload().toBytes());
        } catch (java.io.IOException | RuntimeException e) {
            throw new TokenRefusedException("the JWS payload is not a JSON claim set");
        }
        if (payload == null || !payload.isObject()) {
            throw new TokenRefusedException("the JWS payload is not a JSON claim set");
        }
        JsonNode iss = payload.get("iss");
        if (iss == null || !iss.isTextual() || iss.textValue().isEmpty()) {
            throw new TokenRefusedException("token has no issuer (iss)");
        }
        String issuerId = iss.textValue();
        TrustedIssuer issuer = issuers.issuer(issuerId)
                .orElseThrow(() -> new TokenRefusedException(TokenRefusedException.NOT_VERIFIABLE,
                        "token issuer " + Excerpt.of(issuerId) + " is not trusted"));
        if (!issuer.permits(alg.getName())) {
            throw new TokenRefusedException(TokenRefusedException.NOT_VERIFIABLE, "JWS algorithm " + alg.getName()
                    + " is not permitted for issuer " + Excerpt.of(issuerId));
        }
        List<IssuerKey> keys = issuer.candidates(alg.getName(), jwsHeader.getKeyID());
        if (keys.isEmpty()) {
            throw new TokenRefusedException(TokenRefusedException.NOT_VERIFIABLE, "issuer " + Excerpt.of(issuerId)
                    + " has no key " + Excerpt.of(jwsHeader.getKeyID()));
        }
        if (!anyVerifies(jws, keys)) {
            throw new TokenRefusedException(TokenRefusedException.NOT_VERIFIABLE,
                    "token signature does not verify with the keys of issuer " + Excerpt.of(issuerId));
        }
        try {
            return TokenClaims.fromJwtJson(payload, parser);
        } catch (IllegalArgumentException e) {
            throw new TokenRefusedException("malformed token claims: " + e.getMessage());
        }
    }

    private static boolean anyVerifies(JWSObject jws, List<IssuerKey> keys) {
        for (IssuerKey key : keys) {
            try {
                JWSVerifier v = switch (key) {
                    case IssuerKey.EcP256 ec -> new ECDSAVerifier(ec.key());
                    case IssuerKey.Hmac h -> new MACVerifier(h.secret());
                };
                if (jws.verify(v)) {
                    return true;
                }
            } catch (JOSEException | RuntimeException e) {
                // a key that cannot verify this token is a key that did not sign it
            }
        }
        return false;
    }

    private static void checkContent(TokenClaims c, TokenExpectations expect) throws TokenRefusedException {
        String holder = expect.normalize(c.holder());
        if (expect.originator() == null || !holder.equals(expect.originator())) {
            throw new TokenRefusedException("token holder " + Excerpt.of(c.holder()) + " is not the originator");
        }
        if (expect.now().isBefore(c.notBefore())) {
            throw new TokenRefusedException("token " + Excerpt.of(c.tokenId()) + " is not valid before "
                    + c.notBefore());
        }
        if (!expect.now().isBefore(c.notAfter())) {
            throw new TokenRefusedException("token " + Excerpt.of(c.tokenId()) + " expired at " + c.notAfter());
        }
        if (c.audience().isEmpty()) {
            throw new TokenRefusedException("token names no audience; this CSE requires one");
        }
        if (!namesThisCse(c.audience(), expect)) {
            throw new TokenRefusedException("token audience does not include this CSE (" + expect.cseId() + ")");
        }
    }

    /** Whether an audience entry names this CSE (see the class documentation). */
    static boolean namesThisCse(List<String> audience, TokenExpectations expect) {
        String relative = expect.normalize(expect.cseId());
        String absolute = expect.forms() != null && relative.startsWith("/") && !relative.startsWith("//")
                ? "//" + expect.forms().spId() + relative : null;
        for (String entry : audience) {
            if (entry.indexOf('*') >= 0) {
                if (expect.audienceWildcards() && (Glob.matches(entry, relative)
                        || (absolute != null && Glob.matches(entry, absolute)))) {
                    return true;
                }
                continue;
            }
            String n = expect.normalize(entry);
            if (n.equals(relative) || entry.equals(expect.cseId()) || (absolute != null && entry.equals(absolute))) {
                return true;
            }
        }
        return false;
    }
}
