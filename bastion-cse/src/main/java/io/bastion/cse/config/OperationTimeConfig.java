package io.bastion.cse.config;

import java.time.Duration;
import java.util.Objects;

/**
 * How long a blocking request may be held until its Operation Execution Time ({@code oet}, TS-0001 8.1.2), and how
 * many may be held at once. A held request keeps the worker that processes it, so both are bounded: an {@code oet}
 * further ahead than {@code maxWait} is refused (4000), and a request that would be held while {@code maxWaiting}
 * others are answers 5207 NOT_ACCEPTABLE.
 *
 * @param maxWait the longest a blocking request is held ({@code oet.max-wait-s}, seconds)
 * @param maxWaiting how many blocking requests may be held at once ({@code oet.max-waiting})
 */
public record OperationTimeConfig(Duration maxWait, int maxWaiting) {
    /** The default longest hold, 60 s. */
    public static final Duration DEFAULT_MAX_WAIT = Duration.ofSeconds(60);
    /** The default number of requests held at once: a quarter of the default 16 workers. */
    public static final int DEFAULT_MAX_WAITING = 4;

    public OperationTimeConfig {
        Objects.requireNonNull(maxWait, "maxWait");
        if (maxWait.isNegative()) {
            throw new IllegalArgumentException("oet.max-wait-s must not be negative");
        }
        if (maxWaiting < 0) {
            throw new IllegalArgumentException("oet.max-waiting must not be negative");
        }
    }

    /** At most 60 s, at most 4 requests at once. */
    public static OperationTimeConfig defaults() {
        return new OperationTimeConfig(DEFAULT_MAX_WAIT, DEFAULT_MAX_WAITING);
    }
}
