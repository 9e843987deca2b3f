package io.bastion.security.dynamic;

/**
 * A dynamic authorization message ({@code m2m:seci}, {@code dreq}, {@code dres}, {@code tqf}) that does not follow
 * TS-0004 6.3.5.45–48. The message names the offending element by its short-name path, e.g.
 * {@code m2m:seci.dreq.op: must be an integer 1..5}, and quotes input only through a bounded excerpt. It is an
 * {@link IllegalArgumentException}, so a receiver answers 4000 BAD_REQUEST (a DAS) or treats the peer's answer as
 * no grant (a Hosting CSE); no stack trace is captured since this is an expected outcome, not a bug.
 */
public final class MalformedSecurityInfoException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public MalformedSecurityInfoException(String message) {
        super(message);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
