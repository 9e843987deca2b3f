package io.bastion.cse.subscription;

import io.bastion.core.resource.Resource;
import io.bastion.cse.notification.NotificationDispatcher;
import io.bastion.cse.notification.NotificationJob;
import io.bastion.cse.notification.NotificationRoute;
import io.bastion.cse.notification.Notifications;

/**
 * The deletion notification ({@code sud}) of a deleted subscription or crossResourceSubscription to its
 * {@code subscriberURI} ({@code su}; TS-0004 7.5.1.2.4, 7.5.1.2.20), with the resource's {@code cr} when it has one.
 */
public final class DeletionNotices {
    private final NotificationDispatcher dispatcher;
    private final Notifications notifications;
    private final NotificationTargets targets;

    public DeletionNotices(NotificationDispatcher dispatcher, Notifications notifications,
                           NotificationTargets targets) {
        this.dispatcher = dispatcher;
        this.notifications = notifications;
        this.targets = targets;
    }

    /** Tells the {@code su} of {@code deleted}, when it has one, after its pending batched notifications. */
    public void send(Resource deleted) {
        String su = deleted.getText("su");
        if (su == null) {
            return;
        }
        dispatcher.flushBatches(deleted.ri()); // pending batched notifications go out before the deletion notice
        switch (targets.route(su)) {
            case NotificationRoute.Sending via -> {
                String poa = via.target();
                dispatcher.submit(NotificationJob.of(poa, null,
                        notifications.deletion(via.to(), notifications.subscriptionReference(deleted.ri()),
                                deleted.getText("cr")))
                        .withSerialization(via.serialization()));
            }
            case NotificationRoute.Polled polled -> dispatcher.submit(NotificationJob.of(polled.target(), null,
                    notifications.deletion(polled.target(), notifications.subscriptionReference(deleted.ri()),
                            deleted.getText("cr"))));
            case NotificationRoute.Blocked blocked -> dispatcher.undeliverable(deleted.ri(), su, blocked.reason());
            // A crossResourceSubscription hears of deletions through associatedCrossResourceSub only.
            case NotificationRoute.Local local -> dispatcher.undeliverable(deleted.ri(), su, "subscriberURI (su) "
                    + "names a resource that learns of deletions only through associatedCrossResourceSub (acrs)");
        }
    }
}
