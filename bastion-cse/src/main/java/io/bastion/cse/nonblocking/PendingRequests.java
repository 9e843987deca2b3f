package io.bastion.cse.nonblocking;

import io.bastion.core.primitive.Peer;
import io.bastion.core.primitive.Request;
import io.bastion.core.resource.ResourceTypes;
import io.bastion.cse.config.NonBlockingConfig;
import io.bastion.cse.resource.ResourceEvent;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The accepted non-blocking requests not yet finished, bounded by {@link NonBlockingConfig#maxPending()}: a slot is
 * reserved before the {@code <request>} is stored and freed when its work ends, so that neither the queue nor the store
 * grows past the limit under load. A fixed number of workers runs them in acceptance order, each after the configured
 * hold. A pending one can be cancelled until a worker starts it (TS-0001 10.2.5.6); the ones of an earlier run are
 * given back by {@link #resume}.
 */
public final class PendingRequests implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PendingRequests.class);

    /** Where a request's work stands. */
    enum State { PENDING, RUNNING, CANCELLED }

    /** What became of a cancellation. */
    public enum Cancel {
        /** It was pending and will never run. */
        CANCELLED,
        /** A worker is running it: it cannot be recalled. */
        RUNNING,
        /** Nothing is pending for it (it finished, or it is no request of this run). */
        NONE
    }

    /** One accepted request: the primitive as received (with its tokens) when this run accepted it, else null. */
    record Work(String ri, Request original, Peer peer) {
    }

    private final NonBlockingConfig config;
    private final ScheduledThreadPoolExecutor workers;
    private final AtomicInteger reserved = new AtomicInteger();
    private final Map<String, AtomicReference<State>> states = new ConcurrentHashMap<>();
    private final Map<String, ScheduledFuture<?>> scheduled = new ConcurrentHashMap<>();

    public PendingRequests(NonBlockingConfig config) {
        this.config = config;
        AtomicInteger n = new AtomicInteger();
        this.workers = new ScheduledThreadPoolExecutor(config.workers(), r -> {
            Thread t = new Thread(r, "bastion-nonblocking-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        workers.setRemoveOnCancelPolicy(true);
    }

    /** Takes a slot for one more request; false when {@link NonBlockingConfig#maxPending()} are pending. */
    boolean tryReserve() {
        while (true) {
            int n = reserved.get();
            if (n >= config.maxPending()) {
                return false;
            }
            if (reserved.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    /** Gives back a slot taken by {@link #tryReserve} for a request that was not accepted after all. */
    void release() {
        reserved.decrementAndGet();
    }

    /**
     * Queues the work of a request whose slot is reserved and whose {@code <request>} is stored.
     *
     * @param run executes the request and records its result
     */
    void submit(Work w, Consumer<Work> run) {
        AtomicReference<State> state = new AtomicReference<>(State.PENDING);
        states.put(w.ri(), state);
        try {
            scheduled.put(w.ri(), workers.schedule(() -> start(w, state, run), config.hold().toMillis(),
                    TimeUnit.MILLISECONDS));
        } catch (RejectedExecutionException e) {
            // closing: the request stays PENDING in the store and runs after the next start
            finish(w.ri());
        }
    }

    /**
     * Requests of an earlier run that were still pending: they take slots beyond the limit if they must (they were
     * accepted), and run after the hold like new ones.
     */
    void resume(Work w, Consumer<Work> run) {
        reserved.incrementAndGet();
        submit(w, run);
    }

    private void start(Work w, AtomicReference<State> state, Consumer<Work> run) {
        if (!state.compareAndSet(State.PENDING, State.RUNNING)) {
            finish(w.ri());
            return;
        }
        try {
            run.accept(w);
        } catch (RuntimeException e) {
            LOG.warn("non-blocking request {} failed unexpectedly", w.ri(), e);
        } finally {
            finish(w.ri());
        }
    }

    private void finish(String ri) {
        scheduled.remove(ri);
        if (states.remove(ri) != null) {
            reserved.decrementAndGet();
        }
    }

    /** Cancels the pending work of {@code ri} if no worker started it (TS-0004 7.4.12.2.4). */
    public Cancel cancel(String ri) {
        AtomicReference<State> state = states.get(ri);
        if (state == null) {
            return Cancel.NONE;
        }
        if (state.compareAndSet(State.PENDING, State.CANCELLED)) {
            ScheduledFuture<?> f = scheduled.get(ri);
            if (f != null) {
                f.cancel(false); // leaves the queue at once; a worker that took it meanwhile sees CANCELLED
            }
            finish(ri); // its place is free now
            return Cancel.CANCELLED;
        }
        return state.get() == State.RUNNING ? Cancel.RUNNING : Cancel.CANCELLED;
    }

    /**
     * Cancels the pending work of every {@code <request>} a committed change deleted (by its originator or by expiry).
     * Nothing to look at while no request is pending, which keeps this off the path of every other write.
     */
    public void committed(List<ResourceEvent> events) {
        if (states.isEmpty()) {
            return;
        }
        for (ResourceEvent e : events) {
            if (e.kind() == ResourceEvent.Kind.DELETED && e.resource().ty() == ResourceTypes.REQ) {
                cancel(e.resource().ri());
            }
        }
    }

    /** Accepted requests not yet finished (queued or running). */
    public int pending() {
        return reserved.get();
    }

    /** Stops the workers; requests not yet finished stay PENDING in the store and run after the next start. */
    @Override
    public void close() {
        workers.shutdownNow();
        try {
            workers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
