package io.bastion.security.esdata;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEEncrypter;
import com.nimbusds.jose.crypto.AESEncrypter;
import com.nimbusds.jose.crypto.DirectEncrypter;
import com.nimbusds.jose.crypto.ECDHEncrypter;
import com.nimbusds.jose.crypto.RSAEncrypter;
import java.security.Key;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Objects;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * Whom ESData is encrypted to (TS-0003 8.5.2.2): a provisioned symmetric ESData key, used directly ({@code dir}) or to
 * wrap a fresh content key ({@code A*KW}), or a Target End-Point's public key or certificate ({@code RSA-OAEP-256},
 * {@code ECDH-ES+A*KW}). Public keys for verifying signatures are not for this (8.5.2.2.4.1): which key is which is
 * the caller's business.
 *
 * @param algorithm the JWE {@code alg}
 * @param key the symmetric or public key
 * @param keyId the {@code kid} the reader finds its key by; for a certificate its SHA-256 thumbprint
 * @param certificate the Target End-Point certificate, or null
 */
public record RecipientKey(JWEAlgorithm algorithm, Key key, String keyId, X509Certificate certificate) {
    public RecipientKey {
        EsDataAlgorithms.keyManagement(algorithm);
        Objects.requireNonNull(key, "key");
        if (keyId == null || keyId.isBlank()) {
            throw new IllegalArgumentException("a recipient key needs a key ID (kid) its reader knows it by");
        }
        String mismatch = EsDataAlgorithms.keyManagementMismatch(algorithm, key);
        if (mismatch != null || key instanceof java.security.PrivateKey) {
            throw new IllegalArgumentException(mismatch != null ? mismatch : "encrypt to a public key, not a private one");
        }
    }

    /** A provisioned symmetric ESData key: {@code dir} (its length that of {@code enc}'s key) or A128/192/256KW. */
    public static RecipientKey symmetric(String keyId, byte[] key, JWEAlgorithm algorithm) {
        return new RecipientKey(algorithm, new SecretKeySpec(key, "AES"), keyId, null);
    }

    /** A Target End-Point's public key known by {@code keyId}: RSA-OAEP-256 or ECDH-ES+A128/192/256KW. */
    public static RecipientKey publicKey(String keyId, PublicKey key, JWEAlgorithm algorithm) {
        return new RecipientKey(algorithm, key, keyId, null);
    }

    /** A Target End-Point certificate (8.5.2.2.4); the {@code kid} is its SHA-256 thumbprint. */
    public static RecipientKey certificate(X509Certificate certificate, JWEAlgorithm algorithm) {
        return new RecipientKey(algorithm, certificate.getPublicKey(), Thumbprints.of(certificate), certificate);
    }

    JWEEncrypter encrypter(EncryptionMethod enc) {
        try {
            if (algorithm.equals(JWEAlgorithm.DIR)) {
                int bits = key.getEncoded().length * 8;
                if (bits != enc.cekBitLength()) {
                    throw new IllegalArgumentException("dir with " + enc + " needs a " + enc.cekBitLength()
                            + "-bit key, not a " + bits + "-bit one");
                }
                return new DirectEncrypter((SecretKey) key);
            }
            if (JWEAlgorithm.Family.AES_KW.contains(algorithm)) {
                return new AESEncrypter((SecretKey) key);
            }
            if (algorithm.equals(JWEAlgorithm.RSA_OAEP_256)) {
                return new RSAEncrypter((RSAPublicKey) key);
            }
            return new ECDHEncrypter((ECPublicKey) key);
        } catch (JOSEException e) {
            throw new IllegalArgumentException(algorithm + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "RecipientKey[" + algorithm + ", kid " + keyId + "]";
    }
}
