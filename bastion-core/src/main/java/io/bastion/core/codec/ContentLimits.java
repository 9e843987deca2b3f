package io.bastion.core.codec;

/**
 * The bounds every {@link Codec} enforces while it reads request content, so that any body up to a binding's size
 * limit is parsed or refused (4000) in time and memory linear in its size. Content is parsed before the originator
 * is authenticated, so these bounds are what an anonymous client can make the CSE spend.
 */
public final class ContentLimits {
    /** Nesting of arrays and objects: an ACP rule's context ({@code pv.acr.acco.actw}) is 5 deep; 64 is plenty. */
    public static final int MAX_DEPTH = 64;
    /**
     * Characters of one number's text (digits, sign, point, exponent): every oneM2M integer fits in 20 digits and a
     * double needs 17 significant ones; the cost of a number's arithmetic grows with its length.
     */
    public static final int MAX_NUMBER_LENGTH = 64;
    /**
     * Largest decimal exponent of a number (as in 1e308): that of an {@code xs:double}. Beyond it a number has no
     * double and stored content would read back as infinity, and big-number arithmetic on it costs time that grows
     * with the exponent (1e1000000 has a million digits when made an integer).
     */
    public static final int MAX_EXPONENT = 308;
    /** Smallest decimal exponent of a non-zero number; below it an {@code xs:double} is 0 anyway. */
    public static final int MIN_EXPONENT = -400;
    /**
     * Values, names and brackets in one body (a list of 10,000 labels is about 10,000): bounds the size of the parsed
     * tree at a few megabytes whatever the body.
     */
    public static final int MAX_TOKENS = 200_000;

    private ContentLimits() {
    }
}
