package io.bastion.security.dynamic;

/** {@code m2m:securityInfoType}, the {@code sit} element of {@code m2m:seci} (TS-0004 table 6.3.4.2.35-1). */
public enum SecurityInfoType {
    DYNAMIC_AUTHORIZATION_REQUEST(1),
    DYNAMIC_AUTHORIZATION_RESPONSE(2),
    RECEIVER_ESPRIM_RAND_OBJECT_REQUEST(3),
    RECEIVER_ESPRIM_RAND_OBJECT_RESPONSE(4),
    ESPRIM_OBJECT(5),
    ESCERTKE_MESSAGE(6),
    DYNAMIC_AUTHORIZATION_RELATIONSHIP_MAPPING_REQUEST(7),
    DYNAMIC_AUTHORIZATION_RELATIONSHIP_MAPPING_RESPONSE(8);

    private final int value;

    SecurityInfoType(int value) {
        this.value = value;
    }

    /** The wire value of {@code sit}. */
    public int value() {
        return value;
    }

    /** The type for a wire value, or null when the value is not defined. */
    public static SecurityInfoType of(int value) {
        for (SecurityInfoType t : values()) {
            if (t.value == value) {
                return t;
            }
        }
        return null;
    }
}
