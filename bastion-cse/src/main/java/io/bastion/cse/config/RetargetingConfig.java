package io.bastion.cse.config;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits of retargeting, the forwarding of requests to other CSEs (TS-0004 7.3.2.6).
 *
 * @param maxInFlight {@code mcc.forward.max-in-flight}: how many forwarded requests may wait for their next hop at
 *        once; one more is refused (5207) rather than queued, so that forwarding never takes every worker thread from
 *        the requests this CSE serves itself
 * @param timeout {@code mcc.forward.timeout-ms}: the longest a forwarded request waits for its answer; a request's
 *        {@code rqet} shortens it, never lengthens it
 */
public record RetargetingConfig(int maxInFlight, Duration timeout) {
    public RetargetingConfig {
        Objects.requireNonNull(timeout, "timeout");
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("mcc.forward.max-in-flight must be at least 1, not " + maxInFlight);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("mcc.forward.timeout-ms must be positive");
        }
    }

    /** 8 in flight (half the default 16 worker threads), 10 seconds each. */
    public static RetargetingConfig defaults() {
        return new RetargetingConfig(8, Duration.ofSeconds(10));
    }
}
