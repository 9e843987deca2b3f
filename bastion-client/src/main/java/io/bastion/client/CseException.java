package io.bastion.client;

import io.bastion.core.primitive.Response;
import io.bastion.core.primitive.ResponseStatusCode;

/**
 * A request that did not succeed, with the oneM2M response status code that says why: the CSE's own answer (its
 * {@code X-M2M-RSC} and the one-line reason of its {@code m2m:dbg}), or, when no answer came, a code chosen here:
 * {@link ResponseStatusCode#TARGET_NOT_REACHABLE} (5103) when the CSE could not be reached (refused connection,
 * failed TLS handshake, broken answer) and {@link ResponseStatusCode#REQUEST_TIMEOUT} (4008) when it did not answer in
 * time, the codes TS-0004 gives a CSE that cannot reach its next hop. {@link #answered()} tells the two apart.
 */
public final class CseException extends RuntimeException {
    private final ResponseStatusCode rsc;
    private final String dbg;
    private final transient Response response;

    /** The CSE answered {@code response}, which is not a success. */
    CseException(String request, Response response) {
        super(request + ": " + response.rsc().code() + " " + response.rsc() + dbgSuffix(Result.dbgOf(response)));
        this.rsc = response.rsc();
        this.dbg = Result.dbgOf(response);
        this.response = response;
    }

    /** No answer: {@code rsc} as chosen by the client, {@code reason} saying what failed. */
    CseException(String request, ResponseStatusCode rsc, String reason, Throwable cause) {
        super(request + ": " + rsc.code() + " " + rsc + " (no answer: " + reason + ")", cause);
        this.rsc = rsc;
        this.dbg = reason;
        this.response = null;
    }

    /**
     * A failure found here rather than answered by the CSE (an end-to-end protected answer that does not verify, say):
     * {@code rsc} chosen by this end, {@link #answered()} false.
     */
    public static CseException here(String request, ResponseStatusCode rsc, String reason, Throwable cause) {
        return new CseException(request, rsc, reason, cause);
    }

    private static String dbgSuffix(String dbg) {
        return dbg == null ? "" : " (" + dbg + ")";
    }

    /** The response status code. */
    public ResponseStatusCode rsc() {
        return rsc;
    }

    /** The code's number, e.g. 4103. */
    public int code() {
        return rsc.code();
    }

    /** The CSE's one-line reason ({@code m2m:dbg}), or what failed when no answer came; null when neither says. */
    public String dbg() {
        return dbg;
    }

    /** Whether the CSE answered (the code is its own) rather than not at all (the code is the client's). */
    public boolean answered() {
        return response != null;
    }

    /** The CSE's answer, or null when there was none. */
    public Response response() {
        return response;
    }
}
