package io.bastion.cse.config;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits and timing of non-blocking requests ({@code rt} 1 and 2, TS-0001 8.2.2) and their {@code <request>} resources.
 *
 * @param maxPending accepted non-blocking requests not yet finished, queued or running, at most
 *        ({@code nonblocking.max-pending}); one more is refused with 5207 NOT_ACCEPTABLE instead of growing a queue
 * @param workers threads that execute accepted requests ({@code nonblocking.workers})
 * @param resultLifetime how long a {@code <request>} is kept when the request gives no {@code rset} (nor {@code rp})
 *        ({@code nonblocking.result-lifetime-s}); the expiry reaper removes it then
 * @param maxResultLifetime the longest {@code rset}/{@code rp} a request may ask for; a longer one is refused with 4000
 *        (TS-0004 table 7.3.2.2-1: "If the value ... is too long, the Hosting CSE shall reject the request")
 *        ({@code nonblocking.max-result-lifetime-s})
 * @param hold how long an accepted request waits before it may run ({@code nonblocking.hold-ms}, default 0). This is
 *        a setting for tests and demonstrations of the non-blocking flow (a request that is still pending can be
 *        read, cancelled, or survive a crash); it only delays the CSE's own work and grants nothing
 */
public record NonBlockingConfig(int maxPending, int workers, Duration resultLifetime, Duration maxResultLifetime,
                                Duration hold) {
    public static final int DEFAULT_MAX_PENDING = 1000;
    public static final int DEFAULT_WORKERS = 4;
    public static final Duration DEFAULT_RESULT_LIFETIME = Duration.ofHours(1);
    public static final Duration DEFAULT_MAX_RESULT_LIFETIME = Duration.ofDays(7);

    public NonBlockingConfig {
        Objects.requireNonNull(resultLifetime, "resultLifetime");
        Objects.requireNonNull(maxResultLifetime, "maxResultLifetime");
        Objects.requireNonNull(hold, "hold");
        if (maxPending < 1 || workers < 1) {
            throw new IllegalArgumentException("nonblocking.max-pending and nonblocking.workers must be at least 1");
        }
        if (resultLifetime.isNegative() || resultLifetime.isZero() || maxResultLifetime.compareTo(resultLifetime) < 0) {
            throw new IllegalArgumentException("nonblocking.result-lifetime-s must be positive and at most"
                    + " nonblocking.max-result-lifetime-s");
        }
        if (hold.isNegative()) {
            throw new IllegalArgumentException("nonblocking.hold-ms must not be negative");
        }
    }

    /** 1000 pending, 4 workers, results kept an hour (at most 7 days when asked), no hold. */
    public static NonBlockingConfig defaults() {
        return new NonBlockingConfig(DEFAULT_MAX_PENDING, DEFAULT_WORKERS, DEFAULT_RESULT_LIFETIME,
                DEFAULT_MAX_RESULT_LIFETIME, Duration.ZERO);
    }

    public NonBlockingConfig withMaxPending(int n) {
        return new NonBlockingConfig(n, workers, resultLifetime, maxResultLifetime, hold);
    }

    public NonBlockingConfig withHold(Duration h) {
        return new NonBlockingConfig(maxPending, workers, resultLifetime, maxResultLifetime, h);
    }
}
