package io.bastion.security.esdata;

import java.security.Key;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import javax.crypto.spec.SecretKeySpec;

/**
 * What a Target End-Point opens ESData with: keys by {@code kid} (provisioned symmetric ESData keys, its own private
 * keys, the public keys of the sources it trusts, TS-0003 8.5.2.2.2, 8.5.2.3.2.1) and the trust anchors of the
 * certificates that sources send in {@code x5c}. Nothing in an object's header (its {@code jwk}, {@code jku},
 * {@code x5u}) is ever trusted by itself. Immutable.
 */
public final class EsDataKeys {
    private final Map<String, Key> decryption;
    private final Map<String, Key> verification;
    private final Set<TrustAnchor> anchors;

    private EsDataKeys(Builder b) {
        this.decryption = Map.copyOf(b.decryption);
        this.verification = Map.copyOf(b.verification);
        this.anchors = Set.copyOf(b.anchors);
    }

    /** A new, empty set of keys. */
    public static Builder builder() {
        return new Builder();
    }

    Key decryptionKey(String kid) {
        return kid == null ? null : decryption.get(kid);
    }

    Key verificationKey(String kid) {
        return kid == null ? null : verification.get(kid);
    }

    Set<TrustAnchor> anchors() {
        return anchors;
    }

    /** Collects the keys. */
    public static final class Builder {
        private final Map<String, Key> decryption = new HashMap<>();
        private final Map<String, Key> verification = new HashMap<>();
        private final Set<TrustAnchor> anchors = new HashSet<>();

        private Builder() {
        }

        /** A provisioned symmetric ESData key: decrypts ({@code dir}, {@code A*KW}) and checks MICs ({@code HS*}). */
        public Builder secret(String kid, byte[] key) {
            SecretKeySpec k = new SecretKeySpec(key, "AES");
            decryption.put(kid, k);
            verification.put(kid, k);
            return this;
        }

        /** This end-point's private key known to sources by {@code kid} (RSA-OAEP-256, ECDH-ES+A*KW). */
        public Builder privateKey(String kid, PrivateKey key) {
            decryption.put(kid, key);
            return this;
        }

        /** This end-point's private key and its certificate, known by the certificate's SHA-256 thumbprint. */
        public Builder privateKey(PrivateKey key, X509Certificate certificate) {
            return privateKey(Thumbprints.of(certificate), key);
        }

        /** The public key a source signs for under {@code kid} (a raw public key, TS-0003 8.5.2.3.2.1). */
        public Builder publicKey(String kid, PublicKey key) {
            verification.put(kid, key);
            return this;
        }

        /** A trust anchor for the certificate chains sources send in {@code x5c} (AE-ID, CSE-ID, device certs). */
        public Builder trustAnchor(X509Certificate anchor) {
            anchors.add(new TrustAnchor(anchor, null));
            return this;
        }

        public EsDataKeys build() {
            return new EsDataKeys(this);
        }
    }
}
