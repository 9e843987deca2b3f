package io.bastion.cse.timing;

import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.primitive.Request;
import io.bastion.core.primitive.ResponseStatusCode;
import io.bastion.cse.config.OperationTimeConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * When a request may run, and the wait of a blocking request until then (TS-0001 8.1.2 Operation Execution Time:
 * "executed ... starting at the operational execution time"; TS-0004 7.3.3.5 to 7.3.3.9: "shall not perform the
 * procedures before the time").
 *
 * <p>A held request waits on the CSE's clock, not on wall time: it is woken at least once a second to read the clock
 * again (so a clock that jumps is followed), and at once by {@link #wake}, which a test calls after moving an
 * injected clock. The wait is bounded by {@link OperationTimeConfig}: how far ahead, and how many at once, since each
 * held request keeps the worker processing it.
 *
 * <p>Parts that run requests later rather than hold them (non-blocking requests) ask {@link #runAt} when a request
 * may run.
 */
public final class OperationTimer implements AutoCloseable {
    /** The longest a held request sleeps before it reads the clock again. */
    private static final long SLICE_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final Clock clock;
    private final OperationTimeConfig config;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition tick = lock.newCondition();
    private final AtomicInteger waiting = new AtomicInteger();
    private volatile boolean closed;

    public OperationTimer(Clock clock, OperationTimeConfig config) {
        this.clock = clock;
        this.config = config;
    }

    /**
     * The time from which {@code rq}, received at {@code received}, may run: its {@code oet} when that lies ahead,
     * else {@code received}.
     *
     * @throws OneM2MException 4000 when a time parameter is malformed
     */
    public static Instant runAt(Request rq, Instant received) {
        return rq.oet() == null ? received : RequestTimes.of(rq, received).runAt(received);
    }

    /**
     * Holds the calling thread until the clock reaches {@code until}.
     *
     * @param received when the request was received: {@code until} may lie at most {@code oet.max-wait-s} after it
     * @throws OneM2MException 4000 when {@code until} lies too far ahead, 5207 when {@code oet.max-waiting} requests
     *         are held already, 5000 when the CSE stops (or the thread is interrupted) during the wait
     */
    public void hold(Instant until, Instant received) {
        Duration ahead = Duration.between(received, until);
        if (ahead.compareTo(config.maxWait()) > 0) {
            throw OneM2MException.badRequest("operation execution time (oet) lies " + ahead.toSeconds()
                    + " s ahead; a blocking request is held at most " + config.maxWait().toSeconds()
                    + " s (oet.max-wait-s)");
        }
        if (waiting.incrementAndGet() > config.maxWaiting()) {
            waiting.decrementAndGet();
            throw new OneM2MException(ResponseStatusCode.NOT_ACCEPTABLE, "too many requests wait for their "
                    + "operation execution time (oet.max-waiting " + config.maxWaiting() + "); try again later");
        }
        try {
            lock.lockInterruptibly();
            try {
                Instant now;
                while (!closed && (now = clock.instant()).isBefore(until)) {
                    tick.awaitNanos(Math.min(Duration.between(now, until).toNanos(), SLICE_NANOS));
                }
            } finally {
                lock.unlock();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OneM2MException(ResponseStatusCode.INTERNAL_SERVER_ERROR,
                    "the wait for the operation execution time (oet) was interrupted");
        } finally {
            waiting.decrementAndGet();
        }
        if (closed) {
            throw new OneM2MException(ResponseStatusCode.INTERNAL_SERVER_ERROR,
                    "the CSE stopped before the operation execution time (oet)");
        }
    }

    /** Makes every held request read the clock now (after an injected clock was moved). */
    public void wake() {
        lock.lock();
        try {
            tick.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** How many requests are held now. */
    public int waiting() {
        return waiting.get();
    }

    /** Releases every held request with 5000 and refuses to hold more. */
    @Override
    public void close() {
        closed = true;
        wake();
    }
}
