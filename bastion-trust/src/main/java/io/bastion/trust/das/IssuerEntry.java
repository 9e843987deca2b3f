package io.bastion.trust.das;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import io.bastion.security.environment.SecureEnvironment;
import io.bastion.security.token.FileTrustedIssuers;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;

/**
 * How a CSE comes to trust this DAS: the entry to add to the {@code issuers} list of the CSE's
 * {@code <data>/credentials/token-issuers.json} ({@link FileTrustedIssuers}), i.e. the DAS's ID and the public JWK of
 * its ES256 key. Holds public material only.
 */
public final class IssuerEntry {
    private static final ObjectMapper JSON = new ObjectMapper();

    private IssuerEntry() {
    }

    /**
     * {@code {"issuer": dasId, "keys": [{"kty":"EC","crv":"P-256","kid":…,"x":…,"y":…}]}}.
     *
     * @throws IllegalArgumentException when the key is not an EC P-256 key
     */
    public static ObjectNode es256(String dasId, SecureEnvironment environment, String keyAlias, String keyId) {
        PublicKey key = environment.publicKey(keyAlias);
        if (!(key instanceof ECPublicKey ec) || ec.getParams().getCurve().getField().getFieldSize() != 256) {
            throw new IllegalArgumentException("key '" + keyAlias + "' is not an EC P-256 key, as ES256 needs");
        }
        ECKey jwk = new ECKey.Builder(Curve.P_256, ec).keyID(keyId).build();
        ObjectNode entry = JSON.createObjectNode();
        entry.put("issuer", dasId);
        entry.putArray("keys").add(JSON.valueToTree(jwk.toPublicJWK().toJSONObject()));
        return entry;
    }
}
