package io.bastion.security.credential;

import java.time.Duration;

/**
 * At most one look at a credential file per interval: what keeps a credential source's {@code generation()} cheap
 * enough to ask for on every request. Between two looks {@link #due()} costs two volatile reads: it compares with a
 * coarse tick counter that one daemon thread of the JVM moves on every {@link #TICK_MILLIS} ms, instead of reading
 * the clock ({@code System.nanoTime()} measured 40..80 ns on the 2-core build machine, more than the rest of the
 * check together). Under load the ticks may come late, which only makes an interval longer. Two threads may find a
 * look due at the same moment; both then look, which is harmless. Thread-safe.
 */
public final class Recheck {
    /** The resolution of the intervals. */
    public static final long TICK_MILLIS = 25;

    private final long intervalTicks;
    private volatile long next;

    /** @param interval how long the last look is trusted (rounded up to whole ticks); zero looks every time */
    public Recheck(Duration interval) {
        if (interval.isNegative()) {
            throw new IllegalArgumentException("a recheck interval must not be negative");
        }
        long millis = interval.toMillis();
        this.intervalTicks = (millis + TICK_MILLIS - 1) / TICK_MILLIS;
        expire();
    }

    /** Whether a look is due now; if so, the next one is due an interval from now. */
    public boolean due() {
        if (intervalTicks == 0) {
            return true;
        }
        long now = Ticks.now;
        if (now < next) {
            return false;
        }
        next = now + intervalTicks;
        return true;
    }

    /** Makes the next {@link #due()} true, e.g. after this process changed the file itself. */
    public void expire() {
        next = Long.MIN_VALUE;
    }

    /** The coarse clock: started with the first {@code Recheck}, a daemon thread that only counts. */
    private static final class Ticks {
        static volatile long now;

        static {
            Thread.ofPlatform().daemon().name("bastion-recheck-ticks").start(Ticks::count);
        }

        private static void count() {
            while (true) {
                try {
                    Thread.sleep(TICK_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
                now++; // one writer: no lost update
            }
        }
    }
}
