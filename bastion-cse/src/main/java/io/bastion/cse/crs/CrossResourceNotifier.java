package io.bastion.cse.crs;

import io.bastion.core.resource.Resource;
import io.bastion.core.resource.ResourceTypes;
import io.bastion.core.time.Timestamps;
import io.bastion.cse.notification.LocalReceiver;
import io.bastion.cse.notification.NotificationDispatcher;
import io.bastion.cse.notification.NotificationJob;
import io.bastion.cse.notification.NotificationRoute;
import io.bastion.cse.notification.Notifications;
import io.bastion.cse.resource.ResourceDeletion;
import io.bastion.cse.resource.ResourceEvent;
import io.bastion.cse.subscription.DeletionNotices;
import io.bastion.cse.subscription.ExpirationCounter;
import io.bastion.cse.subscription.NotificationTargets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * The cross-resource notification procedure (TS-0001 10.2.10.26, TS-0004 7.5.1.2.18): takes in process the
 * notifications of the subscriptions a crossResourceSubscription made or joined, holds them in its time window
 * ({@link WindowState}, in memory: a restart or an update of {@code twt}/{@code tws} starts the windows afresh, a
 * periodic one from the crossResourceSubscription's creation time after a restart), and when every target has reported
 * within one window sends one notification to each of its {@code nu} through the dispatcher. Each one sent decrements
 * {@code exc}, and at zero the crossResourceSubscription is deleted (7.5.1.2.18). The deletion of a target subscription
 * deletes it (7.5.1.2.4 Receiver); its own deletion, however caused, is told to its {@code su} (7.5.1.2.20).
 */
public final class CrossResourceNotifier implements LocalReceiver, Consumer<List<ResourceEvent>> {
    private final NotificationDispatcher dispatcher;
    private final Notifications notifications;
    private final NotificationTargets targets;
    private final ResourceDeletion deletion;
    private final ExpirationCounter counter;
    private final DeletionNotices deletionNotices;
    private final Executor bookkeeping;
    private final Clock clock;
    private final Consumer<List<ResourceEvent>> committed;
    private final Map<String, WindowState> windows = new ConcurrentHashMap<>();

    /**
     * @param bookkeeping a thread that may wait for the store (never the dispatcher's), for {@code exc}
     * @param committed where the changes this notifier makes (deletions) are reported, as every committed change
     */
    public CrossResourceNotifier(NotificationDispatcher dispatcher, Notifications notifications,
                                 NotificationTargets targets, ResourceDeletion deletion, ExpirationCounter counter,
                                 Executor bookkeeping, Clock clock, Consumer<List<ResourceEvent>> committed) {
        this.dispatcher = dispatcher;
        this.notifications = notifications;
        this.targets = targets;
        this.deletion = deletion;
        this.counter = counter;
        this.deletionNotices = new DeletionNotices(dispatcher, notifications, targets);
        this.bookkeeping = bookkeeping;
        this.clock = clock;
        this.committed = committed;
    }

    @Override
    public void notified(Resource receiver, Resource subscription) {
        if (receiver.ty() != ResourceTypes.CRS) {
            return;
        }
        Instant at = clock.instant();
        int index = targetIndex(receiver, subscription);
        // A subscription that is not one of the targets (someone else's naming it in nu) counts for nothing.
        if (index >= 0 && windowOf(receiver, null).offer(index, at)) {
            send(receiver);
        }
    }

    @Override
    public void subscriptionDeleted(Resource receiver, Resource subscription) {
        if (receiver.ty() == ResourceTypes.CRS && targetIndex(receiver, subscription) >= 0) {
            committed.accept(deletion.deleteInternally(receiver));
        }
    }

    /** Windows follow the committed changes: a new one at creation or at a change of twt or tws, none after deletion. */
    @Override
    public void accept(List<ResourceEvent> events) {
        for (ResourceEvent e : events) {
            Resource r = e.resource();
            if (r.ty() != ResourceTypes.CRS) {
                continue;
            }
            switch (e.kind()) {
                case CREATED -> windowOf(r, Timestamps.parse(r.getText("ct"), "ct"));
                case UPDATED -> {
                    if (e.modified() != null && (e.modified().has("twt") || e.modified().has("tws"))) {
                        windows.put(r.ri(), newWindow(r, Timestamps.parse(r.getText("lt"), "lt")));
                    }
                }
                case DELETED -> {
                    windows.remove(r.ri());
                    deletionNotices.send(r);
                }
                case REMOVED_WITH_ANCESTOR -> windows.remove(r.ri());
            }
        }
    }

    /** The window state of a crossResourceSubscription, made when missing (periodic windows anchored at {@code at}). */
    private WindowState windowOf(Resource crs, Instant at) {
        return windows.computeIfAbsent(crs.ri(), k -> newWindow(crs,
                at != null ? at : Timestamps.parse(crs.getText("ct"), "ct")));
    }

    private static WindowState newWindow(Resource crs, Instant anchor) {
        int n = crs.getList("rrats").size() + crs.getList("srat").size();
        return new WindowState(TimeWindow.of(crs.get("twt"), crs.get("tws")), Math.max(n, 1), anchor);
    }

    /**
     * The position of {@code subscription} among the targets: its place in {@code rrats}, then among the subscription
     * targets (as addressed in {@code srat}, resolved); -1 when it is none of them. The subscription names the
     * crossResourceSubscription in {@code acrs} only when the CSE put it there.
     */
    private int targetIndex(Resource crs, Resource subscription) {
        String self = notifications.subscriptionReference(crs.ri());
        if (!subscription.getList("acrs").contains(self)) {
            return -1;
        }
        List<String> rrats = crs.getList("rrats");
        String ref = notifications.subscriptionReference(subscription.ri());
        int i = rrats.indexOf(ref);
        if (i >= 0) {
            return i;
        }
        List<String> srat = crs.getList("srat");
        for (int j = 0; j < srat.size(); j++) {
            String entry = srat.get(j);
            if (entry.equals(ref) || entry.equals(subscription.ri()) || entry.equals(subscription.path())
                    || targets.localResource(entry).filter(r -> r.ri().equals(subscription.ri())).isPresent()) {
                return rrats.size() + j;
            }
        }
        return -1;
    }

    /** Hands one notification to the dispatcher; a notification sent counts against {@code exc}. */
    private void submit(Resource crs, NotificationJob job) {
        dispatcher.submit(job).thenAcceptAsync(result -> {
            if (result.countsAsSentNotify() && crs.get("exc") != null) {
                countSent(crs.ri());
            }
        }, bookkeeping);
    }

    /** One cross-resource notification to each notification target (TS-0004 7.5.1.2.18, 7.5.1.2.2). */
    private void send(Resource crs) {
        String sur = notifications.subscriptionReference(crs.ri());
        for (String nu : crs.getList("nu")) {
            switch (targets.route(nu)) {
                case NotificationRoute.Sending via -> submit(crs, NotificationJob.of(via.target(), crs.ri(),
                        notifications.crossResource(via.target(), sur, crs.getText("cr"), crs.getText("nec")))
                        .withSerialization(via.serialization()));
                // an AE that polls: queued in its channel like any notification for it
                case NotificationRoute.Polled polled -> submit(crs, NotificationJob.of(polled.target(), crs.ri(),
                        notifications.crossResource(polled.target(), sur, crs.getText("cr"), crs.getText("nec"))));
                case NotificationRoute.Blocked blocked -> dispatcher.undeliverable(crs.ri(), nu, blocked.reason());
                case NotificationRoute.Local local -> dispatcher.undeliverable(crs.ri(), nu,
                        "a crossResourceSubscription does not notify another one");
            }
        }
    }

    private void countSent(String ri) {
        counter.countSent(ri).ifPresent(gone -> committed.accept(new ArrayList<>(deletion.deleteInternally(gone))));
    }
}
