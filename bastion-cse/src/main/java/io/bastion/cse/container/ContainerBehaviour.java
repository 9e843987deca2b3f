package io.bastion.cse.container;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.primitive.Response;
import io.bastion.core.primitive.ResponseStatusCode;
import io.bastion.core.resource.Resource;
import io.bastion.core.resource.ResourceType;
import io.bastion.core.resource.ResourceTypes;
import io.bastion.cse.request.RequestContext;
import io.bastion.cse.request.Target;
import io.bastion.cse.resource.CreateContext;
import io.bastion.cse.resource.Procedures;
import io.bastion.cse.resource.TypeBehaviour;
import io.bastion.store.ResourceStore;
import io.bastion.store.WriteBatch;

/**
 * {@code <container>} (TS-0004 7.4.6): starts with empty counters; lowering {@code mni} or {@code mbs} removes the
 * oldest instances until the limits hold again, and turning {@code disr} from true to false removes them all; its
 * virtual children {@code la} and {@code ol} retrieve or delete the latest or oldest instance, unless {@code disr} is
 * true.
 */
public final class ContainerBehaviour implements TypeBehaviour {
    private final ResourceStore store;
    private final InstanceStore instances;

    ContainerBehaviour(ResourceStore store, InstanceStore instances) {
        this.store = store;
        this.instances = instances;
    }

    @Override
    public ResourceType type() {
        return ResourceTypes.get(ResourceTypes.CNT);
    }

    /** {@code la} / {@code ol}: RETRIEVE or DELETE of the latest or oldest contentInstance (TS-0001 9.6.27, 9.6.28). */
    @Override
    public Response onVirtualChild(RequestContext x, Target t, Procedures generic) {
        requireRetrievalEnabled(t.resource());
        return instances.virtualChild(x, t, generic);
    }

    /** A container with disableRetrieval refuses access to its instances (TS-0004 7.4.7.2.2, 7.4.7.2.4). */
    static void requireRetrievalEnabled(Resource cnt) {
        if (cnt.get("disr") != null && cnt.get("disr").asBoolean()) {
            throw new OneM2MException(ResponseStatusCode.OPERATION_NOT_ALLOWED,
                    "the container's contentInstances are not retrievable (disableRetrieval is true)");
        }
    }

    @Override
    public void beforeCreate(CreateContext c) {
        c.attrs.put("cni", 0);
        c.attrs.put("cbs", 0);
    }

    /**
     * Runs under the container's lock, which instance creates take too: the instances read here are all there are,
     * and their removal is written in the same transaction as the update.
     */
    @Override
    public void beforeUpdate(RequestContext x, Resource current, ObjectNode changes, ObjectNode merged,
                             WriteBatch batch) {
        if (retrievalReenabled(current, merged)) {
            store.children(current.ri(), ResourceTypes.CIN).forEach(batch::delete);
            merged.put("cni", 0);
            merged.put("cbs", 0);
            return;
        }
        instances.shrink(current.ri(), changes, merged, batch);
    }

    /**
     * TS-0001 table 9.6.6-2, disableRetrieval: "When the value is updated from 'TRUE' to 'FALSE', all existing
     * {@code <contentInstance>} are deleted immediately". Removing the attribute (null) restores its default, false.
     */
    private static boolean retrievalReenabled(Resource current, ObjectNode merged) {
        return current.get("disr") != null && current.get("disr").asBoolean() && !merged.path("disr").asBoolean(false);
    }
}
