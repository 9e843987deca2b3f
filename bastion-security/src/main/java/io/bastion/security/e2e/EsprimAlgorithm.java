package io.bastion.security.e2e;

import com.nimbusds.jose.EncryptionMethod;

/**
 * The AEAD choices of ESPrim, {@code m2m:esprimProtocolAndAlgID} (TS-0004 table 6.3.4.2.41-1): JWE Compact
 * Serialization with {@code enc} A128GCM (10), A192GCM (11) or A256GCM (12).
 */
public enum EsprimAlgorithm {
    A128GCM(10, EncryptionMethod.A128GCM, 16),
    A192GCM(11, EncryptionMethod.A192GCM, 24),
    A256GCM(12, EncryptionMethod.A256GCM, 32);

    private final int id;
    private final EncryptionMethod enc;
    private final int keyBytes;

    EsprimAlgorithm(int id, EncryptionMethod enc, int keyBytes) {
        this.id = id;
        this.enc = enc;
        this.keyBytes = keyBytes;
    }

    /** The {@code esprimProtocolAndAlgID} value. */
    public int id() {
        return id;
    }

    /** The JWE {@code enc}. */
    public EncryptionMethod enc() {
        return enc;
    }

    /** The length of the content encryption key. */
    public int keyBytes() {
        return keyBytes;
    }

    /** The algorithm of an {@code esprimProtocolAndAlgID}, or null when not defined. */
    public static EsprimAlgorithm ofId(int id) {
        for (EsprimAlgorithm a : values()) {
            if (a.id == id) {
                return a;
            }
        }
        return null;
    }

    /** The algorithm of a JWE {@code enc} name, or null when ESPrim does not use it. */
    public static EsprimAlgorithm ofEnc(String enc) {
        for (EsprimAlgorithm a : values()) {
            if (a.enc.getName().equals(enc)) {
                return a;
            }
        }
        return null;
    }
}
