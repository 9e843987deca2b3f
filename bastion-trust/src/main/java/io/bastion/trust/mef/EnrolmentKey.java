package io.bastion.trust.mef;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The Enrolment Key (Ke) and its RelativeKeID, exported from a completed bootstrap handshake (TS-0003 10.3.1: RFC
 * 5705 exporter with label {@value #EXPORTER_LABEL}, no context, length 48; RelativeKeID the 16 most significant
 * bytes, Ke the 32 least significant ones) and the KeID formed from them (10.3.4: {@code hexBinary(RelativeKeID)@
 * MEF-FQDN}, lower-case hex as the project writes every key ID). Never prints Ke.
 */
public final class EnrolmentKey {
    public static final String EXPORTER_LABEL = "EXPORTER-oneM2M-Bootstrap";
    public static final int EXPORT_LENGTH = 48;
    private static final int ID_LENGTH = 16;

    private final byte[] relativeKeId;
    private final byte[] ke;

    private EnrolmentKey(byte[] relativeKeId, byte[] ke) {
        this.relativeKeId = relativeKeId;
        this.ke = ke;
    }

    /** Splits the 48 exported bytes; the caller's array is wiped. */
    public static EnrolmentKey fromExport(byte[] exported) {
        Objects.requireNonNull(exported, "exported");
        if (exported.length != EXPORT_LENGTH) {
            throw new IllegalArgumentException("the bootstrap exporter gives " + EXPORT_LENGTH + " bytes, not "
                    + exported.length);
        }
        EnrolmentKey k = new EnrolmentKey(Arrays.copyOfRange(exported, 0, ID_LENGTH),
                Arrays.copyOfRange(exported, ID_LENGTH, EXPORT_LENGTH));
        Arrays.fill(exported, (byte) 0);
        return k;
    }

    /** RelativeKeID as lower-case hex. */
    public String relativeKeId() {
        return HexFormat.of().formatHex(relativeKeId);
    }

    /** KeID = {@code hexBinary(RelativeKeID)@MEF-FQDN} (TS-0003 10.3.4). */
    public String keId(String mefFqdn) {
        return relativeKeId() + "@" + mefFqdn;
    }

    /** A copy of Ke (32 bytes); the caller wipes it. */
    public byte[] ke() {
        return ke.clone();
    }

    @Override
    public String toString() {
        return "EnrolmentKey[" + relativeKeId() + ", Ke hidden]";
    }
}
