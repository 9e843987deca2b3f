package io.bastion.cse.container;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bastion.core.resource.Resource;
import io.bastion.core.resource.ResourceTypes;
import io.bastion.core.time.Timestamps;
import io.bastion.cse.pipeline.Exchange;
import io.bastion.cse.resource.CreateContext;
import io.bastion.cse.resource.TypeBehaviour;
import io.bastion.store.ResourceStore;
import io.bastion.store.WriteBatch;
import java.util.List;

/**
 * {@code <container>} (TS-0004 7.4.6): starts with empty counters; lowering {@code mni} or {@code mbs} removes the
 * oldest instances until the limits hold again.
 */
public final class ContainerBehaviour implements TypeBehaviour {
    private final ResourceStore store;

    public ContainerBehaviour(ResourceStore store) {
        this.store = store;
    }

    @Override
    public int ty() {
        return ResourceTypes.CNT;
    }

    @Override
    public void beforeCreate(CreateContext c) {
        c.attrs.put("cni", 0);
        c.attrs.put("cbs", 0);
    }

    @Override
    public void beforeUpdate(Exchange x, Resource current, ObjectNode changes, ObjectNode merged, WriteBatch batch) {
        if (!changes.has("mni") && !changes.has("mbs")) {
            return;
        }
        long mni = merged.path("mni").asLong(Long.MAX_VALUE);
        long mbs = merged.path("mbs").asLong(Long.MAX_VALUE);
        long cni = merged.path("cni").asLong(0);
        long cbs = merged.path("cbs").asLong(0);
        if (cni <= mni && cbs <= mbs) {
            return;
        }
        List<Resource> instances = store.children(current.ri(), ResourceTypes.CIN);
        for (Resource cin : instances) {
            if (cni <= mni && cbs <= mbs) {
                break;
            }
            batch.delete(cin);
            cni--;
            cbs -= cin.getLong("cs", 0);
        }
        merged.put("cni", cni);
        merged.put("cbs", cbs);
    }

    /** Sets a container's counters after instances were added or removed. */
    static Resource withCounters(Resource container, long cni, long cbs, java.time.Instant now) {
        ObjectNode a = container.attrsCopy();
        a.put("cni", cni);
        a.put("cbs", cbs);
        a.put("st", a.path("st").asLong(0) + 1);
        a.put("lt", Timestamps.format(now));
        return container.withAttrs(a, container.expiry());
    }
}
