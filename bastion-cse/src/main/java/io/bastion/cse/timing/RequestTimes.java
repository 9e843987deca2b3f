package io.bastion.cse.timing;

import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.primitive.Request;
import io.bastion.core.primitive.ResponseStatusCode;
import io.bastion.core.time.Timestamps;
import java.time.Instant;

/**
 * The time-related parameters of a request as instants: each is an {@code m2m:absRelTimestamp} (TS-0004 table
 * 6.4.1-1), a timestamp or milliseconds relative to the time the CSE received the request.
 *
 * <p>The rules, checked on receipt ({@link #checkOnReceipt}) and again before a held request runs
 * ({@link #checkBeforeRun}):
 * <ul>
 *   <li>{@code rqet} passed: 4008 REQUEST_TIMEOUT (TS-0004 7.3.2.1 and 7.3.3.1; TS-0001 8.1.2 "shall be
 *       rejected").</li>
 *   <li>{@code rset} passed: 4008 as well. The texts say only that the Receiver "should return the result before the
 *       time expires" (TS-0001 8.1.2); a result that can no longer arrive in time is refused as the request is, as
 *       TS-0004 7.3.2.2 does for a forwarded request with any of these times in the past.</li>
 *   <li>{@code rset} not later than {@code rqet}: 4000 (TS-0004 table 6.4.1-1: "Result Expiration Timestamp shall be
 *       later than Request Expiration Timestamp").</li>
 *   <li>{@code oet} at or after {@code rqet} (or {@code rset}): 4008, answered at once. TS-0001 8.1.2 executes at
 *       {@code oet} "unless the request expiration time ... has been reached", which by then it has; holding the
 *       request only to answer 4008 later would keep a worker for nothing.</li>
 *   <li>{@code oet} passed or absent: the operation runs at once (TS-0001 8.1.2).</li>
 * </ul>
 * A malformed value is 4000 naming the parameter.
 *
 * @param rqet the request expiration time, or null
 * @param rset the result expiration time, or null
 * @param oet the operation execution time, or null
 */
public record RequestTimes(Instant rqet, Instant rset, Instant oet) {
    /** A request without any of the three. */
    public static final RequestTimes NONE = new RequestTimes(null, null, null);

    /**
     * The times of {@code rq}, relative values counted from {@code received}.
     *
     * @throws OneM2MException 4000 naming the parameter when one is malformed
     */
    public static RequestTimes of(Request rq, Instant received) {
        if (rq.rqet() == null && rq.rset() == null && rq.oet() == null) {
            return NONE;
        }
        return new RequestTimes(parse(rq.rqet(), received, "request expiration timestamp (rqet)"),
                parse(rq.rset(), received, "result expiration timestamp (rset)"),
                parse(rq.oet(), received, "operation execution time (oet)"));
    }

    private static Instant parse(String v, Instant received, String what) {
        return v == null ? null : Timestamps.parseAbsRel(v, received, what);
    }

    /** The earlier of {@code rqet} and {@code rset}: after it the request can no longer be answered; or null. */
    public Instant deadline() {
        if (rqet == null || rset != null && rset.isBefore(rqet)) {
            return rset;
        }
        return rqet;
    }

    /** When the operation may run: at {@code oet} when it lies after {@code received}, else at once. */
    public Instant runAt(Instant received) {
        return oet != null && oet.isAfter(received) ? oet : received;
    }

    /** Whether the operation must wait for its {@code oet}. */
    public boolean waitsAfter(Instant received) {
        return oet != null && oet.isAfter(received);
    }

    /**
     * The checks when the request is received ({@code now}).
     *
     * @throws OneM2MException 4000 or 4008 as the class documents
     */
    public void checkOnReceipt(Instant now) {
        if (this == NONE) {
            return;
        }
        if (rqet != null && rset != null && !rset.isAfter(rqet)) {
            throw OneM2MException.badRequest("result expiration timestamp (rset) must be later than the request "
                    + "expiration timestamp (rqet)");
        }
        checkBeforeRun(now);
        Instant deadline = deadline();
        if (oet != null && deadline != null && !oet.isBefore(deadline)) {
            throw new OneM2MException(ResponseStatusCode.REQUEST_TIMEOUT, "operation execution time (oet) is not"
                    + " before the " + (deadline.equals(rqet) ? "request expiration timestamp (rqet)"
                    : "result expiration timestamp (rset)") + ": the request would expire before it may run");
        }
    }

    /**
     * The checks when the operation is about to run ({@code now}), after a wait.
     *
     * @throws OneM2MException 4008 when {@code rqet} or {@code rset} has passed
     */
    public void checkBeforeRun(Instant now) {
        if (rqet != null && !rqet.isAfter(now)) {
            throw new OneM2MException(ResponseStatusCode.REQUEST_TIMEOUT, "request expiration timestamp has passed");
        }
        if (rset != null && !rset.isAfter(now)) {
            throw new OneM2MException(ResponseStatusCode.REQUEST_TIMEOUT,
                    "result expiration timestamp (rset) has passed");
        }
    }
}
