package io.bastion.cse.flex;

import io.bastion.core.resource.Resource;
import io.bastion.core.resource.ResourceType;
import io.bastion.core.resource.ResourceTypes;
import io.bastion.cse.container.InstanceStore;
import io.bastion.cse.request.RequestContext;
import io.bastion.cse.resource.ResourceEvent;
import io.bastion.cse.resource.TypeBehaviour;
import io.bastion.store.WriteBatch;
import java.time.Clock;
import java.util.List;

/**
 * {@code <flexContainerInstance>}: made by the CSE only, never updated (its descriptor says both); deleting one, by
 * request, through {@code ol}/{@code la} or by its expiry, keeps its flexContainer's {@code cni} and {@code cbs}
 * exact, as a contentInstance does its container's (TS-0004 7.4.7.2.4).
 */
final class FlexContainerInstanceBehaviour implements TypeBehaviour {
    private final Clock clock;
    private final InstanceStore instances;

    FlexContainerInstanceBehaviour(Clock clock, InstanceStore instances) {
        this.clock = clock;
        this.instances = instances;
    }

    @Override
    public ResourceType type() {
        return ResourceTypes.get(ResourceTypes.FCI);
    }

    @Override
    public void beforeDelete(RequestContext x, Resource target, WriteBatch batch, List<ResourceEvent> events) {
        instances.removing(target, batch, clock.instant());
    }
}
