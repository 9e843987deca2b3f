package io.bastion.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Waits in tests for what a running server does within its recheck interval (reading a changed credential file,
 * writing an audit line): looks again every 20 ms instead of sleeping a fixed time, and fails once the bound has
 * passed.
 */
public final class Eventually {
    private static final long PAUSE_MILLIS = 20;

    private Eventually() {
    }

    /** One look at the server; may throw what the look throws. */
    @FunctionalInterface
    public interface Look<T> {
        T get() throws Exception;
    }

    /** The first answer of {@code look} other than null; fails with {@code failure} once {@code within} has passed. */
    public static <T> T present(String failure, Duration within, Look<T> look) throws Exception {
        return until(within, look, x -> x != null, last -> failure);
    }

    /** Returns once {@code look} is true; fails with {@code failure} once {@code within} has passed. */
    public static void holds(String failure, Duration within, Look<Boolean> look) throws Exception {
        until(within, look, Boolean::booleanValue, last -> failure);
    }

    /** The first answer of {@code look} that is {@code done}; fails naming the last answer once {@code within} passed. */
    public static <T> T matches(Duration within, Look<T> look, Predicate<? super T> done) throws Exception {
        return until(within, look, done, last -> "still " + last);
    }

    private static <T> T until(Duration within, Look<T> look, Predicate<? super T> done,
            Function<T, String> failure) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            T answer = look.get();
            if (done.test(answer)) {
                return answer;
            }
            assertThat(System.nanoTime()).as(failure.apply(answer)).isLessThan(deadline);
            Thread.sleep(PAUSE_MILLIS);
        }
    }
}
