package io.bastion.cse.notification;

import io.bastion.core.primitive.Response;

/**
 * How one submitted {@link NotificationJob} ended.
 *
 * @param status the outcome
 * @param target the point of access
 * @param subscriptionRi the job's subscription, or null
 * @param notifyRqi the {@code rqi} of the NOTIFY primitive the job went out in (for a batch, the aggregated one),
 *        or null if it never went out
 * @param attempts how many times that primitive was handed to the transport
 * @param response the receiver's last response, or null
 * @param error the last transport failure (e.g. a timeout), or null
 * @param lead true for exactly one job per NOTIFY primitive (the newest in a batch), so per-primitive counting
 *        ({@code exc}, notification statistics) never counts a batch twice; a job that never joined a primitive
 *        (dropped, replaced or cancelled on arrival) stands for its own
 */
public record DeliveryResult(Status status, String target, String subscriptionRi, String notifyRqi, int attempts,
                             Response response, Throwable error, boolean lead) {

    /** The possible outcomes of a job. */
    public enum Status {
        /** The receiver answered with a success status code (1xxx or 2xxx). */
        DELIVERED,
        /** The receiver refused it (4xxx or 6xxx), or retries ran out on timeouts, transport failures and 5xxx. */
        FAILED,
        /** Thrown away because the target's queue, the dispatcher or the receiver's polling channel was full. */
        DROPPED,
        /** Replaced by a newer notification of the same subscription under {@code latestNotify}. */
        SUPERSEDED,
        /** Not sent because the dispatcher closed. */
        CANCELLED
    }

    public boolean delivered() {
        return status == Status.DELIVERED;
    }

    /**
     * True when this result stands for one NOTIFY primitive successfully sent: what decrements a subscription's
     * {@code expirationCounter} (TS-0004 7.5.1.2.2 step 5.0).
     */
    public boolean countsAsSentNotify() {
        return status == Status.DELIVERED && lead;
    }

    /**
     * True for one result per NOTIFY request the CSE issued, whatever became of it (a subscription's
     * notificationStatsInfo {@code rqs}): delivered, refused, failed, dropped or cancelled. A job replaced under
     * {@code latestNotify} is none: the request that replaced it counts.
     */
    public boolean countsAsRequest() {
        return lead && status != Status.SUPERSEDED;
    }

    /** True when the request {@link #countsAsRequest} stands for was answered by the receiver, with any status code. */
    public boolean answered() {
        return countsAsRequest() && response != null;
    }
}
