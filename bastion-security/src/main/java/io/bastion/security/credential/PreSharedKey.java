package io.bastion.security.credential;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import javax.security.auth.Destroyable;

/**
 * A pre-shared symmetric key (Kpsa of TS-0003 8.2.2.1). It never prints itself, hands out copies of its bytes only,
 * and can be zeroed with {@link #destroy()}; after that every use fails.
 */
public final class PreSharedKey implements Destroyable {
    /** TS-0003 does not fix a length; 128 bits is the floor for AES-128 suites, 512 bits a generous ceiling. */
    public static final int MIN_BYTES = 16;
    public static final int MAX_BYTES = 64;

    private final byte[] key;
    private volatile boolean destroyed;

    private PreSharedKey(byte[] key) {
        if (key.length < MIN_BYTES || key.length > MAX_BYTES) {
            throw new IllegalArgumentException("a pre-shared key must be " + MIN_BYTES + ".." + MAX_BYTES
                    + " bytes, not " + key.length);
        }
        this.key = key;
    }

    /** A key from raw bytes; the array is copied, so the caller may (and should) wipe its own. */
    public static PreSharedKey of(byte[] key) {
        return new PreSharedKey(key.clone());
    }

    /**
     * A key from hexadecimal text (upper or lower case, no separators).
     *
     * @throws IllegalArgumentException naming the problem, never echoing the text
     */
    public static PreSharedKey fromHex(String hex) {
        if (hex == null || hex.isEmpty()) {
            throw new IllegalArgumentException("the key is empty");
        }
        if (hex.length() % 2 != 0) {
            throw new IllegalArgumentException("the key must be an even number of hexadecimal digits");
        }
        for (int i = 0; i < hex.length(); i++) {
            if (Character.digit(hex.charAt(i), 16) < 0) {
                throw new IllegalArgumentException("the key must be hexadecimal digits only (0-9, a-f)");
            }
        }
        byte[] b = HexFormat.of().parseHex(hex);
        try {
            return of(b);
        } finally {
            Arrays.fill(b, (byte) 0);
        }
    }

    /** A copy of the key bytes; wipe it after use. */
    public byte[] bytes() {
        checkLive();
        return key.clone();
    }

    /** The key as lower-case hex, for the credential file only (never for output). */
    String toHex() {
        checkLive();
        return HexFormat.of().formatHex(key);
    }

    public int length() {
        return key.length;
    }

    /** Zeroes the key bytes. */
    @Override
    public void destroy() {
        destroyed = true;
        Arrays.fill(key, (byte) 0);
    }

    @Override
    public boolean isDestroyed() {
        return destroyed;
    }

    private void checkLive() {
        if (destroyed) {
            throw new IllegalStateException("the pre-shared key was destroyed");
        }
    }

    /** Constant-time comparison of the key bytes. */
    @Override
    public boolean equals(Object o) {
        return o instanceof PreSharedKey k && !destroyed && !k.destroyed && MessageDigest.isEqual(key, k.key);
    }

    /** Depends on the length only, so that hashing never leaks key material. */
    @Override
    public int hashCode() {
        return key.length;
    }

    @Override
    public String toString() {
        return "PreSharedKey[redacted, " + key.length + " bytes]";
    }
}
