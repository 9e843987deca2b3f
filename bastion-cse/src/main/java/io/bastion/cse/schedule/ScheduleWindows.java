package io.bastion.cse.schedule;

import io.bastion.core.resource.Resource;
import io.bastion.core.resource.ResourceTypes;
import io.bastion.cse.resource.ResourceEvent;
import io.bastion.store.DiscoveryQuery;
import io.bastion.store.ResourceStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The windows of every stored {@code <schedule>}, by the resource it belongs to (its parent): "is X inside its schedule
 * at t" ({@link #inside}) and "when does its next window open after t" ({@link #nextOpening}). A resource without a
 * schedule has no time constraint (TS-0004 7.4.9.1: "If a &lt;schedule&gt; resource is not present as a child resource
 * then there are no time-constraints on the context of its parent resource"). A node may have several schedules, one
 * per underlying network (TS-0001 9.6.9): it can communicate when any of them admits the time. Loaded from the store at
 * start and kept in step with committed changes, so that asking costs a map look-up and no store read; a resource that
 * is deleted takes its schedules with it.
 */
public final class ScheduleWindows implements Consumer<List<ResourceEvent>> {
    private static final Logger LOG = LoggerFactory.getLogger(ScheduleWindows.class);
    /** How far ahead the next window is searched: an entry whose next match lies beyond opens "never". */
    static final Duration HORIZON = Duration.ofDays(366L * 10);

    private final ResourceStore store;
    /** Owner (parent) ri to its schedules by their ri; each inner map is replaced, never changed. */
    private final Map<String, Map<String, Schedule>> byOwner = new ConcurrentHashMap<>();
    /** The owners that are nodes: their schedules are reachability schedules of the AEs linking them. */
    private final Set<String> nodes = ConcurrentHashMap.newKeySet();

    private ScheduleWindows(ResourceStore store) {
        this.store = store;
    }

    /** The windows of every schedule stored below the CSEBase. */
    public static ScheduleWindows load(ResourceStore store, String cseBaseName) {
        ScheduleWindows w = new ScheduleWindows(store);
        List<Resource> found = new ArrayList<>();
        store.discover(new DiscoveryQuery(cseBaseName, null, List.of(ResourceTypes.SCH), null, null, null, null, null,
                null, null, null), r -> {
                    found.add(r);
                    return true;
                });
        for (Resource r : found) {
            w.put(r);
        }
        if (!found.isEmpty()) {
            LOG.info("{} schedules in effect", found.size());
        }
        return w;
    }

    /** True when no resource has a schedule: every question answers "no constraint" without a look-up. */
    public boolean isEmpty() {
        return byOwner.isEmpty();
    }

    /** True when some node has a schedule, so that the reachability of an AE linking a node is worth asking. */
    public boolean hasNodeSchedules() {
        return !nodes.isEmpty();
    }

    /** Whether {@code ownerRi} has a schedule (expired ones included until they are reclaimed). */
    public boolean has(String ownerRi) {
        return ownerRi != null && byOwner.containsKey(ownerRi);
    }

    /** Whether {@code t} lies inside a schedule of {@code ownerRi}; true when it has none (in force). */
    public boolean inside(String ownerRi, Instant t) {
        Map<String, Schedule> s = ownerRi == null ? null : byOwner.get(ownerRi);
        if (s == null) {
            return true;
        }
        boolean constrained = false;
        for (Schedule schedule : s.values()) {
            if (schedule.expiredAt(t)) {
                continue;
            }
            constrained = true;
            if (schedule.admits(t)) {
                return true;
            }
        }
        return !constrained;
    }

    /**
     * The first second at or after {@code t} inside the schedules of {@code ownerRi}: {@code t} itself when it is
     * inside, null when no window opens within ten years.
     */
    public Instant nextOpening(String ownerRi, Instant t) {
        if (inside(ownerRi, t)) {
            return t;
        }
        Instant best = null;
        for (Schedule schedule : byOwner.getOrDefault(ownerRi, Map.of()).values()) {
            if (schedule.expiredAt(t)) {
                continue;
            }
            Instant n = schedule.next(t, best == null ? t.plus(HORIZON) : best);
            if (n != null && (best == null || n.isBefore(best))) {
                best = n;
            }
        }
        return best;
    }

    @Override
    public void accept(List<ResourceEvent> events) {
        for (ResourceEvent e : events) {
            Resource r = e.resource();
            if (r.ty() == ResourceTypes.SCH) {
                switch (e.kind()) {
                    case CREATED, UPDATED -> put(r);
                    case DELETED, REMOVED_WITH_ANCESTOR -> remove(r);
                }
            } else if (e.kind() == ResourceEvent.Kind.DELETED) {
                // A subscription or node deleted takes its schedules with it (no event is raised for them).
                if (byOwner.remove(r.ri()) != null) {
                    nodes.remove(r.ri());
                }
            }
        }
    }

    private void put(Resource r) {
        Schedule s;
        try {
            s = Schedule.of(r);
        } catch (RuntimeException e) {
            // Stored under other rules: it constrains nothing rather than failing every notification.
            LOG.warn("schedule {} is not understood and is ignored: {}", r.ri(), e.getMessage());
            return;
        }
        byOwner.compute(r.pi(), (k, old) -> {
            Map<String, Schedule> m = old == null ? new HashMap<>() : new HashMap<>(old);
            m.put(r.ri(), s);
            return Map.copyOf(m);
        });
        if (store.get(r.pi()).filter(p -> p.ty() == ResourceTypes.NODE).isPresent()) {
            nodes.add(r.pi());
        }
    }

    private void remove(Resource r) {
        byOwner.computeIfPresent(r.pi(), (k, old) -> {
            Map<String, Schedule> m = new HashMap<>(old);
            m.remove(r.ri());
            return m.isEmpty() ? null : Map.copyOf(m);
        });
        if (!byOwner.containsKey(r.pi())) {
            nodes.remove(r.pi());
        }
    }
}
