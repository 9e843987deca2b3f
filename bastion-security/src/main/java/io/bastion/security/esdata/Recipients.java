package io.bastion.security.esdata;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObjectJSON;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.MultiEncrypter;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.crypto.SecretKey;

/**
 * One JWE to several recipients (TS-0003 8.5.2.2.1, "any combination of Protection Options and ... multiple
 * credentials"): the general JWE JSON Serialization, one content key wrapped for each recipient by Nimbus's
 * {@link MultiEncrypter}, each recipient's {@code alg} and {@code kid} in its own header.
 */
final class Recipients {
    private Recipients() {
    }

    static JWEObjectJSON encrypt(Payload payload, String cty, List<RecipientKey> to, EncryptionMethod enc,
                                 EsDataForm form) {
        if (form == EsDataForm.COMPACT) {
            throw new IllegalArgumentException("the compact serialization has one recipient; use JSON for " + to.size());
        }
        if (to.size() > EsDataEnvelope.MAX_ELEMENTS) {
            throw new IllegalArgumentException("at most " + EsDataEnvelope.MAX_ELEMENTS + " recipients");
        }
        List<JWK> keys = new ArrayList<>();
        Set<String> kids = new HashSet<>();
        for (RecipientKey r : to) {
            if (r.algorithm().equals(JWEAlgorithm.DIR)) {
                throw new IllegalArgumentException("dir uses one key as the content key: it cannot be one of several"
                        + " recipients (TS-0003 8.5.2.2.1)");
            }
            if (!kids.add(r.keyId())) {
                throw new IllegalArgumentException("two recipients with kid " + r.keyId());
            }
            keys.add(jwk(r));
        }
        JWEHeader.Builder h = new JWEHeader.Builder(enc);
        if (cty != null) {
            h.contentType(cty);
        }
        JWEObjectJSON jwe = new JWEObjectJSON(h.build(), payload);
        try {
            jwe.encrypt(new MultiEncrypter(new JWKSet(keys)));
        } catch (JOSEException e) {
            throw new IllegalArgumentException("cannot encrypt: " + e.getMessage(), e);
        }
        return jwe;
    }

    private static JWK jwk(RecipientKey r) {
        return switch (r.key()) {
            case SecretKey k -> new OctetSequenceKey.Builder(k).keyID(r.keyId()).algorithm(r.algorithm()).build();
            case RSAPublicKey k -> new RSAKey.Builder(k).keyID(r.keyId()).algorithm(r.algorithm()).build();
            case ECPublicKey k -> new ECKey.Builder(Curve.forECParameterSpec(k.getParams()), k).keyID(r.keyId())
                    .algorithm(r.algorithm()).build();
            default -> throw new IllegalArgumentException("not a recipient key: " + EsDataAlgorithms.kind(r.key()));
        };
    }
}
