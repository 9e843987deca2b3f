package io.bastion.cse.subscription;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bastion.core.resource.Resource;
import io.bastion.core.resource.ResourceTypes;
import io.bastion.cse.notification.BatchPolicy;
import io.bastion.cse.notification.DeliveryResult;
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
import io.bastion.store.ResourceStore;
import io.bastion.store.WriteBatch;
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
 * ({@link NotificationStats}).
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
    private final ResourceLocks locks;

    /**
     * @param bookkeeping settles what became of a notification: its statistics and the {@code exc} it decrements
     * @param deletion deletes a subscription whose {@code expirationCounter} ran out
     * @param locks the locks resource writes take, so that a decrement never overwrites a concurrent UPDATE
     */
    public SubscriptionService(ResourceStore store, NotificationDispatcher dispatcher, Notifications notifications,
                               NotificationTargets targets, SubscriptionBookkeeping bookkeeping,
                               ResourceDeletion deletion, ResourceLocks locks) {
        this.store = store;
        this.dispatcher = dispatcher;
        this.notifications = notifications;
        this.targets = targets;
        this.bookkeeping = bookkeeping.thread();
        this.stats = bookkeeping.stats();
        this.deletion = deletion;
        this.locks = locks;
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
                case NotificationRoute.Via via -> {
                    // one point of access per AE: the first one this CSE can reach
                    String poa = via.poas().get(0);
                    NotificationJob job = new NotificationJob(poa, sub.ri(), notifications.event(poa, event), bn, ln,
                            via.serialization());
                    dispatcher.submit(job).thenAcceptAsync(result -> delivered(sub, nu, counted, result),
                            bookkeeping);
                }
                case NotificationRoute.Blocked blocked -> {
                    dispatcher.undeliverable(sub.ri(), nu, blocked.reason());
                    if (counted) {
                        stats.notSent(sub.ri(), nu); // the subscriber sees it in nsi: a request with no response
                    }
                }
            }
        }
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
        locks.lock(subRi);
        Resource gone = null;
        try {
            Resource sub = store.get(subRi).orElse(null);
            if (sub == null || sub.get("exc") == null) {
                return;
            }
            long left = sub.getLong("exc", 1) - 1;
            if (left <= 0) {
                gone = sub;
            } else {
                ObjectNode a = sub.attrsCopy();
                a.put("exc", left);
                store.write(new WriteBatch().amend(sub.withAttrs(a, sub.expiry()))); // never revives a deleted one
            }
        } finally {
            locks.unlock(subRi);
        }
        if (gone != null) {
            accept(deletion.deleteInternally(gone));
        }
    }

    /** The subscription deletion notification ({@code sud}) to the subscriber, when one was given in su. */
    private void deletionNotice(Resource sub) {
        String su = sub.getText("su");
        if (su == null) {
            return;
        }
        dispatcher.flushBatches(sub.ri()); // pending batched notifications go out before the deletion notice
        switch (targets.route(su)) {
            case NotificationRoute.Via via -> {
                String poa = via.poas().get(0);
                dispatcher.submit(NotificationJob.of(poa, null,
                        notifications.deletion(poa, surOf(sub), sub.getText("cr")))
                        .withSerialization(via.serialization()));
            }
            case NotificationRoute.Blocked blocked -> dispatcher.undeliverable(sub.ri(), su, blocked.reason());
        }
    }

    private String surOf(Resource sub) {
        return notifications.subscriptionReference(sub.ri());
    }
}
