package io.bastion.cse.notification;

import io.bastion.core.codec.Serialization;
import io.bastion.core.primitive.Request;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Collects the notifications of one (subscription, target) under {@code batchNotify} and releases them as one NOTIFY
 * when {@code num} are collected or {@code dur} has passed since the first (TS-0001 10.2.10.7). The clock decides
 * when a batch is due; the timer only wakes it up.
 */
final class Batcher {

    /** Receives what the batcher lets go; called outside the batcher's lock. */
    interface Listener {
        void ready(Outgoing batch);

        void superseded(NotificationJob job, CompletableFuture<DeliveryResult> future);
    }

    /** One batch per subscription, target and serialization: a batch is one primitive in one serialization. */
    private record Key(String subscriptionRi, String target, Serialization serialization) {
    }

    private static final class Batch {
        final long id;
        final Instant deadline;
        final BatchPolicy policy;
        final List<NotificationJob> jobs = new ArrayList<>();
        final List<CompletableFuture<DeliveryResult>> futures = new ArrayList<>();
        int events;
        ScheduledFuture<?> timer;

        Batch(long id, Instant deadline, BatchPolicy policy) {
            this.id = id;
            this.deadline = deadline;
            this.policy = policy;
        }
    }

    private final Clock clock;
    private final int maxBatchSize;
    private final ScheduledExecutorService timers;
    private final Listener listener;
    private final Map<Key, Batch> open = new HashMap<>();
    private long nextId;
    private boolean closed;

    Batcher(Clock clock, int maxBatchSize, ScheduledExecutorService timers, Listener listener) {
        this.clock = clock;
        this.maxBatchSize = maxBatchSize;
        this.timers = timers;
        this.listener = listener;
    }

    /** Adds a job to its batch; false once the batcher is closed. */
    boolean add(NotificationJob job, CompletableFuture<DeliveryResult> future) {
        Outgoing ready = null;
        List<NotificationJob> replacedJobs = List.of();
        List<CompletableFuture<DeliveryResult>> replaced = List.of();
        synchronized (this) {
            if (closed) {
                return false;
            }
            Key key = new Key(job.subscriptionRi(), job.target(), job.serialization());
            Batch batch = open.get(key);
            if (batch == null) {
                batch = new Batch(nextId++, clock.instant().plus(job.batch().duration()), job.batch());
                open.put(key, batch);
                schedule(key, batch, job.batch().duration());
            }
            if (job.latestNotify() && !batch.jobs.isEmpty()) {
                // Only the newest of a latestNotify batch is ever sent; let the older ones go now.
                replacedJobs = new ArrayList<>(batch.jobs);
                replaced = new ArrayList<>(batch.futures);
                batch.jobs.clear();
                batch.futures.clear();
            }
            batch.jobs.add(job);
            batch.futures.add(future);
            batch.events++;
            boolean full = batch.policy.number() > 0 && batch.events >= batch.policy.number();
            if (full || batch.jobs.size() >= maxBatchSize) {
                ready = take(key);
            }
        }
        for (int i = 0; i < replaced.size(); i++) {
            listener.superseded(replacedJobs.get(i), replaced.get(i));
        }
        if (ready != null) {
            listener.ready(ready);
        }
        return true;
    }

    /** Releases every batch whose duration has passed by the clock. */
    void flushDue() {
        List<Outgoing> ready = new ArrayList<>();
        synchronized (this) {
            Instant now = clock.instant();
            for (Key key : List.copyOf(open.keySet())) {
                if (!open.get(key).deadline.isAfter(now)) {
                    ready.add(take(key));
                }
            }
        }
        ready.forEach(listener::ready);
    }

    /** Releases the batches of one subscription now, e.g. before it is deleted. */
    void flush(String subscriptionRi) {
        List<Outgoing> ready = new ArrayList<>();
        synchronized (this) {
            for (Key key : List.copyOf(open.keySet())) {
                if (key.subscriptionRi().equals(subscriptionRi)) {
                    ready.add(take(key));
                }
            }
        }
        ready.forEach(listener::ready);
    }

    /** Closes the batcher and hands back what it held, unsent. */
    synchronized List<Outgoing> close() {
        closed = true;
        List<Outgoing> all = new ArrayList<>();
        for (Iterator<Key> it = List.copyOf(open.keySet()).iterator(); it.hasNext(); ) {
            all.add(take(it.next()));
        }
        return all;
    }

    synchronized int openBatches() {
        return open.size();
    }

    private void onTimer(Key key, long id) {
        Outgoing ready = null;
        synchronized (this) {
            Batch batch = open.get(key);
            if (batch == null || batch.id != id) {
                return;
            }
            Duration left = Duration.between(clock.instant(), batch.deadline);
            if (left.isNegative() || left.isZero()) {
                ready = take(key);
            } else {
                // The timer and the clock need not agree to the millisecond: wait for the rest.
                schedule(key, batch, left);
            }
        }
        if (ready != null) {
            listener.ready(ready);
        }
    }

    private void schedule(Key key, Batch batch, Duration wait) {
        if (closed) {
            return;
        }
        try {
            batch.timer = timers.schedule(() -> onTimer(key, batch.id), Math.max(1, wait.toNanos()),
                    TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            // Shutting down: close() takes every open batch anyway.
        }
    }

    /** Removes a batch and turns it into one primitive. Caller holds the lock. */
    private Outgoing take(Key key) {
        Batch batch = open.remove(key);
        if (batch.timer != null) {
            batch.timer.cancel(false);
        }
        NotificationJob newest = batch.jobs.get(batch.jobs.size() - 1);
        if (newest.latestNotify()) {
            // ln with bn: a single notification, not an aggregate (TS-0001 table 9.6.8-2, batchNotify).
            return new Outgoing(key.target(), key.subscriptionRi(), true, newest.request(), key.serialization(),
                    batch.futures);
        }
        List<Request> parts = batch.jobs.stream().map(NotificationJob::request).toList();
        return new Outgoing(key.target(), key.subscriptionRi(), false, Notifications.aggregate(parts),
                key.serialization(), batch.futures);
    }
}
