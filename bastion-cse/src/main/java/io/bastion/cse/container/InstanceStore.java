package io.bastion.cse.container;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.primitive.Response;
import io.bastion.core.primitive.ResponseStatusCode;
import io.bastion.core.resource.Resource;
import io.bastion.core.resource.ResourceTypes;
import io.bastion.core.time.Timestamps;
import io.bastion.cse.request.RequestContext;
import io.bastion.cse.request.Target;
import io.bastion.cse.resource.CreateContext;
import io.bastion.cse.resource.Procedures;
import io.bastion.store.ResourceStore;
import io.bastion.store.WriteBatch;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The instances a resource keeps below itself within its {@code mni}, {@code mbs} and {@code mia}, counted in its
 * {@code cni} and {@code cbs}: a container's contentInstances (TS-0004 7.4.7.2.1, 7.4.6), a timeSeries'
 * timeSeriesInstances (7.4.39.2.1 applies 7.4.7.2.1) and, by the same rules, a flexContainer's
 * flexContainerInstances. It admits an instance (5207 when larger than {@code mbs}; its life bounded by {@code mia};
 * the oldest by creation removed until the limits hold), removes the oldest after the limits were lowered, serves the
 * virtual {@code la} and {@code ol}, and writes the keeper's counters. The callers hold the keeper's lock, so the
 * counters and the instances read here agree.
 *
 * <p>Instances removed to keep the limits raise no event, hence no delete-of-direct-child notification: TS-0004
 * 7.4.7.2.1 step d) deletes them "without generating notifications". Nothing else follows those events for instances
 * (the policy cache follows ACPs, the location index location policies, the audit sensitive types, and an instance
 * holds no subscriptions); a DELETE by request, through {@code la}/{@code ol} or by expiry still notifies.
 */
public final class InstanceStore {
    private static final long MAX_MEANINGFUL_AGE_SECONDS = 100L * 366 * 24 * 3600;

    private final ResourceStore store;
    private final int instanceTy;
    private final boolean stateTagPerChange;

    /** The keeper's counters after a change. */
    public record Counters(long cni, long cbs) {
    }

    /**
     * @param instanceTy the type number of the instances
     * @param stateTagPerChange whether a change of the instances increments the keeper's {@code st} (a container's,
     *        TS-0004 7.4.7.2.1; a flexContainer's counts changes of its custom attributes only, TS-0001 9.6.35)
     */
    public InstanceStore(ResourceStore store, int instanceTy, boolean stateTagPerChange) {
        this.store = store;
        this.instanceTy = instanceTy;
        this.stateTagPerChange = stateTagPerChange;
    }

    /**
     * Admits the instance a CREATE makes under {@code c.parent} (a contentInstance, a timeSeriesInstance): its
     * {@code cs} from {@code con}, 5207 beyond the keeper's {@code mbs}, its {@code et} bounded by {@code mia}, the
     * oldest removed, and the keeper's counters written into the batch.
     */
    public void admitCreated(CreateContext c) {
        Resource keeper = c.parent;
        long cs = contentSize(c.attrs.get("con"));
        requireFits(keeper, cs);
        c.attrs.put("cs", cs);
        boundByAge(keeper, c.attrs, c.now);
        c.batch.put(withCounters(keeper, admit(keeper, cs, c.batch), c.now));
    }

    /** The size in bytes of a content: its UTF-8 bytes for a string, else of its JSON text. */
    static long contentSize(JsonNode con) {
        return con.isTextual() ? con.asText().getBytes(StandardCharsets.UTF_8).length : con.toString().length();
    }

    /** 5207 NOT_ACCEPTABLE when an instance of {@code cs} bytes exceeds the keeper's {@code mbs} (TS-0004 7.4.7.2.1). */
    public void requireFits(Resource keeper, long cs) {
        long mbs = keeper.getLong("mbs", Long.MAX_VALUE);
        if (cs > mbs) {
            throw new OneM2MException(ResponseStatusCode.NOT_ACCEPTABLE, "content of " + cs + " bytes exceeds the "
                    + ResourceTypes.of(keeper).name() + "'s maxByteSize " + mbs);
        }
    }

    /** Cuts the new instance's {@code et} (if given) to now + the keeper's {@code mia}, or sets it so. */
    public void boundByAge(Resource keeper, ObjectNode instance, Instant now) {
        long mia = keeper.getLong("mia", -1);
        // An age beyond a century cannot bound anything a CSE keeps; it would also overflow Instant.
        if (mia >= 0 && mia < MAX_MEANINGFUL_AGE_SECONDS) {
            Instant byAge = now.plusSeconds(mia);
            Instant asked = instance.has("et") ? Timestamps.parse(instance.get("et").asText(), "et") : null;
            if (asked == null || asked.isAfter(byAge)) {
                instance.put("et", Timestamps.format(byAge));
            }
        }
    }

