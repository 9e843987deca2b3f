package io.bastion.cse.container;

import com.fasterxml.jackson.databind.JsonNode;
import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.primitive.Operation;
import io.bastion.core.primitive.ResponseStatusCode;
import io.bastion.core.resource.Resource;
import io.bastion.core.resource.ResourceType;
import io.bastion.core.resource.ResourceTypes;
import io.bastion.core.time.Timestamps;
import io.bastion.cse.request.RequestContext;
import io.bastion.cse.request.Target;
import io.bastion.cse.resource.CreateContext;
import io.bastion.cse.resource.ResourceEvent;
import io.bastion.cse.resource.TypeBehaviour;
import io.bastion.store.ResourceStore;
import io.bastion.store.WriteBatch;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code <contentInstance>} (TS-0004 7.4.7): computes {@code cs}, refuses content larger than the container's
 * {@code mbs} (5207 NOT_ACCEPTABLE), removes the oldest instances to keep {@code mni}/{@code mbs}, bounds the
 * instance's life by {@code mia}, and keeps the parent's {@code cni}/{@code cbs}/{@code st} exact; not retrieved nor
 * deleted while the container's {@code disr} is true. Never updated (its descriptor says so).
 */
public final class ContentInstanceBehaviour implements TypeBehaviour {
    private static final long MAX_MEANINGFUL_AGE_SECONDS = 100L * 366 * 24 * 3600;

    private final ResourceStore store;
    private final java.time.Clock clock;

    public ContentInstanceBehaviour(ResourceStore store, java.time.Clock clock) {
        this.store = store;
        this.clock = clock;
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
        Resource cnt = c.parent;
        JsonNode con = c.attrs.get("con");
        long cs = con.isTextual() ? con.asText().getBytes(StandardCharsets.UTF_8).length : con.toString().length();
        long mni = cnt.getLong("mni", Long.MAX_VALUE);
        long mbs = cnt.getLong("mbs", Long.MAX_VALUE);
        if (cs > mbs) {
            throw new OneM2MException(ResponseStatusCode.NOT_ACCEPTABLE,
                    "content of " + cs + " bytes exceeds the container's maxByteSize " + mbs);
        }
        c.attrs.put("cs", cs);
        c.attrs.put("st", cnt.getLong("st", 0) + 1);
        long mia = cnt.getLong("mia", -1);
        // An age beyond a century cannot bound anything a CSE keeps; it would also overflow Instant.
        if (mia >= 0 && mia < MAX_MEANINGFUL_AGE_SECONDS) {
            Instant byAge = c.now.plusSeconds(mia);
            Instant asked = c.attrs.has("et") ? Timestamps.parse(c.attrs.get("et").asText(), "et") : null;
            if (asked == null || asked.isAfter(byAge)) {
                c.attrs.put("et", Timestamps.format(byAge));
            }
        }
        long cni = cnt.getLong("cni", 0) + 1;
        long cbs = cnt.getLong("cbs", 0) + cs;
        for (Resource old : evictions(cnt, cni - mni, cbs, mbs)) {
            c.batch.delete(old);
            c.events.add(new ResourceEvent(ResourceEvent.Kind.DELETED, old, null, c.request.originator()));
            cni--;
            cbs -= old.getLong("cs", 0);
        }
        c.batch.put(ContainerBehaviour.withCounters(cnt, cni, cbs, c.now));
    }

    /** The oldest instances to remove so that count and size fit; usually none or one. */
    private List<Resource> evictions(Resource cnt, long excessCount, long cbs, long mbs) {
        if (excessCount <= 0 && cbs <= mbs) {
            return List.of();
        }
        if (excessCount <= 1) {
            Resource oldest = store.oldestChild(cnt.ri(), ResourceTypes.CIN).orElse(null);
            if (oldest != null && (cbs - oldest.getLong("cs", 0) <= mbs || excessCount == 1 && cbs <= mbs)) {
                return List.of(oldest);
            }
        }
        List<Resource> out = new ArrayList<>();
        long count = excessCount;
        long bytes = cbs;
        for (Resource r : store.children(cnt.ri(), ResourceTypes.CIN)) {
            if (count <= 0 && bytes <= mbs) {
                break;
            }
            out.add(r);
            count--;
            bytes -= r.getLong("cs", 0);
        }
        return out;
    }

    @Override
    public void beforeDelete(RequestContext x, Resource target, WriteBatch batch, List<ResourceEvent> events) {
        store.get(target.pi()).ifPresent(cnt -> batch.put(ContainerBehaviour.withCounters(cnt,
                Math.max(0, cnt.getLong("cni", 0) - 1), Math.max(0, cnt.getLong("cbs", 0) - target.getLong("cs", 0)),
                clock.instant())));
    }
}
