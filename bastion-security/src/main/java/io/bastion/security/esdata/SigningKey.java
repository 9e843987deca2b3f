package io.bastion.security.esdata;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.util.Base64;
import java.security.Key;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.crypto.spec.SecretKeySpec;

/**
 * What a Source End-Point signs ESData with (TS-0003 8.5.2.3): a provisioned symmetric key for a MIC ({@code HS*}), a
 * private key whose public key the readers hold by its ID (a raw public key, 8.5.2.3.2.1), or a private key with its
 * certificate chain, sent in {@code x5c} so that a reader configured with the trust anchor can verify it.
 *
 * @param algorithm the JWS {@code alg}
 * @param key the secret or private key (never printed)
 * @param keyId the {@code kid} readers find the key by; for a certificate its SHA-256 thumbprint
 * @param chain the certificate chain, leaf first, sent in {@code x5c}; empty without a certificate
 */
public record SigningKey(JWSAlgorithm algorithm, Key key, String keyId, List<X509Certificate> chain) {
    public SigningKey {
        EsDataAlgorithms.signature(algorithm);
        Objects.requireNonNull(key, "key");
        if (keyId == null || keyId.isBlank()) {
            throw new IllegalArgumentException("a signing key needs a key ID (kid) its readers know it by");
        }
        chain = List.copyOf(chain);
        String mismatch = EsDataAlgorithms.signatureMismatch(algorithm, key);
        if (mismatch != null) {
            throw new IllegalArgumentException(mismatch);
        }
    }

    /** A MIC with a provisioned symmetric ESData key (HS256/384/512; at least as long as the hash). */
    public static SigningKey hmac(String keyId, byte[] secret, JWSAlgorithm algorithm) {
        return new SigningKey(algorithm, new SecretKeySpec(secret, "HmacSHA256"), keyId, List.of());
    }

    /** A signature readers verify with the public key they hold under {@code keyId} (RS*, ES*). */
    public static SigningKey privateKey(String keyId, PrivateKey key, JWSAlgorithm algorithm) {
        return new SigningKey(algorithm, key, keyId, List.of());
    }

    /**
     * A signature with the Source End-Point certificate (8.5.2.3.2): the chain goes in {@code x5c}, leaf first, the
     * {@code kid} is the leaf's SHA-256 thumbprint.
     */
    public static SigningKey certificate(PrivateKey key, List<X509Certificate> chain, JWSAlgorithm algorithm) {
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("a certificate signing key needs its certificate");
        }
        return new SigningKey(algorithm, key, Thumbprints.of(chain.get(0)), chain);
    }

    JWSHeader header() {
        JWSHeader.Builder b = new JWSHeader.Builder(algorithm).keyID(keyId);
        if (!chain.isEmpty()) {
            List<Base64> x5c = new ArrayList<>();
            for (X509Certificate c : chain) {
                try {
                    x5c.add(Base64.encode(c.getEncoded()));
                } catch (CertificateEncodingException e) {
                    throw new IllegalArgumentException("the certificate cannot be encoded: " + e.getMessage(), e);
                }
            }
            b.x509CertChain(x5c).x509CertSHA256Thumbprint(new com.nimbusds.jose.util.Base64URL(keyId));
        }
        return b.build();
    }

    JWSSigner signer() {
        try {
            if (JWSAlgorithm.Family.HMAC_SHA.contains(algorithm)) {
                return new MACSigner(key.getEncoded());
            }
            if (JWSAlgorithm.Family.RSA.contains(algorithm)) {
                return new RSASSASigner((PrivateKey) key);
            }
            return new ECDSASigner((PrivateKey) key, Curve.forECParameterSpec(((ECKey) key).getParams()));
        } catch (JOSEException e) {
            throw new IllegalArgumentException(algorithm + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "SigningKey[" + algorithm + ", kid " + keyId + "]";
    }
}