    /**
     * Makes room for one more instance of {@code cs} bytes: deletes the oldest until {@code mni} and {@code mbs} hold
     * with it (without an event: TS-0004 7.4.7.2.1 d), and answers the counters with it.
     */
    public Counters admit(Resource keeper, long cs, WriteBatch batch) {
        long mni = keeper.getLong("mni", Long.MAX_VALUE);
        long mbs = keeper.getLong("mbs", Long.MAX_VALUE);
        long cni = keeper.getLong("cni", 0) + 1;
        long cbs = keeper.getLong("cbs", 0) + cs;
        for (Resource old : evictions(keeper, cni - mni, cbs, mbs)) {
            batch.delete(old);
            cni--;
            cbs -= old.getLong("cs", 0);
        }
        return new Counters(cni, cbs);
    }

    /** The oldest instances to remove so that count and size fit; usually none or one. */
    private List<Resource> evictions(Resource keeper, long excessCount, long cbs, long mbs) {
        if (excessCount <= 0 && cbs <= mbs) {
            return List.of();
        }
        if (excessCount <= 1) {
            Resource oldest = store.oldestChild(keeper.ri(), instanceTy).orElse(null);
            if (oldest != null && (cbs - oldest.getLong("cs", 0) <= mbs || excessCount == 1 && cbs <= mbs)) {
                return List.of(oldest);
            }
        }
        List<Resource> out = new ArrayList<>();
        long count = excessCount;
        long bytes = cbs;
        for (Resource r : store.children(keeper.ri(), instanceTy)) {
            if (count <= 0 && bytes <= mbs) {
                break;
            }
            out.add(r);
            count--;
            bytes -= r.getLong("cs", 0);
        }
        return out;
    }

    /**
     * After an update of the keeper ({@code merged}, its attributes to be written) that changed {@code mni} or
     * {@code mbs}, removes the oldest instances until they hold again (without events, as on admission), and sets its
     * counters in {@code merged}; nothing when {@code changes} names neither.
     */
    public void shrink(String keeperRi, ObjectNode changes, ObjectNode merged, WriteBatch batch) {
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
        for (Resource old : store.children(keeperRi, instanceTy)) {
            if (cni <= mni && cbs <= mbs) {
                break;
            }
            batch.delete(old);
            cni--;
            cbs -= old.getLong("cs", 0);
        }
        merged.put("cni", cni);
        merged.put("cbs", cbs);
    }

    /** {@code la} / {@code ol}: RETRIEVE or DELETE of the latest or oldest instance (TS-0001 9.6.27, 9.6.28). */
    public Response virtualChild(RequestContext x, Target t, Procedures generic) {
        Resource keeper = t.resource();
        boolean latest = t.virtual().equals(ResourceTypes.LATEST);
        Resource instance = (latest ? store.latestChild(keeper.ri(), instanceTy)
                : store.oldestChild(keeper.ri(), instanceTy))
                .orElseThrow(() -> OneM2MException.notFound("the " + ResourceTypes.of(keeper).name() + " has no "
                        + ResourceTypes.get(instanceTy).name()));
        return switch (x.request().op()) {
            case RETRIEVE -> {
                if (x.request().isDiscovery()) {
                    throw OneM2MException.badRequest("discovery on la/ol is not supported");
                }
                yield generic.retrieve(x, instance);
            }
            case DELETE -> generic.delete(x, instance);
            default -> throw new OneM2MException(ResponseStatusCode.OPERATION_NOT_ALLOWED,
                    x.request().op() + " is not allowed on " + t.virtual().rn());
        };
    }

    /** The keeper with new counters (and {@code lt}; {@code st} too when instances count as its changes). */
    public Resource withCounters(Resource keeper, Counters n, Instant now) {
        ObjectNode a = keeper.attrsCopy();
        a.put("cni", n.cni());
        a.put("cbs", n.cbs());
        if (stateTagPerChange) {
            a.put("st", a.path("st").asLong(0) + 1);
        }
        a.put("lt", Timestamps.format(now));
        return keeper.withAttrs(a, keeper.expiry());
    }

    /** Adds to a deletion of {@code instance} the write of its keeper's counters without it (TS-0004 7.4.7.2.4). */
    public void removing(Resource instance, WriteBatch batch, Instant now) {
        store.get(instance.pi()).ifPresent(keeper -> batch.put(withCounters(keeper,
                new Counters(Math.max(0, keeper.getLong("cni", 0) - 1),
                        Math.max(0, keeper.getLong("cbs", 0) - instance.getLong("cs", 0))), now)));
    }
}
