package io.bastion.cse.pdp;

/**
 * {@code m2m:authorizationStatus} (TS-0004 table 6.3.4.2.52-1): the {@code sus} a decision, policy or information point
 * answers with. A PRP and a PIP answer only {@link #OK}, {@link #NOT_APPLICABLE} and {@link #PROCESSING_ERROR}
 * (TS-0003 tables 7.5.3-3, 7.5.4-2).
 */
public enum AuthorizationStatus {
    OK(1), NOT_APPLICABLE(2), MISSING_ATTRIBUTE(3), SYNTAX_ERROR(4), PROCESSING_ERROR(5);

    private final int code;

    AuthorizationStatus(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The status of {@code code}, or null for a value outside the table. */
    public static AuthorizationStatus of(int code) {
        for (AuthorizationStatus s : values()) {
            if (s.code == code) {
                return s;
            }
        }
        return null;
    }
}
