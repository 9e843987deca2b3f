package io.bastion.security.token;

/**
 * A token was not accepted (TS-0003 7.3.2.5, 7.3.2.6.3). The message is one line and names what failed, for the
 * audit log and {@code explain}; {@link #told()} is what the originator is told, the same text unless the detail
 * would say more about this CSE than the holder of the token needs (which issuers and keys it trusts, the ID of its
 * own decryption key). Neither ever holds a key, and echoed token content is shortened.
 */
public final class TokenRefusedException extends Exception {
    /** The general reason for a token that does not verify against what this CSE trusts. */
    public static final String NOT_VERIFIABLE =
            "its signature cannot be verified with the keys of an issuer this CSE trusts";
    /** The general reason for an encrypted token this CSE cannot read. */
    public static final String NOT_DECRYPTABLE = "this CSE cannot decrypt it";

    private final String told;

    /** A refusal whose reason may be told as it is. */
    public TokenRefusedException(String reason) {
        this(reason, reason);
    }

    /**
     * @param told what the originator is told
     * @param detail what the operator reads (the message)
     */
    public TokenRefusedException(String told, String detail) {
        super(detail, null, false, false); // the reason is the whole story; no stack trace is ever shown
        this.told = told;
    }

    /** What the originator is told. */
    public String told() {
        return told;
    }
}
