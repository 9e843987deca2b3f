package io.bastion.security.esdata;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import java.security.Key;
import java.security.interfaces.ECKey;
import java.security.interfaces.RSAKey;
import java.util.Set;
import javax.crypto.SecretKey;

/**
 * The JOSE algorithms of ESData (TS-0003 tables 8.5.3.2-3, 8.5.3.2-4, 8.5.3.3-2) and which key each needs. Anything
 * else, {@code none} first, is refused; an algorithm is only ever used with the kind of key it was made for, so an
 * {@code HS256} object is never checked with a public key taken as an HMAC secret.
 */
final class EsDataAlgorithms {
    static final Set<JWSAlgorithm> SIGNATURES = Set.of(JWSAlgorithm.HS256, JWSAlgorithm.HS384, JWSAlgorithm.HS512,
            JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
            JWSAlgorithm.ES256, JWSAlgorithm.ES384, JWSAlgorithm.ES512);
    static final Set<JWEAlgorithm> KEY_MANAGEMENT = Set.of(JWEAlgorithm.DIR,
            JWEAlgorithm.A128KW, JWEAlgorithm.A192KW, JWEAlgorithm.A256KW, JWEAlgorithm.RSA_OAEP_256,
            JWEAlgorithm.ECDH_ES_A128KW, JWEAlgorithm.ECDH_ES_A192KW, JWEAlgorithm.ECDH_ES_A256KW);
    static final Set<EncryptionMethod> CONTENT = Set.of(EncryptionMethod.A128GCM, EncryptionMethod.A192GCM,
            EncryptionMethod.A256GCM);

    private EsDataAlgorithms() {
    }

    static JWSAlgorithm signature(JWSAlgorithm alg) {
        if (alg == null || !SIGNATURES.contains(alg)) {
            throw EsDataException.unacceptable("JWS alg " + alg + " is not one of ESData's (TS-0003 table 8.5.3.3-2:"
                    + " HS256/384/512, RS256/384/512, ES256/384/512)");
        }
        return alg;
    }

    static JWEAlgorithm keyManagement(JWEAlgorithm alg) {
        if (alg == null || !KEY_MANAGEMENT.contains(alg)) {
            throw EsDataException.unacceptable("JWE alg " + alg + " is not one of ESData's (TS-0003 table 8.5.3.2-3:"
                    + " dir, A128/192/256KW, RSA-OAEP-256, ECDH-ES+A128/192/256KW)");
        }
        return alg;
    }

    static EncryptionMethod content(EncryptionMethod enc) {
        if (enc == null || !CONTENT.contains(enc)) {
            throw EsDataException.unacceptable("JWE enc " + enc + " is not one of ESData's (TS-0003 table 8.5.3.2-4:"
                    + " A128GCM, A192GCM, A256GCM)");
        }
        return enc;
    }

    /** Why {@code key} cannot sign or verify {@code alg}, or null when it fits. */
    static String signatureMismatch(JWSAlgorithm alg, Key key) {
        if (JWSAlgorithm.Family.HMAC_SHA.contains(alg)) {
            return key instanceof SecretKey ? null : alg + " needs a shared secret, not a " + kind(key);
        }
        if (JWSAlgorithm.Family.RSA.contains(alg)) {
            return key instanceof RSAKey ? null : alg + " needs an RSA key, not a " + kind(key);
        }
        if (!(key instanceof ECKey ec)) {
            return alg + " needs an EC key, not a " + kind(key);
        }
        Curve curve = Curve.forECParameterSpec(ec.getParams());
        return Curve.forJWSAlgorithm(alg).contains(curve) ? null
                : alg + " needs an EC key on " + Curve.forJWSAlgorithm(alg) + ", not on " + curve;
    }

    /** Why {@code key} cannot wrap or unwrap a key with {@code alg}, or null when it fits. */
    static String keyManagementMismatch(JWEAlgorithm alg, Key key) {
        if (alg.equals(JWEAlgorithm.DIR) || JWEAlgorithm.Family.AES_KW.contains(alg)) {
            return key instanceof SecretKey ? null : alg + " needs a symmetric key, not a " + kind(key);
        }
        if (alg.equals(JWEAlgorithm.RSA_OAEP_256)) {
            return key instanceof RSAKey ? null : alg + " needs an RSA key, not a " + kind(key);
        }
        return key instanceof ECKey ? null : alg + " needs an EC key, not a " + kind(key);
    }

    static String kind(Key key) {
        if (key instanceof SecretKey) {
            return "symmetric key";
        }
        if (key instanceof RSAKey) {
            return key instanceof java.security.PublicKey ? "RSA public key" : "RSA private key";
        }
        if (key instanceof ECKey) {
            return key instanceof java.security.PublicKey ? "EC public key" : "EC private key";
        }
        return key == null ? "missing key" : key.getAlgorithm() + " key";
    }
}
