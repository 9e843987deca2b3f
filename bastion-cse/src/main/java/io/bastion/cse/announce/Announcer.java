package io.bastion.cse.announce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.primitive.Operation;
import io.bastion.core.primitive.Request;
import io.bastion.core.primitive.Response;
import io.bastion.core.primitive.ResponseStatusCode;
import io.bastion.core.resource.Resource;
import io.bastion.core.resource.ResourceType;
import io.bastion.core.resource.ResourceTypes;
import io.bastion.core.time.Timestamps;
import io.bastion.cse.config.CseConfig;
import io.bastion.cse.mcc.Retargeting;
import io.bastion.cse.resource.ResourceEvent;
import io.bastion.cse.resource.ResourceLocks;
import io.bastion.store.ResourceStore;
import io.bastion.store.WriteBatch;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hosting side of announcement (TS-0001 10.2.13.2, .5, .6, .9-.11; TS-0004 7.3.3.10): after each committed change
 * of an announceable resource, on one worker thread and never within the original's request, it creates the announced
 * variant at each CSE-ID of {@code at} ({@link AnnouncedContent}: MA attributes, OA ones named in {@code aa},
 * {@code lbl}, {@code et}, {@code lnk}), under the announced parent there when the parent is announced to the same CSE
 * (10.2.13.2), else under this CSE's {@code <remoteCSE>} at the target ({@code <CSEBase of target>/<this CSE-ID>},
 * which table 9.6.4-1 lists as the announced types' parent; the {@code <CSEBaseAnnc>} of 10.2.13.2 is not
 * implemented); it then replaces the CSE-ID in {@code at} by the announced resource's SP-relative address
 * (10.2.13.5: "the announceTo attribute of the original resource shall be updated to include the address for the
 * successfully announced resource"). It updates the copies when announced attributes change, and deletes a copy when
 * its CSE leaves {@code at} or the original is deleted or expires (10.2.13.6). A failure leaves the original as it is
 * (10.2.13.5 updates {@code at} only "if the announced resource has been successfully created"): a CSE that cannot be
 * reached or answers 5xxx is tried again {@value #ATTEMPTS} times in all, after growing pauses; a refusal (4xxx) is
 * final; each is logged. At most {@value #MAX_QUEUED} jobs wait; beyond, a change is logged and not announced.
 */
public final class Announcer implements Consumer<List<ResourceEvent>>, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Announcer.class);
    static final int ATTEMPTS = 3;
    static final int MAX_QUEUED = 1024;
    private static final long FIRST_PAUSE_MILLIS = 1000;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final CseConfig config;
    private final ResourceStore store;
    private final ResourceLocks locks;
    private final Retargeting forwarder;
    private final Consumer<List<ResourceEvent>> committed;
    private final Clock clock;
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("bastion-announcer").daemon().factory());
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicLong rqi = new AtomicLong();

    /**
     * @param forwarder sends this CSE's requests to other CSEs by the routing rule (NextHops and the transport)
     * @param committed where this announcer's own change of {@code at} goes, as every committed change
     */
    public Announcer(CseConfig config, ResourceStore store, ResourceLocks locks, Retargeting forwarder,
                     Consumer<List<ResourceEvent>> committed, Clock clock) {
        this.config = config;
        this.store = store;
        this.locks = locks;
        this.forwarder = forwarder;
        this.committed = committed;
        this.clock = clock;
    }

    @Override
    public void accept(List<ResourceEvent> events) {
        for (ResourceEvent e : events) {
            Resource r = e.resource();
            // the common case (no at) costs one attribute lookup
            if (r.get("at") == null && (e.previous() == null || e.previous().get("at") == null)) {
                continue;
            }
            if (AnnouncedContent.variantOf(r) == null) {
                continue;
            }
            switch (e.kind()) {
                case CREATED, UPDATED -> submit(() -> sync(r.ri(), e.previous(), e.modified()), r.ri());
                case DELETED, REMOVED_WITH_ANCESTOR -> submit(() -> withdraw(r.getList("at")), r.ri());
            }
        }
    }

    /** A job: true when it is done, false when it should be tried again. */
    private interface Job {
        boolean run();
    }

    private void submit(Job job, String ri) {
        if (queued.incrementAndGet() > MAX_QUEUED) {
            queued.decrementAndGet();
            LOG.warn("announcement of {} not made: {} announcement jobs are waiting already", ri, MAX_QUEUED);
            return;
        }
        schedule(job, ri, 1, 0);
    }

    private void schedule(Job job, String ri, int attempt, long delayMillis) {
        worker.schedule(() -> {
            boolean done = true;
            try {
                done = job.run();
            } catch (RuntimeException ex) {
                LOG.warn("announcement of {} failed: {}", ri, ex.toString());
            }
            if (!done && attempt < ATTEMPTS) {
                schedule(job, ri, attempt + 1, FIRST_PAUSE_MILLIS << (attempt - 1));
                return;
            }
            if (!done) {
                LOG.warn("announcement of {} given up after {} attempts", ri, ATTEMPTS);
            }
            queued.decrementAndGet();
        }, delayMillis, TimeUnit.MILLISECONDS);
    }

    /** Brings the copies of {@code ri} in line with its {@code at} and announced attributes. */
    private boolean sync(String ri, Resource previous, ObjectNode modified) {
        Resource r = store.get(ri).orElse(null);
        if (r == null) {
            return true; // its deletion withdraws the copies
        }
        List<String> at = r.getList("at");
        List<String> before = previous == null ? List.of() : previous.getList("at");
        boolean done = true;
        Set<String> cses = new HashSet<>();
        for (String e : at) {
            cses.add(AnnounceTo.cseOf(e));
        }
        for (String e : before) {
            if (AnnounceTo.isAddress(e) && !cses.contains(AnnounceTo.cseOf(e))) {
                done &= delete(e);
            }
        }
        Map<String, String> known = AnnounceTo.addresses(before);
        ObjectNode changes = previous == null || modified == null ? null
                : AnnouncedContent.update(previous, r, modified);
        List<String> next = new ArrayList<>(at.size());
        Set<String> seen = new HashSet<>();
        for (String e : at) {
            String cse = AnnounceTo.cseOf(e);
            if (!seen.add(cse) || cse.equals(config.cseId())) {
                if (cse.equals(config.cseId())) {
                    LOG.warn("{} names this CSE {} in at: a resource is not announced to its own CSE", ri, cse);
                }
                next.add(e);
                continue;
            }
            String address = AnnounceTo.isAddress(e) ? e : known.get(cse);
            if (address == null) {
                Outcome o = announce(r, cse);
                done &= !o.retry();
                address = o.address;
            } else if (changes != null) {
                done &= !send(Operation.UPDATE, address, cse, null, changes, "update of " + ri + " at " + address)
                        .retry();
            }
            next.add(address != null ? address : e);
        }
        if (!next.equals(at)) {
            writeBack(ri, at, next);
        }
        return done;
    }

    /** The copies of a deleted original go too (10.2.13.6); CSE-IDs not announced to are left. */
    private boolean withdraw(List<String> at) {
        boolean done = true;
        for (String e : at) {
            if (AnnounceTo.isAddress(e)) {
                done &= delete(e);
            }
        }
        return done;
    }

    private boolean delete(String address) {
        return !send(Operation.DELETE, address, AnnounceTo.cseOf(address), null, null, "withdrawal of " + address)
                .retry();
    }

    /** Creates the announced variant of {@code r} at {@code cse}. */
    private Outcome announce(Resource r, String cse) {
        String parent = parentThere(r, cse);
        if (parent == null) {
            LOG.warn("{} is not announced to {}: this CSE has no remoteCSE of {} (not registered with it), so it "
                    + "does not know its CSEBase", r.ri(), cse, cse);
            return Outcome.FAILED;
        }
        ResourceType variant = AnnouncedContent.variantOf(r);
        return send(Operation.CREATE, parent, cse, variant.ty(),
                AnnouncedContent.create(r, config.cseId() + "/" + r.ri()), "announcement of " + r.ri() + " to " + cse);
    }

    /**
     * Where the copy goes at {@code cse}: the announced parent there when the parent is announced to it, else this
     * CSE's {@code <remoteCSE>} there, addressed under the target's CSEBase ({@code cb} of its {@code <remoteCSE>}
     * here); null when neither is known.
     */
    private String parentThere(Resource r, String cse) {
        if (r.pi() != null) {
            Optional<Resource> parent = store.get(r.pi());
            if (parent.isPresent()) {
                String a = AnnounceTo.addresses(parent.get().getList("at")).get(cse);
                if (a != null) {
                    return a;
                }
            }
        }
        Optional<Resource> csr = store.get(cse.substring(1))
                .filter(x -> x.ty() == ResourceTypes.CSR && cse.equals(x.getText("csi")));
        String cb = csr.map(x -> x.getText("cb")).orElse(null);
        if (cb == null || cb.isEmpty()) {
            return null;
        }
        String base = cb.startsWith("/") ? cb : cse + "/" + cb;
        return base + "/" + config.cseId().substring(1);
    }

    /** What a request to another CSE came to; a CREATE's success carries the copy's SP-relative address. */
    private record Outcome(String address, boolean retry) {
        static final Outcome DONE = new Outcome(null, false);
        static final Outcome FAILED = new Outcome(null, false);
        static final Outcome RETRY = new Outcome(null, true);
    }

    private Outcome send(Operation op, String to, String cse, Integer ty, JsonNode pc, String what) {
        Request rq = Request.builder(op, to).fr(config.cseId()).rqi("annc-" + rqi.incrementAndGet()).rvi("3")
                .ty(ty).pc(pc).build();
        Response resp;
        try {
            resp = forwarder.send(cse, rq, TIMEOUT);
        } catch (OneM2MException ex) {
            LOG.warn("{} failed ({}): {}", what, ex.status().code(), ex.getMessage());
            return Outcome.RETRY;
        }
        int code = resp.rsc().code();
        if (code >= 2000 && code < 3000) {
            if (op != Operation.CREATE) {
                return Outcome.DONE;
            }
            String ri = riOf(resp.pc());
            if (ri == null) {
                LOG.warn("{}: {} answered {} without the announced resource's ID", what, cse, code);
                return Outcome.FAILED;
            }
            LOG.info("{}: created {}/{}", what, cse, ri);
            return new Outcome(ri.startsWith("/") ? ri : cse + "/" + ri, false);
        }
        if (op == Operation.DELETE && resp.rsc() == ResponseStatusCode.NOT_FOUND) {
            return Outcome.DONE; // gone already: what the withdrawal wanted
        }
        LOG.warn("{}: {} answered {} {}", what, cse, code, resp.pc() == null ? "" : resp.pc());
        return code >= 5000 ? Outcome.RETRY : Outcome.FAILED;
    }

    private static String riOf(JsonNode pc) {
        if (pc == null || !pc.isObject() || pc.size() != 1) {
            return null;
        }
        JsonNode ri = pc.elements().next().get("ri");
        return ri == null || !ri.isTextual() ? null : ri.asText();
    }

    /** Replaces the CSE-IDs announced to by the copies' addresses, unless {@code at} changed meanwhile. */
    private void writeBack(String ri, List<String> read, List<String> next) {
        ResourceEvent event;
        locks.lock(ri);
        try {
            Resource current = store.get(ri).orElse(null);
            if (current == null || !current.getList("at").equals(read)) {
                return; // a later change decides; its own job comes after this one
            }
            ObjectNode attrs = current.attrsCopy();
            attrs.set("at", JsonNodeFactory.instance.arrayNode().addAll(
                    next.stream().map(JsonNodeFactory.instance::textNode).toList()));
            attrs.put("lt", Timestamps.format(clock.instant()));
            Resource updated = current.withAttrs(attrs, current.expiry());
            store.write(new WriteBatch().put(updated));
            ObjectNode modified = JsonNodeFactory.instance.objectNode();
            modified.set("at", attrs.get("at"));
            event = new ResourceEvent(ResourceEvent.Kind.UPDATED, updated, modified, config.cseId(), null, Set.of(),
                    current);
        } finally {
            locks.unlock(ri);
        }
        committed.accept(List.of(event));
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
