package io.bastion.cse.resource;

import io.bastion.core.primitive.Operation;
import io.bastion.core.primitive.Peer;
import io.bastion.core.primitive.Request;
import io.bastion.core.resource.Resource;
import io.bastion.core.resource.ResourceTypes;
import io.bastion.cse.config.CseConfig;
import io.bastion.cse.request.RequestContext;
import io.bastion.store.ResourceStore;
import io.bastion.store.WriteBatch;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Deletes a resource with its subtree in one transaction (TS-0004 7.2.2.2 delete, the part after the checks), for a
 * request ({@link ResourceOperations#delete}) and for the CSE itself (expiry, a subscription's expirationCounter run
 * out). It returns the events for subscriptions and sends none itself, so that whoever deleted decides when they go.
 */
public final class ResourceDeletion {
    private final CseConfig config;
    private final ResourceStore store;
    private final Clock clock;
    private final TypeBehaviours behaviours;
    private final ResourceLocks locks;

    /** @param locks serialize changes by resource ID; the same locks as the resource operations */
    public ResourceDeletion(CseConfig config, ResourceStore store, Clock clock, TypeBehaviours behaviours,
                            ResourceLocks locks) {
        this.config = config;
        this.store = store;
        this.clock = clock;
        this.behaviours = behaviours;
        this.locks = locks;
    }

    /** Deletes a resource and its subtree in one transaction; returns the events for subscriptions. */
    public List<ResourceEvent> delete(RequestContext x, Resource target) {
        String lockKey = target.pi() == null ? target.ri() : target.pi();
        locks.lock(lockKey);
        try {
            Resource current = store.get(target.ri()).orElse(null);
            if (current == null) {
                return List.of();
            }
            List<ResourceEvent> evts = new ArrayList<>();
            // Subscriptions in the subtree are deleted with it; they are told so (sud) by the event consumer.
            // Audited resources in it are reported so that their removal is audited.
            String rqi = x.request().rqi();
            WriteBatch batch = new WriteBatch();
            for (String ri : store.descendants(current.ri())) {
                store.get(ri).ifPresent(r -> {
                    behaviours.of(r).beforeRemovalWithAncestor(x, r, batch, evts);
                    if (r.ty() == ResourceTypes.SUB) {
                        evts.add(new ResourceEvent(ResourceEvent.Kind.DELETED, r, null, x.originator(), rqi));
                    } else if (ResourceTypes.of(r).audited()) {
                        evts.add(new ResourceEvent(ResourceEvent.Kind.REMOVED_WITH_ANCESTOR, r, null, x.originator(),
                                rqi));
                    }
                });
            }
            behaviours.of(current).beforeDelete(x, current, batch, evts);
            batch.delete(current);
            store.write(batch);
            evts.add(new ResourceEvent(ResourceEvent.Kind.DELETED, current, null, x.originator(), rqi));
            return evts;
        } finally {
            locks.unlock(lockKey);
        }
    }

    /** Deletes as the CSE itself: a DELETE from its own CSE-ID, made now, through no door. */
    public List<ResourceEvent> deleteInternally(Resource target) {
        Request rq = Request.builder(Operation.DELETE, config.cseBaseName())
                .fr(config.cseId()).rqi("internal").rvi("3").build();
        return delete(new RequestContext(rq, Peer.internal(), clock.instant()), target);
    }
}
