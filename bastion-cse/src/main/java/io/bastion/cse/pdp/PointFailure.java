package io.bastion.cse.pdp;

/**
 * Why an authorization point gave no usable answer: unreachable, late, an error status, a malformed answer. The
 * message names the point and the cause for the audit log and {@code explain}; never the peer's body verbatim.
 */
public final class PointFailure extends Exception {
    public PointFailure(String message) {
        super(message, null, false, false);
    }
}
