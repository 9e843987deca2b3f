package io.bastion.trust.keys;

import io.bastion.security.credential.PreSharedKey;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A key a Source Client and its MEF or MAF both derive from their TLS session (TS-0003 8.3.5.2.7 step 2a, 8.8.2.7 step
 * 2a, 10.3.1): RFC 5705 export with {@value #LABEL}, no context, {@value #LENGTH} bytes; the RelativeKeyID is the hex
 * of the 16 most significant bytes, the key the 32 least significant (the split 10.3.1 gives Ke and RelativeKeID, and
 * 10.3.5 a Kc's). Never prints the key.
 *
 * <p>Why {@code Connection} and not {@code Bootstrap} at the MEF: 8.3.5.2.7 says "as described in 10.3.1", which names
 * {@code EXPORTER-oneM2M-Bootstrap} for Ke and {@code EXPORTER-oneM2M-Connection} for Kc only; the Bootstrap label on
 * the MEF Handshake's session would make the registered key equal that session's Ke, so the key to be distributed
 * takes the Connection label, as at the MAF.
 */
public record ExportedKey(String relativeKeyId, PreSharedKey key) {
    public static final String LABEL = "EXPORTER-oneM2M-Connection";
    public static final int LENGTH = 48;
    private static final int ID_LENGTH = 16;

    /** Splits the {@value #LENGTH} exported bytes; the caller's array is wiped. */
    public static ExportedKey split(byte[] exported) {
        try {
            if (exported.length != LENGTH) {
                throw new IllegalArgumentException("the exporter gives " + LENGTH + " bytes, not " + exported.length);
            }
            return new ExportedKey(HexFormat.of().formatHex(exported, 0, ID_LENGTH),
                    PreSharedKey.of(Arrays.copyOfRange(exported, ID_LENGTH, LENGTH)));
        } finally {
            Arrays.fill(exported, (byte) 0);
        }
    }

    @Override
    public String toString() {
        return "ExportedKey[" + relativeKeyId + ", key hidden]";
    }
}
