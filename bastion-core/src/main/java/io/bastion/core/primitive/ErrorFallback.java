package io.bastion.core.primitive;

import io.bastion.core.log.RateLimitedLog;

/**
 * The response to a failure while a request is handled, the same at every door and in the pipeline: a
 * {@link OneM2MException} is answered with its own status code and message; anything else is a bug, logged with the
 * request identifier and its stack trace (rate-limited, since a client may trigger it again and again) and answered
 * 5000 with a message that names nothing of what failed.
 *
 * <pre>{@code
 * try {
 *     rs = processor.process(rq, peer);
 * } catch (RuntimeException e) {
 *     rs = ErrorFallback.response(e, LIMITED, "HTTP", rqi);
 * }
 * }</pre>
 */
public final class ErrorFallback {
    /** The message of the 5000: what failed is for the log only. */
    public static final String INTERNAL_ERROR_MESSAGE = "internal server error";

    private ErrorFallback() {
    }

    /**
     * The response to {@code failure}.
     *
     * @param log where a bug is logged
     * @param kind what was being handled, for the log line ({@code HTTP}, {@code CoAP}, an operation)
     * @param rqi the request identifier, for the log line; null when the request did not carry one
     */
    public static Response response(RuntimeException failure, RateLimitedLog log, Object kind, String rqi) {
        if (failure instanceof OneM2MException e) {
            return Response.error(e);
        }
        log.error("{} request {} failed unexpectedly", kind, rqi, failure);
        return internalError();
    }

    /** The 5000 itself, for a door whose last resort (encoding the answer) failed after its own log line. */
    public static Response internalError() {
        return Response.error(ResponseStatusCode.INTERNAL_SERVER_ERROR, INTERNAL_ERROR_MESSAGE);
    }
}
