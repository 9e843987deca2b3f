package io.bastion.cse.notification;

/**
 * A snapshot of the {@link NotificationDispatcher}'s counters, for tests and metrics. Counts of primitives are NOTIFY
 * requests put on the wire (a batch is one); counts of jobs are submitted notifications.
 *
 * @param submitted jobs accepted by {@code submit}
 * @param delivered primitives the receiver accepted
 * @param failed primitives given up on (refused, or out of retries)
 * @param retried retry attempts made
 * @param dropped jobs thrown away because a queue or the dispatcher was full
 * @param superseded jobs replaced by a newer one under {@code latestNotify}
 * @param undeliverable notifications never handed over, because their receiver cannot take them (see
 *        {@link NotificationDispatcher#undeliverable})
 * @param held jobs currently waiting in queues or batches (not counting those on the wire)
 * @param openBatches batches currently collecting
 */
public record DispatcherStats(long submitted, long delivered, long failed, long retried, long dropped,
                              long superseded, long undeliverable, int held, int openBatches) {
}
