package io.bastion.cse.subscription;

import com.fasterxml.jackson.databind.JsonNode;
import io.bastion.core.resource.Resource;
import io.bastion.core.resource.ResourceTypes;
import io.bastion.cse.notification.BatchPolicy;
import io.bastion.cse.notification.DeliveryResult;
import io.bastion.cse.notification.LocalReceiver;
import io.bastion.cse.notification.NotificationContentType;
import io.bastion.cse.notification.NotificationDispatcher;
import io.bastion.cse.notification.NotificationEvent;
import io.bastion.cse.notification.NotificationEventType;
import io.bastion.cse.notification.NotificationJob;
import io.bastion.cse.notification.NotificationRoute;
import io.bastion.cse.notification.Notifications;
import io.bastion.cse.resource.Representation;
import io.bastion.cse.resource.ResourceDeletion;
import io.bastion.cse.resource.ResourceEvent;
import io.bastion.cse.resource.ResourceLocks;
import io.bastion.cse.schedule.PendingNotifications;
import io.bastion.store.ResourceStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Turns committed changes into notifications (stage 7): for each event, the subscriptions of the changed resource
 * ({@code net} 1 update, 2 delete) and of its parent (3 create of child, 4 delete of child) whose criteria match
 * get a NOTIFY through the asynchronous dispatcher; a deleted subscription tells its subscriber ({@code su}). The
 * subscriptions of each resource are indexed in memory so that a write does not query the store for them. What
 * becomes of the notifications of a subscription with {@code nse} true is counted per target
 * ({@link NotificationStats}). A target reached in process (a crossResourceSubscription, {@link LocalReceiver}) takes
 * the notification at once, and hears of the deletion of a subscription that names it in {@code acrs}.
 */
public final class SubscriptionService implements Consumer<List<ResourceEvent>> {
    private static final List<Resource> NONE = List.of();

    private final ResourceStore store;
    private final NotificationDispatcher dispatcher;
    private final Notifications notifications;
    private final NotificationTargets targets;
    private final Map<String, List<Resource>> byParent = new ConcurrentHashMap<>();
    /** Runs exc bookkeeping off the dispatcher's threads, which must never wait for the store. */
    private final Executor bookkeeping;
    private final NotificationStats stats;
    private final ResourceDeletion deletion;
    private final ExpirationCounter counter;
    private final DeletionNotices deletionNotices;
    private final LocalReceiver local;
    private final ResourceLocks locks;
    private final PendingNotifications pending;

    /**
     * @param bookkeeping settles what became of a notification: its statistics and the {@code exc} it decrements
     * @param deletion deletes a subscription whose {@code expirationCounter} ran out
     * @param locks the locks resource writes take, so that a decrement never overwrites a concurrent UPDATE
     * @param local takes the notifications of the targets that are reached in process (crossResourceSubscriptions)
     * @param pending where notifications wait outside the subscription's and the receiver's schedules
     */
    public SubscriptionService(ResourceStore store, NotificationDispatcher dispatcher, Notifications notifications,
                               NotificationTargets targets, SubscriptionBookkeeping bookkeeping,
                               ResourceDeletion deletion, ResourceLocks locks, LocalReceiver local,
                               PendingNotifications pending) {
        this.pending = pending;
        this.locks = locks;
        this.store = store;
        this.dispatcher = dispatcher;
        this.notifications = notifications;
        this.targets = targets;
        this.bookkeeping = bookkeeping.thread();
        this.stats = bookkeeping.stats();
        this.deletion = deletion;
        this.counter = new ExpirationCounter(store, locks);
        this.deletionNotices = new DeletionNotices(dispatcher, notifications, targets);
        this.local = local;
    }

    @Override
    public void accept(List<ResourceEvent> events) {
        // Subscriptions removed in this same change still get their resource's delete notification.
        Map<String, List<Resource>> dying = new ConcurrentHashMap<>();
        for (ResourceEvent e : events) {
            if (e.kind() == ResourceEvent.Kind.DELETED && e.resource().ty() == ResourceTypes.SUB) {
                dying.computeIfAbsent(e.resource().pi(), k -> new ArrayList<>()).add(e.resource());
            }
        }
        for (ResourceEvent e : events) {
            handle(e, dying);
        }
    }

    private void handle(ResourceEvent e, Map<String, List<Resource>> dying) {
        Resource r = e.resource();
        if (r.ty() == ResourceTypes.SUB) {
            byParent.remove(r.pi());
        }
        switch (e.kind()) {
            case CREATED -> {
                for (Resource sub : subscriptionsOf(r.pi())) {
                    if (!sub.ri().equals(r.ri()) && wants(sub, 3, r.ty())) {
                        send(sub, NotificationEventType.CREATE_OF_DIRECT_CHILD_RESOURCE, r, null);
                    }
                }
            }
            case UPDATED -> {
                for (Resource sub : subscriptionsOf(r.ri())) {
                    if (wants(sub, 1, null)) {
                        send(sub, NotificationEventType.UPDATE_OF_RESOURCE, r, e.modified());
                    }
                }
            }
            case DELETED -> {
                if (r.ty() == ResourceTypes.SUB) {
                    deletionNotice(r);
                }
                for (Resource sub : dying.getOrDefault(r.ri(), NONE)) {
                    if (wants(sub, 2, null)) {
                        send(sub, NotificationEventType.DELETE_OF_RESOURCE, r, null);
                    }
                }
                byParent.remove(r.ri());
                for (Resource sub : subscriptionsOf(r.pi())) {
                    if (wants(sub, 4, r.ty())) {
                        send(sub, NotificationEventType.DELETE_OF_DIRECT_CHILD_RESOURCE, r, null);
                    }
                }
            }
        }
    }

