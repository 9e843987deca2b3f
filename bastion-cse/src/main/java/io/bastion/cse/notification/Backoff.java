package io.bastion.cse.notification;

import java.time.Duration;
import java.util.random.RandomGenerator;

/** The wait before a retry: exponential from an initial delay, capped, with random jitter. */
final class Backoff {
    private final Duration initial;
    private final Duration max;
    private final double jitter;
    private final RandomGenerator random;

    Backoff(Duration initial, Duration max, double jitter, RandomGenerator random) {
        this.initial = initial;
        this.max = max;
        this.jitter = jitter;
        this.random = random;
    }

    /** The wait after {@code attemptsMade} failed attempts (1 for the first retry). */
    Duration delay(int attemptsMade) {
        double base = initial.toNanos() * Math.pow(2, Math.max(0, attemptsMade - 1));
        double capped = Math.min(base, max.toNanos());
        double factor = 1 + jitter * (2 * random.nextDouble() - 1);
        return Duration.ofNanos(Math.max(1, (long) (capped * factor)));
    }
}
