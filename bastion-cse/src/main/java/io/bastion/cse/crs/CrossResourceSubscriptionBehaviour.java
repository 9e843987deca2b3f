package io.bastion.cse.crs;

import io.bastion.core.resource.Resource;
import io.bastion.core.resource.ResourceType;
import io.bastion.core.resource.ResourceTypes;
import io.bastion.core.time.Timestamps;
import io.bastion.cse.access.AccessControl;
import io.bastion.cse.address.TargetResolver;
import io.bastion.cse.config.CseConfig;
import io.bastion.cse.notification.Notifications;
import io.bastion.cse.request.RequestContext;
import io.bastion.cse.resource.CreateContext;
import io.bastion.cse.resource.IdGenerator;
import io.bastion.cse.resource.ResourceEvent;
import io.bastion.cse.resource.TypeBehaviour;
import io.bastion.cse.resource.UpdateContext;
import io.bastion.cse.subscription.NotificationTargetCheck;
import io.bastion.cse.subscription.NotificationTargets;
import io.bastion.cse.subscription.SubscriptionBehaviour;
import io.bastion.store.WriteBatch;
import java.time.Instant;
import java.util.List;

/**
 * {@code <crossResourceSubscription>} (TS-0001 9.6.58, 10.2.10.22–25; TS-0004 7.4.58.2): on create, the time window
 * ({@link TimeWindow}), the notification targets (verified or checked for the NOTIFY privilege as a subscription's,
 * {@link NotificationTargetCheck}) and the subscriptions on its targets, written with it in one transaction
 * ({@link TargetSubscriptions}); on update, a new time window or new notification targets (the window restarts, which
 * {@link CrossResourceNotifier} does when the update is committed); on delete, by request, expiry, its
 * {@code expirationCounter} or the deletion of a target subscription, its subscriptions are deleted and the
 * subscription targets left.
 */
public final class CrossResourceSubscriptionBehaviour implements TypeBehaviour {
    private final CseConfig config;
    private final TargetResolver resolver;
    private final NotificationTargetCheck targetCheck;
    private final Notifications notifications;
    private final TargetSubscriptions subscriptions;

    public CrossResourceSubscriptionBehaviour(CseConfig config, TargetResolver resolver,
                                              AccessControl access, NotificationTargetCheck targetCheck,
                                              Notifications notifications, IdGenerator ids) {
        this.config = config;
        this.resolver = resolver;
        this.targetCheck = targetCheck;
        this.notifications = notifications;
        this.subscriptions = new TargetSubscriptions(resolver, access, ids);
    }

    @Override
    public ResourceType type() {
        return ResourceTypes.get(ResourceTypes.CRS);
    }

    @Override
    public void beforeCreate(CreateContext c) {
        TimeWindow.of(c.attrs.get("twt"), c.attrs.get("tws"));
        SubscriptionBehaviour.checkNotificationUris(c.attrs.get("nu"));
        String su = c.attrs.path("su").asText("");
        if (NotificationTargets.isUrl(su)) {
            NotificationTargetCheck.checkUrl(su);
        }
        // The expirationTime the generic create would give, fixed now: the subscriptions on the targets take it.
        Instant asked = config.expiryOf(c.attrs.has("et") ? c.attrs.get("et").asText() : null, c.now);
        Instant et = c.parent.expiry() != null && c.parent.expiry().isBefore(asked) ? c.parent.expiry() : asked;
        c.attrs.put("et", Timestamps.format(et));
        String self = notifications.subscriptionReference(c.resourceId());
        subscriptions.create(c, self, et);
        // Last: a verification request goes out only for a crossResourceSubscription that would be created.
        targetCheck.check(c.request, c.attrs.get("nu"), c.resourceId());
    }

    @Override
    public void beforeUpdate(UpdateContext u) {
        if (u.changes.has("twt") || u.changes.has("tws")) {
            TimeWindow.of(u.merged.get("twt"), u.merged.get("tws"));
        }
        if (u.changes.has("nu")) {
            SubscriptionBehaviour.checkNotificationUris(u.merged.get("nu"));
            targetCheck.check(u.request, u.changes.get("nu"), u.current.ri());
        }
    }

    @Override
    public void beforeDelete(RequestContext x, Resource target, WriteBatch batch, List<ResourceEvent> events) {
        subscriptions.delete(target, notifications.subscriptionReference(target.ri()), resolver::resource, batch,
                events, x.originator());
    }

    /** Deleted with its parent: the same writes, and its own deletion reported, for its deletion notice. */
    @Override
    public void beforeRemovalWithAncestor(RequestContext x, Resource r, WriteBatch batch,
                                          List<ResourceEvent> events) {
        beforeDelete(x, r, batch, events);
        events.add(new ResourceEvent(ResourceEvent.Kind.DELETED, r, null, x.originator(), x.request().rqi()));
    }
}
