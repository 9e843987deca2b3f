package io.bastion.cse.dynamic;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * One circuit per Dynamic Authorization Server: after {@code threshold} consecutive failures the DAS is skipped for
 * {@code coolDown}; then one consultation may try it again (half open), and its outcome closes or reopens the circuit.
 * So a dead DAS costs {@code threshold} bounded waits, then nothing until the cool-down has passed.
 */
public final class CircuitBreaker {
    private final int threshold;
    private final Duration coolDown;
    private final Clock clock;
    private final ConcurrentMap<URI, State> states = new ConcurrentHashMap<>();

    public CircuitBreaker(int threshold, Duration coolDown, Clock clock) {
        this.threshold = threshold;
        this.coolDown = coolDown;
        this.clock = clock;
    }

    /** Whether a consultation of {@code das} may go out now; an open circuit lets one trial through per cool-down. */
    public boolean allows(URI das) {
        State s = states.get(das);
        if (s == null) {
            return true;
        }
        synchronized (s) {
            if (s.failures < threshold) {
                return true;
            }
            Instant now = clock.instant();
            if (now.isBefore(s.openUntil)) {
                return false;
            }
            // Half open: this caller tries; others wait for another cool-down unless it succeeds.
            s.openUntil = now.plus(coolDown);
            return true;
        }
    }

    public void success(URI das) {
        states.remove(das);
    }

    public void failure(URI das) {
        State s = states.computeIfAbsent(das, k -> new State());
        synchronized (s) {
            s.failures++;
            if (s.failures >= threshold) {
                s.openUntil = clock.instant().plus(coolDown);
            }
        }
    }

    /** True while {@code das} is being skipped. */
    public boolean isOpen(URI das) {
        State s = states.get(das);
        if (s == null) {
            return false;
        }
        synchronized (s) {
            return s.failures >= threshold && clock.instant().isBefore(s.openUntil);
        }
    }

    private static final class State {
        int failures;
        Instant openUntil = Instant.MIN;
    }
}
