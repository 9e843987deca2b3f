package io.bastion.cse.container;

import io.bastion.core.geo.GeoCoordinates;
import io.bastion.core.primitive.Operation;
import io.bastion.core.resource.Resource;
import io.bastion.core.resource.ResourceType;
import io.bastion.core.resource.ResourceTypes;
import io.bastion.cse.request.RequestContext;
import io.bastion.cse.request.Target;
import io.bastion.cse.resource.CreateContext;
import io.bastion.cse.resource.ResourceEvent;
import io.bastion.cse.resource.TypeBehaviour;
import io.bastion.store.WriteBatch;
import java.util.List;

/**
 * {@code <contentInstance>} (TS-0004 7.4.7): takes the container's next {@code st}, and is kept by the container as
 * {@link InstanceStore} says ({@code cs}, 5207 beyond {@code mbs}, the oldest removed for {@code mni}/{@code mbs}
 * without notifications, {@code et} bounded by {@code mia}, exact {@code cni}/{@code cbs}/{@code st}); not retrieved
 * nor deleted while the container's {@code disr} is true. Never updated (its descriptor says so). In a location
 * container (one with {@code li}) the content must be a position, an {@code m2m:geoCoordinates} Point (4000
 * otherwise), so never ESData. Content that {@code cnf} marks as ESData is checked by {@link ProtectedContent}.
 */
public final class ContentInstanceBehaviour implements TypeBehaviour {
    private final java.time.Clock clock;
    private final InstanceStore instances;

    ContentInstanceBehaviour(java.time.Clock clock, InstanceStore instances) {
        this.clock = clock;
        this.instances = instances;
    }

    @Override
    public ResourceType type() {
        return ResourceTypes.get(ResourceTypes.CIN);
    }

    /** The container's disableRetrieval refuses a RETRIEVE or DELETE of its instances (TS-0004 7.4.7.2.2, 7.4.7.2.4). */
    @Override
    public void beforeRequest(RequestContext x, Target t) {
        Operation op = x.request().op();
        if ((op == Operation.RETRIEVE || op == Operation.DELETE) && t.parent() != null) {
            ContainerBehaviour.requireRetrievalEnabled(t.parent());
        }
    }

    @Override
    public void beforeCreate(CreateContext c) {
        ProtectedContent.check(c.attrs.get("cnf"), c.attrs.get("con"));
        if (c.parent.get("li") != null) {
            if (ProtectedContent.isProtected(c.attrs.get("cnf"))) {
                throw io.bastion.core.primitive.OneM2MException.badRequest("con of a location container is a position"
                        + " the CSE reads (TS-0001 10.2.9.7): it cannot be protected by ESData (cnf "
                        + c.attrs.get("cnf").asText() + ")");
            }
            // A location container (li names its locationPolicy) holds positions only (TS-0001 10.2.9.7).
            GeoCoordinates.point(c.attrs.get("con"), "con");
        }
        c.attrs.put("st", c.parent.getLong("st", 0) + 1);
        instances.admitCreated(c);
    }

    @Override
    public void beforeDelete(RequestContext x, Resource target, WriteBatch batch, List<ResourceEvent> events) {
        instances.removing(target, batch, clock.instant());
    }
}
