package io.bastion.cse.container;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.primitive.Response;
import io.bastion.core.primitive.ResponseStatusCode;
import io.bastion.core.resource.Resource;
import io.bastion.core.resource.ResourceType;
import io.bastion.core.resource.ResourceTypes;
import io.bastion.core.time.Timestamps;
import io.bastion.cse.request.RequestContext;
import io.bastion.cse.request.Target;
import io.bastion.cse.resource.CreateContext;
import io.bastion.cse.resource.Procedures;
import io.bastion.cse.resource.TypeBehaviour;
import io.bastion.store.ResourceStore;
import io.bastion.store.WriteBatch;
import java.util.List;

/**
 * {@code <container>} (TS-0004 7.4.6): starts with empty counters; lowering {@code mni} or {@code mbs} removes the
 * oldest instances until the limits hold again, and turning {@code disr} from true to false removes them all; its
 * virtual children {@code la} and {@code ol} retrieve or delete the latest or oldest instance, unless {@code disr} is
 * true.
 */
public final class ContainerBehaviour implements TypeBehaviour {
    private final ResourceStore store;

    public ContainerBehaviour(ResourceStore store) {
        this.store = store;
    }

    @Override
    public ResourceType type() {
        return ResourceTypes.get(ResourceTypes.CNT);
    }

    /** {@code la} / {@code ol}: RETRIEVE or DELETE of the latest or oldest contentInstance (TS-0001 9.6.27, 9.6.28). */
    @Override
    public Response onVirtualChild(RequestContext x, Target t, Procedures generic) {
        boolean latest = t.virtual().equals(ResourceTypes.LATEST);
        Resource cnt = t.resource();
        requireRetrievalEnabled(cnt);
        Resource cin = (latest ? store.latestChild(cnt.ri(), ResourceTypes.CIN)
                : store.oldestChild(cnt.ri(), ResourceTypes.CIN))
                .orElseThrow(() -> OneM2MException.notFound("the container has no contentInstance"));
        return switch (x.request().op()) {
            case RETRIEVE -> {
                if (x.request().isDiscovery()) {
                    throw OneM2MException.badRequest("discovery on la/ol is not supported");
                }
                yield generic.retrieve(x, cin);
            }
            case DELETE -> generic.delete(x, cin);
            default -> throw new OneM2MException(ResponseStatusCode.OPERATION_NOT_ALLOWED,
                    x.request().op() + " is not allowed on " + t.virtual().rn());
        };
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

    /**
     * TS-0001 table 9.6.6-2, disableRetrieval: "When the value is updated from 'TRUE' to 'FALSE', all existing
     * {@code <contentInstance>} are deleted immediately". Removing the attribute (null) restores its default, false.
     */
    private static boolean retrievalReenabled(Resource current, ObjectNode merged) {
        return current.get("disr") != null && current.get("disr").asBoolean() && !merged.path("disr").asBoolean(false);
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
