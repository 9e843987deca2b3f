package io.bastion.cse.notification;

import io.bastion.core.resource.Resource;

/**
 * A resource of this CSE that takes the notifications of subscriptions itself ({@link NotificationRoute.Local}) rather
 * than having them sent anywhere: a {@code <crossResourceSubscription>} hears of the events of its target
 * subscriptions (TS-0004 7.5.1.2.18) and of their deletion (7.5.1.2.4, Receiver). Called on the thread that reports
 * the committed change; an implementation returns quickly and never waits for the network.
 */
public interface LocalReceiver {

    /** Nobody receives in process: every local non-AE target is unreachable. */
    LocalReceiver NONE = new LocalReceiver() {
        @Override
        public void notified(Resource receiver, Resource subscription) {
        }

        @Override
        public void subscriptionDeleted(Resource receiver, Resource subscription) {
        }
    };

    /** {@code subscription} notified {@code receiver} (one of its {@code nu}) of an event its criteria select. */
    void notified(Resource receiver, Resource subscription);

    /**
     * {@code subscription}, which names {@code receiver} in its {@code acrs}, was deleted (the subscription deletion
     * notification of TS-0004 7.4.8.2.4).
     */
    void subscriptionDeleted(Resource receiver, Resource subscription);
}
