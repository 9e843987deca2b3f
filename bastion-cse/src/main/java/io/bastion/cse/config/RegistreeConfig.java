package io.bastion.cse.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How this CSE keeps its registration with its registrar ({@link MccConfig.Registrar}) alive: the points of access it
 * announces, how it retries while the registrar cannot be reached, and how long one exchange may take.
 *
 * @param poa {@code cse.poa}: the points of access this CSE announces in its {@code <remoteCSE>} on the registrar, in
 *        order of preference; empty (the default) means the addresses of its own HTTPS and HTTP doors as they listen
 * @param retryInitial {@code registrar.retry-initial-ms}: the pause after the first failed attempt; each further
 *        failure doubles it
 * @param retryMax {@code registrar.retry-max-ms}: the longest pause between two attempts (the doubling stops there)
 * @param timeout {@code registrar.timeout-ms}: the longest one request to the registrar may take
 */
public record RegistreeConfig(List<String> poa, Duration retryInitial, Duration retryMax, Duration timeout) {
    public static final Duration DEFAULT_RETRY_INITIAL = Duration.ofSeconds(1);
    public static final Duration DEFAULT_RETRY_MAX = Duration.ofMinutes(5);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    public RegistreeConfig {
        poa = List.copyOf(poa);
        Objects.requireNonNull(retryInitial, "retryInitial");
        Objects.requireNonNull(retryMax, "retryMax");
        Objects.requireNonNull(timeout, "timeout");
        for (String p : poa) {
            if (!p.regionMatches(true, 0, "http://", 0, 7) && !p.regionMatches(true, 0, "https://", 0, 8)
                    || p.chars().anyMatch(c -> c <= ' ')) {
                throw new IllegalArgumentException("cse.poa entries are http:// or https:// addresses, not '" + p
                        + "'");
            }
        }
        if (retryInitial.toMillis() < 1 || retryMax.compareTo(retryInitial) < 0) {
            throw new IllegalArgumentException("registrar.retry-initial-ms must be at least 1 and at most "
                    + "registrar.retry-max-ms");
        }
        if (timeout.toMillis() < 1) {
            throw new IllegalArgumentException("registrar.timeout-ms must be at least 1");
        }
    }

    /** The doors' own addresses, retries from 1 s doubling up to 5 min, 10 s per exchange. */
    public static RegistreeConfig defaults() {
        return new RegistreeConfig(List.of(), DEFAULT_RETRY_INITIAL, DEFAULT_RETRY_MAX, DEFAULT_TIMEOUT);
    }

    /** The pause before attempt {@code failures + 1}, after {@code failures} failed ones (at least one). */
    public Duration pauseAfter(int failures) {
        long ms = retryInitial.toMillis();
        for (int i = 1; i < failures && ms < retryMax.toMillis(); i++) {
            ms *= 2;
        }
        return Duration.ofMillis(Math.min(ms, retryMax.toMillis()));
    }

    public RegistreeConfig withPoa(List<String> p) {
        return new RegistreeConfig(p, retryInitial, retryMax, timeout);
    }

    public RegistreeConfig withRetry(Duration initial, Duration max) {
        return new RegistreeConfig(poa, initial, max, timeout);
    }

    public RegistreeConfig withTimeout(Duration t) {
        return new RegistreeConfig(poa, retryInitial, retryMax, t);
    }
}
