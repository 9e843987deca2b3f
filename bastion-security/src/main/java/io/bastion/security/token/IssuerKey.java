package io.bastion.security.token;

import java.security.MessageDigest;
import java.security.interfaces.ECPublicKey;
import java.util.Arrays;
import java.util.Objects;

/**
 * A key a CSE verifies a token issuer's signatures with; its kind fixes the one JWS algorithm it is used for, so a
 * token can never choose how it is checked (no HMAC with a public key, no downgrade).
 */
public sealed interface IssuerKey {

    /** The key ID ({@code kid}) the issuer puts in the JWS header, or null when the key has none. */
    String keyId();

    /** The JWS algorithm this key verifies: {@code ES256} or {@code HS256}. */
    String algorithm();

    /** An EC P-256 public key, for {@code ES256}. */
    record EcP256(String keyId, ECPublicKey key) implements IssuerKey {
        public EcP256 {
            Objects.requireNonNull(key, "key");
            if (key.getParams().getCurve().getField().getFieldSize() != 256) {
                throw new IllegalArgumentException("an ES256 key must be on the P-256 curve");
            }
        }

        @Override
        public String algorithm() {
            return "ES256";
        }
    }

    /** A shared secret of at least 256 bits, for {@code HS256}; never printed. */
    record Hmac(String keyId, byte[] secret) implements IssuerKey {
        /** HS256 needs a key at least as long as the hash (RFC 7518 3.2). */
        public static final int MIN_BYTES = 32;

        public Hmac {
            Objects.requireNonNull(secret, "secret");
            if (secret.length < MIN_BYTES) {
                throw new IllegalArgumentException("an HS256 secret must have at least " + MIN_BYTES + " bytes");
            }
            secret = secret.clone();
        }

        @Override
        public byte[] secret() {
            return secret.clone();
        }

        @Override
        public String algorithm() {
            return "HS256";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Hmac h && Objects.equals(h.keyId, keyId) && MessageDigest.isEqual(h.secret, secret);
        }

        @Override
        public int hashCode() {
            return Objects.hash(keyId, Arrays.hashCode(secret));
        }

        @Override
        public String toString() {
            return "Hmac[keyId=" + keyId + ", secret=(redacted)]";
        }
    }
}
