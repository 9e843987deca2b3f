package io.bastion.trust.das;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bastion.security.acp.AcpParser;
import io.bastion.security.acp.LocalIdentity;
import io.bastion.security.environment.SecureEnvironment;
import io.bastion.security.token.TokenClaims;
import io.bastion.security.token.TokenPermissions;
import io.bastion.security.token.TokenSigner;
import java.security.interfaces.ECPublicKey;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Issues oneM2M JWTs (TS-0003 7.3.2.6) through the project's {@link TokenSigner}: a compact JWS with
 * {@code typ: JWT} and the key's {@code kid}, carrying the claim set of {@link TokenClaims#toJwtJson()} (the one
 * mapping of the claims, shared with the verifying CSE). ES256 signs inside a {@link SecureEnvironment} (PKCS#12 or
 * PKCS#11; the key never leaves it); HS256 uses a shared secret.
 *
 * <p>The token's permissions are one {@code tkps.pm} entry: {@code ris} = the requested target, {@code pv} = the
 * granted {@code m2m:setOfAcrs}, {@code rids} = the rule's role IDs (when any).
 *
 * <p>With {@link #encryptingTo}, a token whose audience is one Hosting CSE with a known EC P-256 public key is then
 * encrypted to that key (nested sign-then-encrypt JWE, ECDH-ES+A256KW / A256GCM, {@code cty: JWT}); tokens for
 * other CSEs stay plain JWS.
 */
public final class JwsTokenIssuer implements TokenIssuer {
    /** The claim set version written in {@code tkvr}. */
    static final String VERSION = "1";
    /**
     * Reads only the structure of {@code pv}: the token carries {@code acor} entries as written (the writer keeps the
     * raw form), so this identity never reaches a token.
     */
    private static final AcpParser PARSER = new AcpParser(new LocalIdentity("//das.invalid", "/das"));

    private final TokenSigner signer;
    private final String description;
    /** The signer encrypting to each Hosting CSE with a configured key, by CSE-ID. */
    private final Map<String, TokenSigner> encrypting;

    private JwsTokenIssuer(TokenSigner signer, String description, Map<String, TokenSigner> encrypting) {
        this.signer = signer;
        this.description = description;
        this.encrypting = Map.copyOf(encrypting);
    }

    /** ES256 with the P-256 key {@code keyAlias} of {@code environment}; {@code keyId} goes in the header. */
    public static JwsTokenIssuer es256(SecureEnvironment environment, String keyAlias, String keyId) {
        if (!environment.keyAliases().contains(keyAlias)) {
            throw new IllegalArgumentException("no private key '" + keyAlias + "' in " + environment.describe());
        }
        return new JwsTokenIssuer(TokenSigner.es256(environment, keyAlias, keyId),
                "ES256 with key '" + keyAlias + "' (kid " + keyId + ") of " + environment.describe(), Map.of());
    }

    /** HS256 with a shared secret of at least 32 bytes. */
    public static JwsTokenIssuer hs256(byte[] secret, String keyId) {
        return new JwsTokenIssuer(TokenSigner.hs256(secret, keyId), "HS256 with a shared secret (kid " + keyId + ")",
                Map.of());
    }

    /**
     * This issuer, also encrypting the tokens addressed to exactly one of the CSE-IDs of {@code cseKeys} to that
     * CSE's EC P-256 public key (the ID as it appears in the token's audience, e.g. {@code /id-in}).
     *
     * @throws IllegalArgumentException when a key is not an EC P-256 key
     */
    public JwsTokenIssuer encryptingTo(Map<String, ECPublicKey> cseKeys) {
        Map<String, TokenSigner> m = new HashMap<>(encrypting);
        cseKeys.forEach((cse, key) -> m.put(cse, signer.encryptTo(key, null)));
        return new JwsTokenIssuer(signer, description + (m.isEmpty() ? "" : ", encrypting to " + new TreeMap<>(m)
                .keySet()), m);
    }

    @Override
    public String issue(TokenOrder order) {
        ObjectNode tkps = JsonNodeFactory.instance.objectNode();
        ObjectNode pm = tkps.putArray("pm").addObject();
        pm.putArray("ris").add(order.resourceId());
        pm.set("pv", order.privileges());
        if (!order.roleIds().isEmpty()) {
            order.roleIds().forEach(pm.putArray("rids")::add);
        }
        TokenClaims claims = new TokenClaims(VERSION, order.tokenId(), order.holder(), order.issuer(),
                order.notBefore(), order.notAfter(), order.name(), order.audience(),
                TokenPermissions.fromJson(tkps, PARSER), null);
        TokenSigner s = order.audience().size() == 1 ? encrypting.getOrDefault(order.audience().get(0), signer)
                : signer;
        return s.sign(claims);
    }

    @Override
    public String describe() {
        return description;
    }
}
