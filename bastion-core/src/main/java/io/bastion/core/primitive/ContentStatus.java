package io.bastion.core.primitive;

/**
 * The Content Status response parameter {@code cnst} (TS-0004 table 6.3.4.2.44-1): whether a RETRIEVE's content is
 * partial, e.g. cut at the limit of resources the CSE puts in one response (TS-0001 8.1.3).
 */
public enum ContentStatus {
    PARTIAL_CONTENT(1),
    FULL_CONTENT(2);

    private final int code;

    ContentStatus(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
