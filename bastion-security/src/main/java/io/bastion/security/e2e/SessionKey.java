package io.bastion.security.e2e;

import java.util.Arrays;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/** A sessionESPrimKey (32 bytes); it never prints and hands out copies only. */
public final class SessionKey {
    private final byte[] key;

    SessionKey(byte[] key) {
        this.key = key;
    }

    /** A copy of the 32 bytes (for tests and test vectors). */
    public byte[] bytes() {
        return key.clone();
    }

    /** The content encryption key for {@code alg}: the leftmost {@link EsprimAlgorithm#keyBytes()} bytes. */
    public SecretKey cek(EsprimAlgorithm alg) {
        byte[] k = Arrays.copyOf(key, alg.keyBytes());
        try {
            return new SecretKeySpec(k, "AES");
        } finally {
            Arrays.fill(k, (byte) 0);
        }
    }

    @Override
    public String toString() {
        return "SessionKey[hidden]";
    }
}
