package io.bastion.cse.device;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bastion.core.resource.Resource;
import io.bastion.core.resource.ResourceType;
import io.bastion.core.resource.ResourceTypes;
import io.bastion.core.time.Timestamps;
import io.bastion.cse.address.TargetResolver;
import io.bastion.cse.request.RequestContext;
import io.bastion.cse.resource.ResourceEvent;
import io.bastion.cse.resource.TypeBehaviour;
import io.bastion.store.ResourceStore;
import io.bastion.store.WriteBatch;
import java.time.Clock;
import java.util.List;

/**
 * {@code <node>} (TS-0004 7.4.18: the generic procedures). A node's deletion takes the {@code nl} (nodeLink) of every
 * AE that names it with it, in the same transaction: the link must name an existing {@code <node>} when it is written
 * (a Bastion rule, checked through the AE's descriptor), and TS-0001 says nothing of a node deleted later; removing the
 * link rather than leaving it dangling keeps that rule true. The AE's {@code lt} changes and its subscribers are
 * notified of the update, as the CSE's own change (not the deleting originator's: it may have no right on the AE).
 */
final class NodeBehaviour implements TypeBehaviour {
    private final ResourceStore store;
    private final TargetResolver resolver;
    private final Clock clock;
    private final String cseBaseRi;

    NodeBehaviour(ResourceStore store, TargetResolver resolver, Clock clock, String cseBaseRi) {
        this.store = store;
        this.resolver = resolver;
        this.clock = clock;
        this.cseBaseRi = cseBaseRi;
    }

    @Override
    public ResourceType type() {
        return ResourceTypes.get(ResourceTypes.NODE);
    }

    @Override
    public void beforeDelete(RequestContext x, Resource target, WriteBatch batch, List<ResourceEvent> events) {
        String now = Timestamps.format(clock.instant());
        for (Resource ae : store.children(cseBaseRi, ResourceTypes.AE)) {
            String nl = ae.getText("nl");
            if (nl != null && resolver.resource(nl).filter(n -> n.ri().equals(target.ri())).isPresent()) {
                ObjectNode a = ae.attrsCopy();
                a.remove("nl");
                a.put("lt", now);
                Resource unlinked = ae.withAttrs(a, ae.expiry());
                batch.put(unlinked);
                ObjectNode modified = a.objectNode().putNull("nl");
                events.add(new ResourceEvent(ResourceEvent.Kind.UPDATED, unlinked, modified, null,
                        x.request().rqi()));
            }
        }
    }
}
