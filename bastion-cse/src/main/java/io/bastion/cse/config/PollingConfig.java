package io.bastion.cse.config;

import java.time.Duration;
import java.util.Objects;

/**
 * Bounds and timing of the polling channels ({@code <pollingChannel>}, TS-0001 10.2.5.12 to 10.2.5.19): what one AE's
 * channel may hold, how long a long poll is held, how long a request waits for its AE.
 *
 * @param maxQueued requests and notifications one channel may hold waiting for a poll ({@code polling.max-queued});
 *        beyond it a new one is refused with 5207 NOT_ACCEPTABLE. Requests handed to the AE and not yet answered are
 *        bounded by the same number
 * @param maxQueuedBytes the size of those waiting primitives together, as {@code m2m:rqp} JSON
 *        ({@code polling.max-queued-bytes}); one that would exceed it is refused likewise
 * @param pollTimeout the longest a RETRIEVE of {@code pcu} is held when nothing arrives ({@code polling.timeout-s});
 *        a poll's own {@code rqet} can only shorten it. Then it is answered 4008 REQUEST_TIMEOUT
 * @param expiry how long a request or notification waits in a channel, and for the AE's answer after the AE took it,
 *        when its {@code rqet} does not say less ({@code polling.expiry-s}); then its requester is answered 4008
 */
public record PollingConfig(int maxQueued, long maxQueuedBytes, Duration pollTimeout, Duration expiry) {

    public PollingConfig {
        Objects.requireNonNull(pollTimeout, "pollTimeout");
        Objects.requireNonNull(expiry, "expiry");
        if (maxQueued < 1 || maxQueuedBytes < 1) {
            throw new IllegalArgumentException("polling.max-queued and polling.max-queued-bytes must be at least 1");
        }
        if (pollTimeout.isNegative() || pollTimeout.isZero() || expiry.isNegative() || expiry.isZero()) {
            throw new IllegalArgumentException("polling.timeout-s and polling.expiry-s must be positive");
        }
    }

    /** 100 primitives and 256 KiB per channel, polls held 30 s, requests kept 300 s. */
    public static PollingConfig defaults() {
        return new PollingConfig(100, 256 * 1024, Duration.ofSeconds(30), Duration.ofSeconds(300));
    }
}
