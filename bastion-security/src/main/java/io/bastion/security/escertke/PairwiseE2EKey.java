package io.bastion.security.escertke;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import javax.security.auth.Destroyable;

/**
 * The pairwiseE2EKey an ESCertKE procedure established with one entity (TS-0003 8.7.2.2 C.2, 10.3.1): the 48 bytes
 * exported with the label {@code EXPORTER-oneM2M-ESCertKE} split into the pairwiseE2EKeyID, the 16 most significant
 * (first) bytes, and the key, the 32 least significant (last) bytes.
 *
 * <p>The key ID is written as the lower-case hex of its 16 bytes (32 characters): TS-0003 gives it no text form, and
 * hexBinary is the form 10.3.4 gives the RelativeKeID exported the same way for the MEF; it uses only characters a
 * Credential-ID value may hold (10.4). The key never prints itself, hands out copies only and can be zeroed.
 *
 * <p>Used as the pairwiseESPrimKey of ESPrim (8.4.2 A) as it is, with {@link #keyId()} as its pairwiseESPrimKeyID:
 * 8.7.1 says keys for ESPrim and ESData are "derived" from the pairwiseE2EKey but defines no derivation, so none is
 * applied (a choice, documented in README).
 */
public final class PairwiseE2EKey implements Destroyable {
    /** The exporter label of TS-0003 10.3.1. */
    public static final String EXPORTER_LABEL = "EXPORTER-oneM2M-ESCertKE";
    /** The exported length of TS-0003 10.3.1. */
    public static final int EXPORT_LENGTH = 48;
    static final int ID_BYTES = 16;

    private final String keyId;
    private final byte[] key;
    private final String entity;
    private volatile boolean destroyed;

    private PairwiseE2EKey(String keyId, byte[] key, String entity) {
        this.keyId = keyId;
        this.key = key;
        this.entity = Objects.requireNonNull(entity, "entity");
    }

    /**
     * The key and its ID from the 48 exported bytes; {@code exported} is copied, the caller wipes its own.
     *
     * @param entity the peer's AE-ID or CSE-ID, as its certificate proved it
     */
    public static PairwiseE2EKey fromExport(byte[] exported, String entity) {
        if (exported.length != EXPORT_LENGTH) {
            throw new IllegalArgumentException("an ESCertKE export is " + EXPORT_LENGTH + " bytes");
        }
        String id = HexFormat.of().formatHex(exported, 0, ID_BYTES);
        return new PairwiseE2EKey(id, Arrays.copyOfRange(exported, ID_BYTES, EXPORT_LENGTH), entity);
    }

    /** The pairwiseE2EKeyID, 32 lower-case hex digits. */
    public String keyId() {
        return keyId;
    }

    /** The peer end-point the key is shared with (its AE-ID or CSE-ID, in the form the check compared it in). */
    public String entity() {
        return entity;
    }

    /** A copy of the 32 key bytes; wipe it after use. */
    public byte[] bytes() {
        if (destroyed) {
            throw new IllegalStateException("the pairwiseE2EKey " + keyId + " was destroyed");
        }
        return key.clone();
    }

    @Override
    public void destroy() {
        destroyed = true;
        Arrays.fill(key, (byte) 0);
    }

    @Override
    public boolean isDestroyed() {
        return destroyed;
    }

    @Override
    public String toString() {
        return "PairwiseE2EKey[id=" + keyId + ", entity=" + entity + "]";
    }
}
