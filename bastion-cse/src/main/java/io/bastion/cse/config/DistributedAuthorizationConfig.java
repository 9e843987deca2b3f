package io.bastion.cse.config;

import java.time.Duration;
import java.util.Objects;

/**
 * How this CSE as a PEP asks the PDPs of {@code adri} (TS-0003 7.5.2), and how long its PDPs wait for their PRPs and
 * PIPs.
 *
 * @param timeout one decision, over every PDP in order, takes at most this in total (and a PDP's retrieval from its
 *     PRPs and PIPs as well): the bounded wait
 * @param cacheTtl how long a PDP's PERMIT or DENY is remembered for the same request facts (zero: not at all)
 * @param negativeTtl how long a consultation that found no answer (every PDP failed or NOT_APPLICABLE) is remembered
 * @param failureThreshold consecutive failures after which a PDP is skipped for {@code coolDown}
 * @param coolDown how long a failing PDP is skipped
 */
public record DistributedAuthorizationConfig(Duration timeout, Duration cacheTtl, Duration negativeTtl,
                                             int failureThreshold, Duration coolDown) {
    public DistributedAuthorizationConfig {
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(cacheTtl, "cacheTtl");
        Objects.requireNonNull(negativeTtl, "negativeTtl");
        Objects.requireNonNull(coolDown, "coolDown");
        if (timeout.isNegative() || timeout.isZero() || failureThreshold < 1) {
            throw new IllegalArgumentException("pdp.timeout must be positive and pdp.failure-threshold at least 1");
        }
    }

    /** 2 s, decisions remembered 10 s, failures 5 s, a PDP skipped for 30 s after 3 failures. */
    public static DistributedAuthorizationConfig defaults() {
        return new DistributedAuthorizationConfig(Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofSeconds(5),
                3, Duration.ofSeconds(30));
    }
}
