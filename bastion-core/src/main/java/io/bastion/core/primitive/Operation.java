package io.bastion.core.primitive;

/** The operation parameter {@code op} (TS-0004 6.3.4.2.5) with its {@code acop} bit (TS-0004 6.3.4.2.29). */
public enum Operation {
    CREATE(1, 1),
    RETRIEVE(2, 2),
    UPDATE(3, 4),
    DELETE(4, 8),
    NOTIFY(5, 16),
    /** Not a wire operation: a RETRIEVE with filterUsage=1 is checked against this {@code acop} bit. */
    DISCOVERY(-1, 32);

    private final int code;
    private final int acopBit;

    Operation(int code, int acopBit) {
        this.code = code;
        this.acopBit = acopBit;
    }

    public int code() {
        return code;
    }

    public int acopBit() {
        return acopBit;
    }

    public static Operation fromCode(int code) {
        for (Operation o : values()) {
            if (o.code == code && code > 0) {
                return o;
            }
        }
        throw OneM2MException.badRequest("invalid operation " + code);
    }
}
