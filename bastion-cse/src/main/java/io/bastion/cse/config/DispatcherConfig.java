package io.bastion.cse.config;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits and timing of the {@link io.bastion.cse.notification.NotificationDispatcher}.
 *
 * @param attemptTimeout how long one delivery attempt may take before it counts as a transport failure
 * @param maxAttempts attempts per NOTIFY, the first included (1 means no retry)
 * @param initialBackoff wait before the first retry; doubled for each further retry
 * @param maxBackoff upper bound of the wait between retries
 * @param backoffJitter fraction (0 to 1) by which a wait is randomly shortened or lengthened, so that many
 *        subscribers of one dead target do not retry in lockstep
 * @param targetQueueCapacity NOTIFY primitives that may wait for one target; beyond it the oldest waiting one is
 *        dropped
 * @param totalCapacity notifications the dispatcher may hold in all (waiting in queues or collected in batches);
 *        beyond it new ones are dropped
 * @param maxBatchSize notifications one batch may collect; a batch that reaches it is sent early
 * @param senderThreads threads that start deliveries and handle their outcomes; the transport itself is asynchronous,
 *        so a few serve many targets
 * @param closeGrace how long {@link io.bastion.cse.notification.NotificationDispatcher#close()} waits for deliveries
 *        already on the wire
 */
public record DispatcherConfig(Duration attemptTimeout, int maxAttempts, Duration initialBackoff, Duration maxBackoff,
                               double backoffJitter, int targetQueueCapacity, int totalCapacity, int maxBatchSize,
                               int senderThreads, Duration closeGrace) {

    public DispatcherConfig {
        requirePositive(attemptTimeout, "attemptTimeout");
        requirePositive(initialBackoff, "initialBackoff");
        requirePositive(maxBackoff, "maxBackoff");
        Objects.requireNonNull(closeGrace, "closeGrace");
        if (closeGrace.isNegative()) {
            throw new IllegalArgumentException("closeGrace must not be negative");
        }
        if (maxAttempts < 1 || targetQueueCapacity < 1 || totalCapacity < 1 || maxBatchSize < 1 || senderThreads < 1) {
            throw new IllegalArgumentException("attempts, capacities, batch size and threads must be at least 1");
        }
        if (!(backoffJitter >= 0 && backoffJitter <= 1)) {
            throw new IllegalArgumentException("backoffJitter must be within 0..1");
        }
    }

    /** 5 s per attempt, 3 attempts, backoff 0.5 s doubling to 30 s, 1,000 per target, 20,000 in all, 2 threads. */
    public static DispatcherConfig defaults() {
        return new DispatcherConfig(Duration.ofSeconds(5), 3, Duration.ofMillis(500), Duration.ofSeconds(30), 0.2,
                1_000, 20_000, 1_000, 2, Duration.ofSeconds(2));
    }

    private static void requirePositive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }

    public DispatcherConfig withAttemptTimeout(Duration v) {
        return new DispatcherConfig(v, maxAttempts, initialBackoff, maxBackoff, backoffJitter, targetQueueCapacity,
                totalCapacity, maxBatchSize, senderThreads, closeGrace);
    }

    public DispatcherConfig withMaxAttempts(int v) {
        return new DispatcherConfig(attemptTimeout, v, initialBackoff, maxBackoff, backoffJitter, targetQueueCapacity,
                totalCapacity, maxBatchSize, senderThreads, closeGrace);
    }

    public DispatcherConfig withBackoff(Duration initial, Duration max, double jitter) {
        return new DispatcherConfig(attemptTimeout, maxAttempts, initial, max, jitter, targetQueueCapacity,
                totalCapacity, maxBatchSize, senderThreads, closeGrace);
    }

    public DispatcherConfig withCapacities(int perTarget, int total) {
        return new DispatcherConfig(attemptTimeout, maxAttempts, initialBackoff, maxBackoff, backoffJitter, perTarget,
                total, maxBatchSize, senderThreads, closeGrace);
    }

    public DispatcherConfig withMaxBatchSize(int v) {
        return new DispatcherConfig(attemptTimeout, maxAttempts, initialBackoff, maxBackoff, backoffJitter,
                targetQueueCapacity, totalCapacity, v, senderThreads, closeGrace);
    }

    public DispatcherConfig withSenderThreads(int v) {
        return new DispatcherConfig(attemptTimeout, maxAttempts, initialBackoff, maxBackoff, backoffJitter,
                targetQueueCapacity, totalCapacity, maxBatchSize, v, closeGrace);
    }

    public DispatcherConfig withCloseGrace(Duration v) {
        return new DispatcherConfig(attemptTimeout, maxAttempts, initialBackoff, maxBackoff, backoffJitter,
                targetQueueCapacity, totalCapacity, maxBatchSize, senderThreads, v);
    }
}
