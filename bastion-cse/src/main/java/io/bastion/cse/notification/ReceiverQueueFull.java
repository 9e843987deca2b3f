package io.bastion.cse.notification;

/**
 * The failure a transport completes a delivery with when the receiver's queue in this CSE (a polling channel's) is
 * full: final, never retried, and counted as {@link DeliveryResult.Status#DROPPED}, like a notification dropped from
 * one of the dispatcher's own full queues.
 */
public final class ReceiverQueueFull extends RuntimeException {
    public ReceiverQueueFull(String message) {
        super(message, null, false, false);
    }
}