    /** The subscriptions of a resource, from the in-memory index. */
    public List<Resource> subscriptionsOf(String ri) {
        if (ri == null) {
            return NONE;
        }
        return byParent.computeIfAbsent(ri, k -> List.copyOf(store.children(k, ResourceTypes.SUB)));
    }

    /** Whether a subscription's criteria select an event type (and, for child events, the child's type). */
    static boolean wants(Resource sub, int net, Integer childTy) {
        JsonNode enc = sub.get("enc");
        JsonNode nets = enc == null ? null : enc.get("net");
        boolean typeOk = false;
        if (nets == null || nets.isEmpty()) {
            typeOk = net == 1; // the default event type is "update of resource"
        } else {
            for (JsonNode n : nets) {
                typeOk |= n.asInt() == net;
            }
        }
        if (!typeOk || childTy == null || enc.get("chty") == null) {
            return typeOk;
        }
        for (JsonNode t : enc.get("chty")) {
            if (t.asInt() == childTy) {
                return true;
            }
        }
        return false;
    }

    /**
     * A missing-data report of a timeSeries to one of its subscriptions (net 8, nct 5, TS-0004 7.5.1.2.9): the
     * representation is {@code {"m2m:tsn": {"mdlt": [...], "mdc": n}}} (table 6.3.5.69-1).
     */
    public void sendMissingData(Resource sub, Resource timeSeries, JsonNode tsn) {
        send(sub, NotificationEventType.REPORT_ON_MISSING_DATA_POINTS, timeSeries.ri(), tsn, null);
    }

    private void send(Resource sub, NotificationEventType type, Resource subject, JsonNode modified) {
        send(sub, type, subject.ri(), Representation.of(subject), modified);
    }

    private void send(Resource sub, NotificationEventType type, String subjectRi, JsonNode rep, JsonNode modified) {
        int nctCode = (int) sub.getLong("nct", 1);
        NotificationContentType nct = NotificationContentType.fromCode(nctCode);
        NotificationEvent event = NotificationEvent.of(surOf(sub), type, rep)
                .withContentType(nct)
                .withResourceId(subjectRi)
                .withCreator(sub.getText("cr"))
                .withEventCategory(sub.getText("nec"));
        if (modified != null && nct == NotificationContentType.MODIFIED_ATTRIBUTES) {
            Set<String> names = new HashSet<>();
            modified.fieldNames().forEachRemaining(names::add);
            event = event.withModifiedAttributes(names);
        }
        BatchPolicy bn = sub.get("bn") == null ? null : BatchPolicy.fromJson(sub.get("bn"), Duration.ofSeconds(1));
        boolean ln = sub.get("ln") != null && sub.get("ln").asBoolean();
        boolean counted = NotificationStatsInfo.enabled(sub.attrs());
        for (String nu : sub.getList("nu")) {
            switch (targets.route(nu)) {
                // one point of access per AE: the first one this CSE can reach (or its AE-ID on another CSE)
                case NotificationRoute.Sending via -> submit(sub, nu, counted, new NotificationJob(via.target(),
                        sub.ri(), notifications.event(via.to(), event), bn, ln, via.serialization()));
                // an AE that polls: its channel takes the notification like a point of access
                case NotificationRoute.Polled polled -> submit(sub, nu, counted, new NotificationJob(polled.target(),
                        sub.ri(), notifications.event(polled.target(), event), bn, ln));
                case NotificationRoute.Blocked blocked -> {
                    dispatcher.undeliverable(sub.ri(), nu, blocked.reason());
                    if (counted) {
                        stats.notSent(sub.ri(), nu); // the subscriber sees it in nsi: a request with no response
                    }
                }
                case NotificationRoute.Local in -> {
                    // Taken at once in process: one notification received, which exc counts as one sent.
                    local.notified(in.receiver(), sub);
                    if (sub.get("exc") != null) {
                        bookkeeping.execute(() -> countSent(sub.ri()));
                    }
                }
            }
        }
    }

    /** Hands one notification on; the notificationSchedule and the receiver's reachability schedule decide when. */
    private void submit(Resource sub, String nu, boolean counted, NotificationJob job) {
        pending.submit(job, sub, () -> targets.nodeOf(nu))
                .thenAcceptAsync(result -> delivered(sub, nu, counted, result), bookkeeping);
    }

    private void delivered(Resource sub, String nu, boolean counted, DeliveryResult result) {
        if (counted) {
            stats.settled(sub.ri(), nu, result);
        }
        if (result.countsAsSentNotify() && sub.get("exc") != null) {
            countSent(sub.ri());
        }
    }

    /**
     * One NOTIFY sent for a subscription with an {@code expirationCounter} ({@code exc}, TS-0004 7.5.1.2.2 step 5.0):
     * decrements it, and deletes the subscription when it reaches zero. Never revives a subscription deleted meanwhile.
     */
    private void countSent(String subRi) {
        counter.countSent(subRi).ifPresent(gone -> accept(deletion.deleteInternally(gone)));
    }

    /**
     * The subscription deletion notification ({@code sud}) to the subscriber, when one was given in su, and to each
     * crossResourceSubscription in its {@code acrs} (TS-0004 7.4.8.2.4), which this CSE hosts and tells in process.
     */
    private void deletionNotice(Resource sub) {
        deletionNotices.send(sub);
        for (String crs : sub.getList("acrs")) {
            if (targets.route(crs) instanceof NotificationRoute.Local in) {
                local.subscriptionDeleted(in.receiver(), sub);
            }
        }
    }

    private String surOf(Resource sub) {
        return notifications.subscriptionReference(sub.ri());
    }
}
