package io.bastion.security.e2e;

import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.text.Excerpt;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * An {@code esprimRandValue} ({@code esrv}): 128 fresh random bits (TS-0003 8.4.2 B.1a.1, B.2g). On the wire it is
 * 32 lower-case hexadecimal digits. TS-0004 6.3.5.50/51 types it {@code xs:NCName} without saying how 128 bits become
 * a name; hexadecimal is our choice (a value may start with a digit, which a strict NCName would not); the session key
 * is derived from the 16 raw bytes, never from the text. Not a secret (it travels in the clear), so it prints.
 */
public final class RandValue {
    /** 128 bits. */
    public static final int BYTES = 16;
    private static final HexFormat HEX = HexFormat.of();

    private final byte[] bytes;

    private RandValue(byte[] bytes) {
        this.bytes = bytes;
    }

    /** A fresh value from {@code random}. */
    public static RandValue fresh(SecureRandom random) {
        byte[] b = new byte[BYTES];
        random.nextBytes(b);
        return new RandValue(b);
    }

    /** A value from its 16 bytes (copied). */
    public static RandValue of(byte[] bytes) {
        if (bytes.length != BYTES) {
            throw new IllegalArgumentException("an esprimRandValue is " + BYTES + " bytes, not " + bytes.length);
        }
        return new RandValue(bytes.clone());
    }

    /**
     * Parses the wire form.
     *
     * @throws OneM2MException 4000 naming {@code path} when it is not 32 hexadecimal digits
     */
    public static RandValue parse(String hex, String path) {
        if (hex == null || hex.length() != 2 * BYTES || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw OneM2MException.badRequest(path + ": must be 32 hexadecimal digits (a 128-bit esprimRandValue), not "
                    + (hex == null ? "absent" : "'" + Excerpt.of(hex) + "'"));
        }
        return new RandValue(HEX.parseHex(hex));
    }

    /** A copy of the 16 bytes. */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** The wire form. */
    public String hex() {
        return HEX.formatHex(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RandValue r && Arrays.equals(bytes, r.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return hex();
    }
}
