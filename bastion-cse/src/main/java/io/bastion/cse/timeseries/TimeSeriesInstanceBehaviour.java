package io.bastion.cse.timeseries;

import io.bastion.core.resource.Resource;
import io.bastion.core.resource.ResourceType;
import io.bastion.core.resource.ResourceTypes;
import io.bastion.cse.container.InstanceStore;
import io.bastion.cse.request.RequestContext;
import io.bastion.cse.resource.CreateContext;
import io.bastion.cse.resource.ResourceEvent;
import io.bastion.cse.resource.ResourceOperations;
import io.bastion.cse.resource.TypeBehaviour;
import io.bastion.store.ResourceStore;
import io.bastion.store.WriteBatch;
import java.time.Clock;
import java.util.List;

/**
 * {@code <timeSeriesInstance>} (TS-0004 7.4.39): a second instance with the {@code dgt} of another of its timeSeries
 * is refused with 4105 CONFLICT before anything else (7.4.39.2.1 "shall first check"), then it is kept as a
 * contentInstance is by its container ({@link InstanceStore}: {@code cs}, 5207 beyond {@code mbs}, the oldest by
 * creation removed for {@code mni}/{@code mbs} without notifications, {@code et} bounded by {@code mia}, exact
 * {@code cni}/{@code cbs}); the timeSeries has no {@code st} to count. The check runs under the timeSeries' lock, which
 * every instance create takes, and the store's unique index on (parent, dgt) refuses whatever would pass it, so the
 * rule holds under concurrent creates. Never updated (its descriptor: 4005); {@code snr} is stored as given.
 */
public final class TimeSeriesInstanceBehaviour implements TypeBehaviour {
    private final ResourceStore store;
    private final Clock clock;
    private final InstanceStore instances;

    TimeSeriesInstanceBehaviour(ResourceStore store, Clock clock, InstanceStore instances) {
        this.store = store;
        this.clock = clock;
        this.instances = instances;
    }

    @Override
    public ResourceType type() {
        return ResourceTypes.get(ResourceTypes.TSI);
    }

    @Override
    public void beforeCreate(CreateContext c) {
        ResourceType type = type();
        String key = type.siblingKeyOf(new Resource(null, c.parent.ri(), type.ty(), null, c.attrs, null, null));
        if (store.childByKey(c.parent.ri(), key).isPresent()) {
            throw ResourceOperations.duplicateKey(type, c.parent);
        }
        // The timeSeries' cnf describes the con of its instances (TS-0004 7.4.38): ESData there is checked here.
        io.bastion.cse.container.ProtectedContent.check(c.parent.get("cnf"), c.attrs.get("con"));
        instances.admitCreated(c);
    }

    @Override
    public void beforeDelete(RequestContext x, Resource target, WriteBatch batch, List<ResourceEvent> events) {
        instances.removing(target, batch, clock.instant());
    }
}
