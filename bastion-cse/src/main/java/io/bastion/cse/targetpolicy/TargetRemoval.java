package io.bastion.cse.targetpolicy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.primitive.Response;
import io.bastion.core.primitive.ResponseStatusCode;
import io.bastion.core.resource.Resource;
import io.bastion.core.resource.ResourceTypes;
import io.bastion.core.time.Timestamps;
import io.bastion.cse.notification.NotificationDispatcher;
import io.bastion.cse.notification.NotificationJob;
import io.bastion.cse.notification.NotificationRoute;
import io.bastion.cse.notification.Notifications;
import io.bastion.cse.request.RequestContext;
import io.bastion.cse.resource.ResourceDeletion;
import io.bastion.cse.resource.ResourceEvent;
import io.bastion.cse.resource.ResourceLocks;
import io.bastion.cse.subscription.NotificationTargets;
import io.bastion.cse.subscription.SelfReference;
import io.bastion.security.acp.AccessDecision;
import io.bastion.store.ResourceStore;
import io.bastion.store.WriteBatch;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The notification target removal (TS-0001 10.2.10.8, TS-0004 7.4.33.2.4): a notification target of a subscription
 * DELETEs its {@code ntsr}, and the policy that applies to it decides.
 *
 * <p><b>Who may ask</b>: an originator that an entry of the subscription's {@code nu} names (its AE-ID, or an address of
 * its {@code <AE>}); a URL names no originator. Anyone else is refused with 4103, audited.
 *
 * <p><b>Which policy</b> (TS-0004 7.4.33.2.4): the {@code <notificationTargetPolicy>} that {@code npi} names in the
 * subscription's {@code <notificationTargetMgmtPolicyRef>} listing the originator in {@code ntu}; else a policy under the
 * CSEBase whose {@code plbl} is "Default" (any case: TS-0001 writes "default", TS-0004 "Default") and whose {@code cr}
 * is the subscription's creator (TS-0001 10.2.10.8 b); TS-0004 says "the Originator ID", which read as the removal's
 * originator would let a target choose its own policy); else a "Default" policy the M2M Service Provider (the admin
 * originator) created; else the system default, <em>accept</em>. The operator configures the system default by creating
 * (as the admin) a "Default" policy under the CSEBase.
 *
 * <p><b>Rules</b>: with one {@code <policyDeletionRules>} its rules decide, with two their results combine by the
 * policy's {@code rrs} (AND when it is not given, the narrower), with none the action applies. Rules not met: nothing
 * is removed, 4103 (TS-0001 10.2.10.8: "the action shall be applied when the rule(s) is satisfied").
 *
 * <p><b>Actions</b> ({@code acn}): 1 accept removes the originator's entries from {@code nu} (2002; when no target is
 * left the subscription is deleted, its subscriber told by {@code su}, since {@code nu} may not be empty); 2 reject is
 * 4103; 3 (seek authorization) answers 2002 and sends the subscription's creator a NOTIFY {@code {sur, ntt, trr: true}},
 * removing the target once the creator answers it with a success code (TS-0001 10.2.10.8: "When the Notifier gets
 * successful response from the creator"); 4 (inform) sends the creator the same NOTIFY and answers 4103. The creator is
 * the subscription's {@code cr}, else the originator that created it.
 */
public final class TargetRemoval implements SelfReference {
    private static final Logger LOG = LoggerFactory.getLogger(TargetRemoval.class);
    static final int ACCEPT = 1;
    static final int REJECT = 2;
    static final int SEEK_AUTHORIZATION = 3;
    static final int INFORM = 4;
    private static final int AND = 1;

    private final ResourceStore store;
    private final String cseBaseRi;
    private final String admin;
    private final Clock clock;
    private final ResourceLocks locks;
    private final Supplier<NotificationTargets> targets;
    private final Supplier<Consumer<List<ResourceEvent>>> committed;
    private final Supplier<ResourceDeletion> deletion;
    private final NotificationDispatcher dispatcher;
    private final Notifications notifications;
    private final Executor afterAnswer;

    /** The policy that applies: its action and the rules of its policyDeletionRules, combined by {@code and}. */
    record Policy(int action, List<DeletionRules> rules, boolean and, String from) {
        boolean met(Instant t) {
            if (rules.isEmpty()) {
                return true;
            }
            boolean all = true;
            boolean any = false;
            for (DeletionRules r : rules) {
                boolean m = r.met(t);
                all &= m;
                any |= m;
            }
            return and ? all : any;
        }
    }

    /**
     * @param targets, committed, deletion given late: they are built after the behaviours that hold this removal
     * @param afterAnswer where the creator's answer to a seek-authorization NOTIFY is acted on (a store write, never on
     *        the dispatcher's threads)
     */
    public TargetRemoval(ResourceStore store, String cseBaseRi, String admin, Clock clock, ResourceLocks locks,
                         Supplier<NotificationTargets> targets, Supplier<Consumer<List<ResourceEvent>>> committed,
                         Supplier<ResourceDeletion> deletion, NotificationDispatcher dispatcher,
                         Notifications notifications, Executor afterAnswer) {
        this.store = store;
        this.cseBaseRi = cseBaseRi;
        this.admin = admin;
        this.clock = clock;
        this.locks = locks;
        this.targets = targets;
        this.committed = committed;
        this.deletion = deletion;
        this.dispatcher = dispatcher;
        this.notifications = notifications;
        this.afterAnswer = afterAnswer;
    }

    @Override
    public AccessDecision access(RequestContext x, Resource subscription) {
        return names(subscription.getList("nu"), x.originator())
                ? AccessDecision.byDefault("notification target", "the originator is a notification target of the "
                        + "subscription (nu), which may ask to be removed (TS-0004 7.4.33.2.4)")
                : AccessDecision.deny("the originator is not a notification target of the subscription");
    }

    @Override
    public Response remove(RequestContext x, Resource subscription) {
        String target = x.originator();
        Policy policy = policyFor(target, subscription);
        if (!policy.met(x.received())) {
            throw OneM2MException.noPrivilege("DELETE refused: the rules of the notification target policy are not "
                    + "met now");
        }
        return switch (policy.action()) {
            case ACCEPT -> {
                removeTarget(subscription.ri(), target, x.request().rqi());
                yield Response.of(ResponseStatusCode.DELETED, null);
            }
            case SEEK_AUTHORIZATION -> {
                if (!askCreator(subscription, target, true)) {
                    throw OneM2MException.noPrivilege("DELETE refused: the subscription's creator cannot be asked "
                            + "for the removal");
                }
                yield Response.of(ResponseStatusCode.DELETED, null);
            }
            case INFORM -> {
                askCreator(subscription, target, false);
                throw OneM2MException.noPrivilege("DELETE refused: the subscription's creator is informed and "
                        + "decides");
            }
            default -> throw OneM2MException.noPrivilege("DELETE refused: the notification target policy rejects "
                    + "the removal");
        };
    }

    /** The policy for {@code target} in {@code subscription}, as the class comment says. */
    Policy policyFor(String target, Resource subscription) {
        Instant now = clock.instant();
        for (Resource ref : store.children(subscription.ri(), ResourceTypes.NTPR)) {
            if (!ref.isExpired(now) && names(ref.getList("ntu"), target) && ref.getText("npi") != null) {
                Resource p = targets.get().localResource(ref.getText("npi"))
                        .filter(r -> r.ty() == ResourceTypes.NTP && !r.isExpired(now)).orElse(null);
                if (p != null) {
                    return policy(p);
                }
            }
        }
        String creator = creatorOf(subscription);
        Resource byAdmin = null;
        for (Resource p : store.children(cseBaseRi, ResourceTypes.NTP)) {
            if (p.isExpired(now) || !"default".equals(String.valueOf(p.getText("plbl")).toLowerCase(Locale.ROOT))) {
                continue;
            }
            if (creator.equals(p.getText("cr"))) {
                return policy(p);
            }
            if (admin.equals(p.creator()) && byAdmin == null) {
                byAdmin = p;
            }
        }
        return byAdmin != null ? policy(byAdmin) : new Policy(ACCEPT, List.of(), true, "the system default");
    }

    private Policy policy(Resource p) {
        List<DeletionRules> rules = new ArrayList<>(2);
        for (Resource pdr : store.children(p.ri(), ResourceTypes.PDR)) {
            if (!pdr.isExpired(clock.instant())) {
                rules.add(DeletionRules.of(pdr));
            }
        }
        return new Policy((int) p.getLong("acn", REJECT), rules, p.getLong("rrs", AND) == AND, p.ri());
    }

    /** The subscription's creator: its {@code cr}, else the originator that created it. */
    private static String creatorOf(Resource subscription) {
        String cr = subscription.getText("cr");
        return cr != null ? cr : subscription.creator();
    }

    /** Whether an entry of {@code list} names {@code originator}: its AE-ID, or an address of its {@code <AE>}. */
    private boolean names(List<String> list, String originator) {
        if (originator == null) {
            return false;
        }
        for (String entry : list) {
            if (entry.equals(originator)) {
                return true;
            }
            if (!NotificationTargets.isUrl(entry) && targets.get().localResource(entry)
                    .filter(r -> r.ty() == ResourceTypes.AE && r.ri().equals(originator)).isPresent()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Sends the creator the removal NOTIFY; with {@code thenRemove}, removes the target once the creator answers it
     * with success. False when the creator cannot be reached.
     */
    private boolean askCreator(Resource subscription, String target, boolean thenRemove) {
        String creator = creatorOf(subscription);
        String sur = notifications.subscriptionReference(subscription.ri());
        return switch (targets.get().route(creator)) {
            // a point of access, or the creator's AE-ID on another CSE through the CSE path
            case NotificationRoute.Sending via -> {
                String poa = via.target();
                ask(subscription, target, thenRemove, NotificationJob.of(poa, null,
                        notifications.targetRemoval(poa, sur, target)).withSerialization(via.serialization()));
                yield true;
            }
            // a creator that polls gets it through its channel
            case NotificationRoute.Polled polled -> {
                ask(subscription, target, thenRemove, NotificationJob.of(polled.target(), null,
                        notifications.targetRemoval(polled.target(), sur, target)));
                yield true;
            }
            case NotificationRoute.Blocked blocked -> {
                dispatcher.undeliverable(subscription.ri(), creator, blocked.reason());
                yield false;
            }
            case NotificationRoute.Local local -> {
                dispatcher.undeliverable(subscription.ri(), creator, "a crossResourceSubscription creates no "
                        + "subscription of its own to be asked about");
                yield false;
            }
        };
    }

    private void ask(Resource subscription, String target, boolean thenRemove, NotificationJob job) {
        dispatcher.submit(job).thenAcceptAsync(result -> {
            if (thenRemove && result.delivered()) {
                removeTarget(subscription.ri(), target, null);
            } else if (thenRemove) {
                LOG.info("removal of {} from subscription {} not authorized by its creator ({})", target,
                        subscription.ri(), result.status());
            }
        }, afterAnswer);
    }

    /** Removes the entries of {@code nu} that name {@code target}; deletes the subscription when none is left. */
    void removeTarget(String subscriptionRi, String target, String rqi) {
        List<ResourceEvent> events;
        Resource gone = null;
        locks.lock(subscriptionRi);
        try {
            Resource sub = store.get(subscriptionRi).orElse(null);
            if (sub == null) {
                return;
            }
            List<String> kept = new ArrayList<>();
            for (String entry : sub.getList("nu")) {
                if (!names(List.of(entry), target)) {
                    kept.add(entry);
                }
            }
            if (kept.size() == sub.getList("nu").size()) {
                return;
            }
            if (kept.isEmpty()) {
                gone = sub;
                events = null;
            } else {
                ObjectNode a = sub.attrsCopy();
                ArrayNode nu = a.putArray("nu");
                kept.forEach(nu::add);
                a.put("lt", Timestamps.format(clock.instant()));
                Resource updated = sub.withAttrs(a, sub.expiry());
                store.write(new WriteBatch().amend(updated));
                ObjectNode modified = a.objectNode();
                modified.set("nu", nu);
                events = List.of(new ResourceEvent(ResourceEvent.Kind.UPDATED, updated, modified, target, rqi));
            }
        } finally {
            locks.unlock(subscriptionRi);
        }
        if (gone != null) {
            events = deletion.get().deleteInternally(gone);
        }
        LOG.info("notification target {} removed from subscription {}", target, subscriptionRi);
        committed.get().accept(events);
    }
}
