package io.bastion.cse.notification;

import io.bastion.core.binding.NotificationTransport;
import io.bastion.core.primitive.Response;
import io.bastion.core.primitive.ResponseStatusCode;
import io.bastion.core.text.Excerpt;
import io.bastion.cse.config.DispatcherConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers NOTIFY primitives after the triggering write has committed, without ever blocking the caller: bounded
 * per-target queues, one delivery in flight per target (so each target sees its notifications in order), retries with
 * exponential backoff, and {@code batchNotify}/{@code latestNotify} handling.
 *
 * <p>Overload policy: when a target's queue is full its <em>oldest</em> waiting notification is dropped, because a
 * subscriber is better served by the newest state than by history it can no longer keep up with; when the dispatcher
 * as a whole is full the <em>new</em> notification is dropped, so that one flooded target cannot push out the
 * notifications of others. A notification a polling channel refuses because it is full ({@link ReceiverQueueFull}) is
 * dropped as well. All count as {@code dropped}.
 *
 * <p>Retry policy: transport failures (including the attempt timeout) and 5xxx answers are retried up to
 * {@link DispatcherConfig#maxAttempts()}; other error answers (4xxx, 6xxx) are final, since sending the same request
 * again cannot change them.
 */
public final class NotificationDispatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NotificationDispatcher.class);
    /** Extra time the transport gets past its own timeout before the dispatcher stops waiting for it. */
    private static final Duration WATCHDOG_GRACE = Duration.ofMillis(250);
    private static final int MAX_UNDELIVERABLE_LOGGED = 4096;

    private final NotificationTransport transport;
    private final DispatcherConfig config;
    private final Backoff backoff;
    private final ExecutorService senders;
    private final ScheduledExecutorService timers;
    private final Batcher batcher;

    private final Object lock = new Object();
    /** Targets with work, guarded by {@link #lock}. A target leaves the map when its queue runs empty. */
    private final Map<String, TargetQueue> queues = new HashMap<>();
    private boolean closed;
    /** Taken from a queue and not yet settled: on the wire or waiting for a retry. */
    private final Set<Outgoing> active = ConcurrentHashMap.newKeySet();
    private final AtomicInteger held = new AtomicInteger();

    private final LongAdder submitted = new LongAdder();
    private final LongAdder delivered = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder retried = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder superseded = new LongAdder();
    private final LongAdder undeliverable = new LongAdder();
    /** Subscription and receiver pairs already logged at INFO as undeliverable; bounded, cleared when full. */
    private final Set<String> undeliverableLogged = ConcurrentHashMap.newKeySet();

    private static final class TargetQueue {
        final String target;
        final ArrayDeque<Outgoing> pending = new ArrayDeque<>();
        /** A delivery chain owns this target: sending, waiting for a retry, or about to take the next one. */
        boolean busy;

        TargetQueue(String target) {
            this.target = target;
        }

        Outgoing waitingLatest(String subscriptionRi) {
            for (Iterator<Outgoing> it = pending.descendingIterator(); it.hasNext(); ) {
                Outgoing o = it.next();
                if (o.latest && subscriptionRi.equals(o.subscriptionRi)) {
                    return o;
                }
            }
            return null;
        }
    }

    public NotificationDispatcher(NotificationTransport transport, DispatcherConfig config) {
        this(transport, config, Clock.systemUTC(), new Random());
    }

    /**
     * @param clock decides when a batch's duration has passed
     * @param random jitter of the retry backoff; must be safe for use from several threads
     */
    public NotificationDispatcher(NotificationTransport transport, DispatcherConfig config, Clock clock,
                                  RandomGenerator random) {
        this.transport = transport;
        this.config = config;
        this.backoff = new Backoff(config.initialBackoff(), config.maxBackoff(), config.backoffJitter(), random);
        this.senders = Executors.newFixedThreadPool(config.senderThreads(), daemon("bastion-notify-"));
        ScheduledThreadPoolExecutor stpe = new ScheduledThreadPoolExecutor(1, daemon("bastion-notify-timer-"));
        // Watchdogs are cancelled on nearly every delivery: do not let them pile up until their deadline.
        stpe.setRemoveOnCancelPolicy(true);
        this.timers = stpe;
        this.batcher = new Batcher(clock, config.maxBatchSize(), timers, new Batcher.Listener() {
            @Override
            public void ready(Outgoing batch) {
                enqueue(batch);
            }

            @Override
            public void superseded(NotificationJob job, CompletableFuture<DeliveryResult> future) {
                held.decrementAndGet();
                superseded.increment();
                future.complete(Outgoing.unsent(DeliveryResult.Status.SUPERSEDED, job));
            }
        });
    }

    /**
     * Accepts a notification for delivery and returns at once, whatever the state of its target. The future
     * completes when the notification is delivered, given up on, dropped, replaced or cancelled; it never completes
     * exceptionally. Completion runs on a dispatcher thread: move blocking work (e.g. a store write) elsewhere.
     */
    public CompletableFuture<DeliveryResult> submit(NotificationJob job) {
        CompletableFuture<DeliveryResult> future = new CompletableFuture<>();
        submitted.increment();
        if (isClosed()) {
            future.complete(Outgoing.unsent(DeliveryResult.Status.CANCELLED, job));
            return future;
        }
        if (!reserve()) {
            dropped.increment();
            LOG.debug("notification for {} dropped: dispatcher full ({} held)", job.target(), held.get());
            future.complete(Outgoing.unsent(DeliveryResult.Status.DROPPED, job));
            return future;
        }
        if (job.batch() != null) {
            if (!batcher.add(job, future)) {
                held.decrementAndGet();
                future.complete(Outgoing.unsent(DeliveryResult.Status.CANCELLED, job));
            }
            return future;
        }
        enqueue(Outgoing.of(job, future));
        return future;
    }

    /**
     * Records a notification of {@code subscriptionRi} that is not sent because {@code receiver} (a {@code nu} or
     * {@code su} entry) cannot take it, e.g. it accepts no serialization this CSE writes: counted in
     * {@link DispatcherStats#undeliverable()} and logged at INFO with the reason the first time for that subscription
     * and receiver, at DEBUG after that, so that a busy resource cannot flood the log.
     */
    public void undeliverable(String subscriptionRi, String receiver, String reason) {
        undeliverable.increment();
        String key = subscriptionRi + " " + receiver;
        if (undeliverableLogged.size() >= MAX_UNDELIVERABLE_LOGGED) {
            undeliverableLogged.clear();
        }
        if (undeliverableLogged.add(key)) {
            LOG.info("notifications of subscription {} are not sent to {}: {}", subscriptionRi,
                    Excerpt.of(receiver), reason);
        } else {
            LOG.debug("notification of subscription {} not sent to {}: {}", subscriptionRi, Excerpt.of(receiver),
                    reason);
        }
    }

    /** Sends the open batches of a subscription now rather than at their deadline, e.g. before deleting it. */
    public void flushBatches(String subscriptionRi) {
        batcher.flush(subscriptionRi);
    }

    /** Sends every batch whose duration has passed by the clock; the timers normally do this. */
    void flushDueBatches() {
        batcher.flushDue();
    }

    public DispatcherStats stats() {
        return new DispatcherStats(submitted.sum(), delivered.sum(), failed.sum(), retried.sum(), dropped.sum(),
                superseded.sum(), undeliverable.sum(), held.get(), batcher.openBatches());
    }

    private boolean isClosed() {
        synchronized (lock) {
            return closed;
        }
    }

    private boolean reserve() {
        while (true) {
            int h = held.get();
            if (h >= config.totalCapacity()) {
                return false;
            }
            if (held.compareAndSet(h, h + 1)) {
                return true;
            }
        }
    }

    /** Puts a primitive (whose jobs are already counted in {@link #held}) in its target's queue. */
    private void enqueue(Outgoing o) {
        Outgoing evicted = null;
        List<CompletableFuture<DeliveryResult>> replaced = List.of();
        TargetQueue start = null;
        boolean cancel = false;
        synchronized (lock) {
            if (closed) {
                cancel = true;
            } else {
                TargetQueue q = queues.computeIfAbsent(o.target, TargetQueue::new);
                Outgoing older = o.latest ? q.waitingLatest(o.subscriptionRi) : null;
                if (older != null) {
                    // latestNotify: the newer takes the older one's place in line (TS-0004 7.5.1.2.2).
                    replaced = older.replaceWith(o);
                } else {
                    if (q.pending.size() >= config.targetQueueCapacity()) {
                        evicted = q.pending.pollFirst();
                    }
                    q.pending.addLast(o);
                }
                if (!q.busy) {
                    q.busy = true;
                    start = q;
                }
            }
        }
        if (cancel) {
            held.addAndGet(-o.jobs());
            o.settle(DeliveryResult.Status.CANCELLED, null, null);
            return;
        }
        if (!replaced.isEmpty()) {
            held.addAndGet(-replaced.size());
            superseded.add(replaced.size());
            for (CompletableFuture<DeliveryResult> f : replaced) {
                f.complete(new DeliveryResult(DeliveryResult.Status.SUPERSEDED, o.target, o.subscriptionRi, null, 0,
                        null, null, false));
            }
        }
        if (evicted != null) {
            held.addAndGet(-evicted.jobs());
            dropped.add(evicted.jobs());
            LOG.debug("oldest notification for {} dropped: target queue full", evicted.target);
            evicted.settle(DeliveryResult.Status.DROPPED, null, null);
        }
        if (start != null) {
            TargetQueue q = start;
            onSender(() -> sendNext(q), null);
        }
    }

    /** Takes the next primitive of a target and sends it, or releases the target when nothing waits. */
    private void sendNext(TargetQueue q) {
        Outgoing o;
        synchronized (lock) {
            o = q.pending.pollFirst();
            if (o == null) {
                q.busy = false;
                queues.remove(q.target, q);
                return;
            }
        }
        held.addAndGet(-o.jobs());
        active.add(o);
        attempt(q, o);
    }

    private void attempt(TargetQueue q, Outgoing o) {
        if (isClosed()) {
            finish(q, o, DeliveryResult.Status.CANCELLED, null, null);
            return;
        }
        o.nextAttempt();
        CompletableFuture<Response> sent;
        try {
            if (!transport.supports(o.target)) {
                // No transport will ever reach this address: retrying cannot help.
                finish(q, o, DeliveryResult.Status.FAILED, null,
                        new IllegalArgumentException("no transport for " + o.target));
                return;
            }
            o.onWire = true;
            sent = transport.send(o.target, o.request(), o.serialization(), config.attemptTimeout());
        } catch (RuntimeException e) {
            sent = CompletableFuture.failedFuture(e);
        }
        if (sent == null) {
            sent = CompletableFuture.failedFuture(new IllegalStateException("transport returned no future"));
        }
        // A transport that never answers must not hold the target forever: our own watchdog ends the attempt.
        CompletableFuture<Response> attempt = new CompletableFuture<>();
        ScheduledFuture<?> watchdog;
        try {
            watchdog = timers.schedule(() -> attempt.completeExceptionally(
                            new TimeoutException("no answer from " + o.target + " within " + config.attemptTimeout())),
                    config.attemptTimeout().plus(WATCHDOG_GRACE).toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            finish(q, o, DeliveryResult.Status.CANCELLED, null, null);
            return;
        }
        sent.whenComplete((r, e) -> {
            if (e != null) {
                attempt.completeExceptionally(e);
            } else {
                attempt.complete(r);
            }
        });
        // Handle the outcome on a dispatcher thread, never on the transport's I/O thread.
        attempt.whenComplete((r, e) -> {
            watchdog.cancel(false);
            onSender(() -> onOutcome(q, o, r, e), o);
        });
    }

    private void onOutcome(TargetQueue q, Outgoing o, Response r, Throwable e) {
        o.onWire = false;
        Throwable error = unwrap(e);
        if (error instanceof ReceiverQueueFull full) {
            // The receiver's queue in this CSE (a polling channel's) is full: dropped, as from a full queue here.
            dropped.increment();
            LOG.debug("notification {} to {} dropped: {}", o.request().rqi(), o.target, full.getMessage());
            finish(q, o, DeliveryResult.Status.DROPPED, null, full);
            return;
        }
        ResponseStatusCode rsc = error == null && r != null ? r.rsc() : null;
        if (rsc != null && rsc.isSuccess()) {
            finish(q, o, DeliveryResult.Status.DELIVERED, r, null);
            return;
        }
        boolean transientFailure = rsc == null || (rsc.code() >= 5000 && rsc.code() < 6000);
        if (transientFailure && o.attempts() < config.maxAttempts() && !isClosed()) {
            retried.increment();
            Duration wait = backoff.delay(o.attempts());
            LOG.debug("notification {} to {} failed ({}), retry in {} ms", o.request().rqi(), o.target,
                    rsc != null ? rsc.code() : error, wait.toMillis());
            try {
                timers.schedule(() -> onSender(() -> attempt(q, o), o), wait.toNanos(), TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException ex) {
                finish(q, o, DeliveryResult.Status.CANCELLED, r, error);
            }
            return;
        }
        LOG.debug("notification {} to {} failed after {} attempt(s): {}", o.request().rqi(), o.target, o.attempts(),
                rsc != null ? rsc.code() : error);
        finish(q, o, DeliveryResult.Status.FAILED, r, error);
    }

    /** Settles a primitive that left its queue, counts it, and moves on to the target's next one. */
    private void finish(TargetQueue q, Outgoing o, DeliveryResult.Status status, Response r, Throwable error) {
        active.remove(o);
        o.settle(status, r, error, () -> {
            switch (status) {
                case DELIVERED -> delivered.increment();
                case FAILED -> failed.increment();
                default -> { }
            }
        });
        sendNext(q);
    }

    /** Runs a task on a sender thread; if the dispatcher has shut down, cancels {@code o} instead. */
    private void onSender(Runnable task, Outgoing o) {
        try {
            senders.execute(task);
        } catch (RejectedExecutionException e) {
            if (o != null) {
                active.remove(o);
                o.settle(DeliveryResult.Status.CANCELLED, null, null);
            }
        }
    }

    private static Throwable unwrap(Throwable e) {
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    /**
     * Stops accepting notifications, cancels those waiting in queues and batches, gives deliveries already on the
     * wire up to {@link DispatcherConfig#closeGrace()} to finish, then cancels the rest and stops the threads.
     */
    @Override
    public void close() {
        List<Outgoing> unsent = new ArrayList<>();
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            for (TargetQueue q : queues.values()) {
                unsent.addAll(q.pending);
                q.pending.clear();
            }
        }
        unsent.addAll(batcher.close());
        for (Outgoing o : unsent) {
            held.addAndGet(-o.jobs());
            o.settle(DeliveryResult.Status.CANCELLED, null, null);
        }
        long deadline = System.nanoTime() + config.closeGrace().toNanos();
        while (active.stream().anyMatch(o -> o.onWire) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        timers.shutdownNow();
        senders.shutdownNow();
        for (Outgoing o : List.copyOf(active)) {
            active.remove(o);
            o.settle(DeliveryResult.Status.CANCELLED, null, null);
        }
        try {
            senders.awaitTermination(1, TimeUnit.SECONDS);
            timers.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
