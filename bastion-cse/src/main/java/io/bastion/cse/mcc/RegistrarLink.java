package io.bastion.cse.mcc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bastion.core.binding.RequestTransport;
import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.primitive.Response;
import io.bastion.core.primitive.ResponseStatusCode;
import io.bastion.core.resource.Resource;
import io.bastion.core.resource.ResourceTypes;
import io.bastion.core.text.Excerpt;
import io.bastion.cse.config.CseConfig;
import io.bastion.cse.config.MccConfig;
import io.bastion.cse.config.RegistreeConfig;
import io.bastion.cse.resource.ResourceEvent;
import io.bastion.cse.resource.ResourceLocks;
import io.bastion.store.ResourceStore;
import io.bastion.store.WriteBatch;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registree's side of CSE registration (TS-0001 10.2.2.7; TS-0004 7.4.4.2.1 to 7.4.4.2.4, Originator parts): this
 * CSE's registration with its registrar ({@code registrar.*}), kept on one background thread so that neither start-up
 * nor request handling ever waits for the registrar.
 *
 * <p>An attempt first looks for this CSE's {@code <remoteCSE>} on the registrar (RETRIEVE of
 * {@code /<registrar>/<cb>/<own CSE-ID without slash>}): found, it UPDATEs what changed of {@code poa}, {@code rr},
 * {@code srv}, {@code csz} and {@code dcse}; not found (4004), it CREATEs it; refused as already registered (4117)
 * although not found there, it looks the resource up by its ID ({@code /<registrar>/<own id>}). It then RETRIEVEs the
 * registrar's CSEBase and creates (or brings up to date) the local {@code <remoteCSE>} of the registrar (step 004 and
 * 008). So a restart of either side leaves one resource on each. While the registrar cannot be reached or refuses,
 * attempts are repeated after pauses that double from {@code registrar.retry-initial-ms} up to
 * {@code registrar.retry-max-ms}; the log says so once per change of state or reason, and {@link #status()} says it
 * always (the admin endpoint's health).
 *
 * <p>As the registrar of others (Recv-6.5 of 7.4.4.2.1, 7.4.4.2.3, 7.4.4.2.4): when a {@code <remoteCSE>} of a registree
 * is created, updated or deleted here, this CSE updates {@code dcse} of its own {@code <remoteCSE>} on its registrar to
 * list every registree and their descendants ({@link DescendantCses}); the whole list is sent, so that a change missed
 * while the registrar was away is made good at the next registration.
 *
 * <p>De-registration (7.4.4.2.4): DELETE of this CSE's {@code <remoteCSE>} on the registrar, then the local
 * {@code <remoteCSE>} of the registrar is removed; a registrar that no longer knows the registration (4004) counts as
 * done. After it, this CSE stays de-registered until it is started again with {@code registrar.*} set.
 */
public final class RegistrarLink implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RegistrarLink.class);

    /** Where the registration stands. */
    public enum State {
        /** The first attempt has not finished yet. */
        REGISTERING,
        /** Both {@code <remoteCSE>} resources are in place. */
        REGISTERED,
        /** The last attempt failed; another follows at {@link Status#nextAttempt}. */
        RETRYING,
        /** De-registered on request; no attempt follows until the next start. */
        DEREGISTERED,
        /** Nothing is attempted: the CSE stopped, or it has no way to reach its registrar. */
        STOPPED;

        /** Its name in the health answer. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * The registration as it stands, for health and logs.
     *
     * @param state where it stands
     * @param registrar the registrar's CSE-ID
     * @param url {@code registrar.url}
     * @param since when it entered this state
     * @param failures failed attempts in a row (0 once registered)
     * @param problem why the last attempt failed, or null
     * @param nextAttempt when the next attempt is due, or null when none is planned
     */
    public record Status(State state, String registrar, String url, Instant since, int failures, String problem,
                         Instant nextAttempt) {
    }

    /** A registrar's refusal, or an answer this CSE cannot use, with the words for the log and the health. */
    static final class Refused extends Exception {
        final ResponseStatusCode rsc;

        Refused(ResponseStatusCode rsc, String message) {
            super(message);
            this.rsc = rsc;
        }
    }

    private final CseConfig config;
    private final MccConfig mcc;
    private final MccConfig.Registrar registrar;
    private final RegistreeConfig settings;
    private final ResourceStore store;
    private final RegistrarClient client;
    private final Clock clock;
    private final ResourceLocks locks;
    private final Function<Resource, List<ResourceEvent>> removeLocally;
    private final Consumer<List<ResourceEvent>> committed;
    private final ScheduledExecutorService worker;
    private final AtomicBoolean upkeepQueued = new AtomicBoolean();
    private volatile Status status;

    // Touched on the worker thread only.
    private List<String> poa = List.of();
    private String remoteAddress;
    private List<String> registeredDcse;
    private ScheduledFuture<?> nextAttempt;
    private boolean cseBaseUnreadableLogged;

    /**
     * @param transport how requests reach the registrar, or null: then nothing is attempted and the health says why
     * @param removeLocally deletes a resource with its subtree as the CSE itself and returns the events
     * @param committed where the changes this link makes locally go, as every committed change
     */
    public RegistrarLink(CseConfig config, MccConfig mcc, RegistreeConfig settings, ResourceStore store,
                         RequestTransport transport, Clock clock, ResourceLocks locks,
                         Function<Resource, List<ResourceEvent>> removeLocally,
                         Consumer<List<ResourceEvent>> committed) {
        this.config = config;
        this.mcc = mcc;
        this.registrar = Objects.requireNonNull(mcc.registrar(), "a registrar link needs registrar.*");
        this.settings = settings;
        this.store = store;
        this.client = transport == null ? null
                : new RegistrarClient(config.cseId(), registrar, transport, settings.timeout());
        this.clock = clock;
        this.locks = locks;
        this.removeLocally = removeLocally;
        this.committed = committed;
        this.worker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bastion-registrar");
            t.setDaemon(true);
            return t;
        });
        this.status = new Status(State.REGISTERING, registrar.cseId(), registrar.url(), clock.instant(), 0, null,
                null);
    }

    /**
     * Starts registering in the background, announcing {@code pointsOfAccess}; returns at once.
     */
    public void start(List<String> pointsOfAccess) {
        List<String> p = List.copyOf(pointsOfAccess);
        if (client == null) {
            set(State.STOPPED, "no request transport: this CSE has no way to send requests to its registrar", null);
            return;
        }
        LOG.info("registering with {} at {} (announcing poa {})", registrar.cseId(), registrar.url(), p);
        worker.execute(() -> {
            poa = p;
            attempt();
        });
    }

    /** Where the registration stands. */
    public Status status() {
        return status;
    }

    /** The registrar this link registers with. */
    public MccConfig.Registrar registrar() {
        return registrar;
    }

    /** Whether {@code r} is the local {@code <remoteCSE>} of the registrar. */
    public boolean describesRegistrar(Resource r) {
        return r.ty() == ResourceTypes.CSR && registrar.cseId().equals(r.getText("csi"));
    }

    /**
     * Committed changes: a registree's {@code <remoteCSE>} created, updated or deleted here changes the {@code dcse}
     * this CSE declares to its registrar (Recv-6.5), which is then brought up to date in the background.
     */
    public void committed(List<ResourceEvent> events) {
        for (ResourceEvent e : events) {
            if (DescendantCses.concerns(e.resource(), config.cseBaseRi(), registrar.cseId())) {
                if (upkeepQueued.compareAndSet(false, true) && client != null) {
                    worker.execute(this::upkeep);
                }
                return;
            }
        }
    }

    /**
     * De-registers at the registrar (DELETE of this CSE's {@code <remoteCSE>} there), before the local
     * {@code <remoteCSE>} of the registrar is removed by a request; afterwards no attempt follows. Waits at most
     * {@code registrar.timeout-ms} (twice, when an attempt is under way).
     *
     * @throws OneM2MException 5103 TARGET_NOT_REACHABLE when the registrar cannot be reached, or the registrar's own
     *         refusal; the registration then stays as it was
     */
    public void deregisterAtRegistrar() {
        if (client == null) {
            throw new OneM2MException(ResponseStatusCode.TARGET_NOT_REACHABLE, "this CSE has no way to send "
                    + "requests to its registrar " + registrar.cseId() + ", so it cannot de-register there");
        }
        Future<Void> f = worker.submit(() -> {
            deleteRemote();
            return null;
        });
        try {
            f.get(settings.timeout().toMillis() * 2 + 1000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof OneM2MException o) {
                throw o;
            }
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new OneM2MException(ResponseStatusCode.TARGET_NOT_REACHABLE, "the registrar " + registrar.cseId()
                    + " did not answer the de-registration in time; the registration stays");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OneM2MException(ResponseStatusCode.TARGET_NOT_REACHABLE, "interrupted");
        }
    }

    /**
     * De-registers entirely (the CLI's {@code cse deregister}): at the registrar, then the local {@code <remoteCSE>}
     * of the registrar.
     *
     * @return what was done, in one line
     * @throws OneM2MException as {@link #deregisterAtRegistrar()}
     */
    public String deregister() {
        deregisterAtRegistrar();
        Optional<Resource> local = store.get(registrar.cseId().substring(1)).filter(this::describesRegistrar);
        if (local.isPresent()) {
            committed.accept(removeLocally.apply(local.get()));
        }
        return "de-registered from " + registrar.cseId() + " at " + registrar.url()
                + (local.isPresent() ? "; its remoteCSE here removed" : "");
    }

    @Override
    public void close() {
        worker.shutdownNow();
        if (status.state() != State.DEREGISTERED) {
            status = new Status(State.STOPPED, registrar.cseId(), registrar.url(), clock.instant(), status.failures(),
                    status.problem(), null);
        }
    }

    // ------------------------------------------------------------------------------------ on the worker thread

    private void attempt() {
        nextAttempt = null;
        State s = status.state();
        if (s == State.DEREGISTERED || s == State.STOPPED) {
            return;
        }
        try {
            ensureRemote();
            ensureLocal();
            set(State.REGISTERED, null, null);
        } catch (RegistrarClient.Unreachable e) {
            retry("cannot reach the registrar at " + registrar.url() + ": " + e.getMessage());
        } catch (Refused e) {
            retry(e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("registration with {}: unexpected failure", registrar.cseId(), e);
            retry("internal error (see the log): " + e.getClass().getSimpleName());
        }
    }

    private void retry(String problem) {
        int failures = status.failures() + 1;
        long pause = settings.pauseAfter(failures).toMillis();
        set(State.RETRYING, problem, clock.instant().plusMillis(pause), failures);
        nextAttempt = worker.schedule(this::attempt, pause, TimeUnit.MILLISECONDS);
    }

    /** Whether this CSE's CSEBase says it is an ESCertKE end-point ({@code esf} 43, written by CseBaseSecInfo). */
    private boolean isEsCertKeEndPoint() {
        return store.get(config.cseBaseRi()).map(cb -> cb.get("esi")).map(esi -> esi.path("esf"))
                .map(esf -> {
                    for (com.fasterxml.jackson.databind.JsonNode v : esf) {
                        if (v.asInt() == 43) {
                            return true;
                        }
                    }
                    return false;
                }).orElse(false);
    }

    /** This CSE's {@code <remoteCSE>} on the registrar: found and brought up to date, or created. */
    private void ensureRemote() throws RegistrarClient.Unreachable, Refused {
        ObjectNode desired = RemoteCseRecords.own(config, mcc, poa, descendants(), isEsCertKeEndPoint());
        String structured = client.ownRemoteCse();
        Response found = client.retrieve(structured);
        if (found.rsc() == ResponseStatusCode.OK) {
            reconcile(structured, found, desired);
            return;
        }
        if (found.rsc() != ResponseStatusCode.NOT_FOUND) {
            throw refused("RETRIEVE of this CSE's remoteCSE", found);
        }
        Response created = client.create(client.cseBase(), ResourceTypes.CSR, RemoteCseRecords.wrapped(desired));
        if (created.rsc() == ResponseStatusCode.CREATED) {
            JsonNode csr = created.pc() == null ? null : created.pc().get("m2m:csr");
            String rn = csr == null ? null : csr.path("rn").asText(null);
            String ri = csr == null ? null : csr.path("ri").asText(null);
            // a registrar that named it otherwise is reached by its resource ID
            remoteAddress = rn == null || rn.equals(desired.path("rn").asText()) || ri == null ? structured
                    : client.byId(ri);
            registeredDcse = desired.has("dcse") ? stringList(desired.get("dcse")) : List.of();
            LOG.info("created this CSE's remoteCSE on its registrar {} ({})", registrar.cseId(), remoteAddress);
            return;
        }
        if (created.rsc() == ResponseStatusCode.ORIGINATOR_HAS_ALREADY_REGISTERED) {
            String byId = client.byId(config.cseId().substring(1));
            Response again = client.retrieve(byId);
            if (again.rsc() == ResponseStatusCode.OK) {
                reconcile(byId, again, desired);
                return;
            }
            throw new Refused(created.rsc(), "the registrar " + registrar.cseId() + " says this CSE is already "
                    + "registered (4117) but its remoteCSE is neither at " + structured + " nor at " + byId);
        }
        throw refused("CREATE of this CSE's remoteCSE", created);
    }

    /** Updates what differs between the registrar's representation and {@code desired}. */
    private void reconcile(String address, Response found, ObjectNode desired) throws RegistrarClient.Unreachable,
            Refused {
        JsonNode csr = found.pc() == null ? null : found.pc().get("m2m:csr");
        if (csr == null || !csr.isObject()) {
            throw new Refused(found.rsc(), "the registrar " + registrar.cseId() + " answered the RETRIEVE of "
                    + address + " without a remoteCSE");
        }
        String csi = csr.path("csi").asText(null);
        if (csi != null && !csi.equals(config.cseId())) {
            throw new Refused(ResponseStatusCode.CONFLICT, "the remoteCSE at " + address + " on the registrar "
                    + "describes " + Excerpt.of(csi) + ", not this CSE " + config.cseId());
        }
        remoteAddress = address;
        ObjectNode changes = RemoteCseRecords.changes(csr, desired);
        if (!changes.isEmpty()) {
            Response u = client.update(address, RemoteCseRecords.wrapped(changes));
            if (u.rsc() != ResponseStatusCode.UPDATED) {
                throw refused("UPDATE of " + String.join(", ", fieldNames(changes)) + " of this CSE's remoteCSE", u);
            }
            LOG.info("updated {} of this CSE's remoteCSE on its registrar {}", String.join(", ", fieldNames(changes)),
                    registrar.cseId());
        }
        registeredDcse = desired.has("dcse") ? stringList(desired.get("dcse")) : List.of();
    }

    /** The local {@code <remoteCSE>} of the registrar, from what its CSEBase says (when it lets this CSE read it). */
    private void ensureLocal() throws RegistrarClient.Unreachable, Refused {
        Response cb = client.retrieve(client.cseBase());
        JsonNode base = null;
        if (cb.rsc() == ResponseStatusCode.OK) {
            base = cb.pc();
            String csi = RemoteCseRecords.csiOf(base);
            if (csi != null && !csi.equals(registrar.cseId())) {
                throw new Refused(ResponseStatusCode.CONFLICT, "the registrar at " + registrar.url() + " says it is "
                        + Excerpt.of(csi) + ", not registrar.cse-id " + registrar.cseId());
            }
        } else if (!cseBaseUnreadableLogged) {
            cseBaseUnreadableLogged = true;
            LOG.warn("the registrar {} answered {} to this CSE's RETRIEVE of its CSEBase {}: its remoteCSE here holds"
                    + " only what registration proved (csi, cb, poa, rr, srv {}); let {} retrieve that CSEBase there "
                    + "(cse.acpi) for cst, srv, lbl and nl", registrar.cseId(), cb.rsc().code(), client.cseBase(),
                    RegistrarClient.RELEASE, config.cseId());
        }
        Instant now = clock.instant();
        Resource fresh = RemoteCseRecords.ofRegistrar(registrar, base, config.cseBaseRi(), config.cseBaseName(), now,
                now.plus(config.defaultExpiry()));
        List<ResourceEvent> events = new ArrayList<>();
        locks.lock(config.cseBaseRi());
        try {
            Optional<Resource> stored = store.get(fresh.ri());
            if (stored.isPresent() && !describesRegistrar(stored.get())) {
                throw new Refused(ResponseStatusCode.CONFLICT, "resource " + fresh.ri() + " here is not the "
                        + "remoteCSE of the registrar " + registrar.cseId() + ": its remoteCSE cannot be kept");
            }
            if (stored.isEmpty()) {
                store.write(new WriteBatch().create(fresh));
                events.add(new ResourceEvent(ResourceEvent.Kind.CREATED, fresh, null, config.cseId()));
            } else if (!RemoteCseRecords.same(stored.get(), fresh)) {
                ObjectNode a = fresh.attrsCopy();
                a.set("ct", stored.get().get("ct"));
                Resource updated = new Resource(fresh.ri(), fresh.pi(), fresh.ty(), stored.get().path(), a,
                        fresh.creator(), fresh.expiry());
                store.write(new WriteBatch().put(updated));
                events.add(new ResourceEvent(ResourceEvent.Kind.UPDATED, updated, modified(stored.get(), updated),
                        config.cseId()));
            }
        } finally {
            locks.unlock(config.cseBaseRi());
        }
        if (!events.isEmpty()) {
            committed.accept(events);
        }
    }

    /** Recv-6.5: the registrar's {@code dcse} of this CSE follows the registrees here. */
    private void upkeep() {
        upkeepQueued.set(false);
        if (status.state() != State.REGISTERED) {
            return; // the next attempt sends the list with everything else
        }
        List<String> dcse = descendants();
        if (dcse.equals(registeredDcse)) {
            return;
        }
        ObjectNode change = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        dcse.forEach(change.putArray("dcse")::add);
        try {
            Response u = client.update(remoteAddress, RemoteCseRecords.wrapped(change));
            if (u.rsc() != ResponseStatusCode.UPDATED) {
                throw refused("UPDATE of dcse of this CSE's remoteCSE", u);
            }
            registeredDcse = dcse;
            LOG.info("descendantCSEs declared to the registrar {}: {}", registrar.cseId(), dcse);
        } catch (RegistrarClient.Unreachable e) {
            retry("cannot reach the registrar at " + registrar.url() + " to update dcse: " + e.getMessage());
        } catch (Refused e) {
            retry(e.getMessage());
        }
    }

    private void deleteRemote() throws RegistrarClient.Unreachable {
        if (nextAttempt != null) {
            nextAttempt.cancel(false);
            nextAttempt = null;
        }
        String address = remoteAddress != null ? remoteAddress : client.ownRemoteCse();
        Response d;
        try {
            d = client.delete(address);
        } catch (RegistrarClient.Unreachable e) {
            resumeIfPending();
            throw new OneM2MException(ResponseStatusCode.TARGET_NOT_REACHABLE, "cannot reach the registrar "
                    + registrar.cseId() + " at " + registrar.url() + " (" + e.getMessage() + "); the registration"
                    + " stays");
        }
        if (d.rsc() != ResponseStatusCode.DELETED && d.rsc() != ResponseStatusCode.NOT_FOUND) {
            resumeIfPending();
            ResponseStatusCode rsc = d.rsc().code() >= 4000 ? d.rsc() : ResponseStatusCode.INTERNAL_SERVER_ERROR;
            throw new OneM2MException(rsc, "the registrar " + registrar.cseId() + " refused to delete this CSE's "
                    + "remoteCSE: " + d.rsc().code() + " " + d.rsc().name() + dbg(d) + "; the registration stays");
        }
        remoteAddress = null;
        set(State.DEREGISTERED, null, null);
    }

    /** After a failed de-registration, attempts go on as before. */
    private void resumeIfPending() {
        State s = status.state();
        if (s == State.RETRYING || s == State.REGISTERING) {
            nextAttempt = worker.schedule(this::attempt, settings.pauseAfter(Math.max(1, status.failures()))
                    .toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private List<String> descendants() {
        return DescendantCses.of(store, config.cseBaseRi(), registrar.cseId(), config.cseId(), clock.instant());
    }

    /** Changes state, logging once per change of state or reason. */
    private void set(State state, String problem, Instant next) {
        set(state, problem, next, 0);
    }

    private void set(State state, String problem, Instant next, int failures) {
        Status old = status;
        boolean changed = old.state() != state || !Objects.equals(old.problem(), problem);
        status = new Status(state, registrar.cseId(), registrar.url(), changed ? clock.instant() : old.since(),
                failures, problem, next);
        if (!changed) {
            return;
        }
        switch (state) {
            case REGISTERED -> LOG.info("registered with {} at {}", registrar.cseId(), registrar.url());
            case RETRYING -> LOG.warn("registration with {} failed: {}; retrying, the pause doubling from {} ms up to"
                    + " {} ms", registrar.cseId(), problem, settings.retryInitial().toMillis(),
                    settings.retryMax().toMillis());
            case DEREGISTERED -> LOG.info("de-registered from {} at {}", registrar.cseId(), registrar.url());
            case STOPPED -> LOG.error("registration with {} is not attempted: {}", registrar.cseId(), problem);
            default -> LOG.info("registering with {} at {}", registrar.cseId(), registrar.url());
        }
    }

    private Refused refused(String what, Response r) {
        return new Refused(r.rsc(), "the registrar " + registrar.cseId() + " answered " + r.rsc().code() + " "
                + r.rsc().name() + " to the " + what + dbg(r));
    }

    private static String dbg(Response r) {
        JsonNode d = r.pc() == null ? null : r.pc().get("m2m:dbg");
        return d == null || !d.isTextual() ? "" : ": " + Excerpt.of(d.asText(), 200);
    }

    private static ObjectNode modified(Resource before, Resource after) {
        ObjectNode m = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        after.attrs().fields().forEachRemaining(e -> {
            if (!List.of("ct", "lt", "et").contains(e.getKey()) && !e.getValue().equals(before.get(e.getKey()))) {
                m.set(e.getKey(), e.getValue());
            }
        });
        return m;
    }

    private static List<String> fieldNames(ObjectNode o) {
        List<String> n = new ArrayList<>();
        o.fieldNames().forEachRemaining(n::add);
        return n;
    }

    private static List<String> stringList(JsonNode a) {
        List<String> out = new ArrayList<>();
        if (a != null) {
            a.forEach(e -> out.add(e.asText()));
        }
        return out;
    }
}
