package io.bastion.cse;

import io.bastion.core.binding.RequestProcessor;
import io.bastion.core.binding.UpperTester;
import io.bastion.core.primitive.Operation;
import io.bastion.core.primitive.Peer;
import io.bastion.core.primitive.Request;
import io.bastion.core.primitive.Response;
import io.bastion.cse.announce.Announcer;
import io.bastion.cse.config.CseConfig;
import io.bastion.cse.dynamic.DynamicAuthorization;
import io.bastion.cse.expiry.ExpiryReaper;
import io.bastion.cse.explain.Explainer;
import io.bastion.cse.explain.Explanation;
import io.bastion.cse.explain.Presented;
import io.bastion.cse.mcc.RegistrarLink;
import io.bastion.cse.notification.NotificationDispatcher;
import io.bastion.cse.nonblocking.PendingRequests;
import io.bastion.cse.pipeline.Pipeline;
import io.bastion.cse.polling.PollingChannels;
import io.bastion.cse.request.RequestContext;
import io.bastion.cse.schedule.PendingNotifications;
import io.bastion.cse.subscription.SubscriptionBookkeeping;
import io.bastion.cse.timeseries.MissingDataDetector;
import io.bastion.cse.timing.OperationTimer;
import io.bastion.store.ResourceStore;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.List;
import java.util.Optional;

/**
 * The CSE engine: the request pipeline of DESIGN.md section 1, composed once by a {@link CseBuilder}, which also
 * names the parts it runs on (store, notification transport, DAS client, audit sink, location source, trusted
 * issuers, clock, randomness). Bindings call {@link #process}; the admin plane calls {@link #explain}.
 *
 * <p>The time a request was received is read once from the clock when it enters the pipeline and travels in its
 * {@link RequestContext}.
 */
public final class Cse implements RequestProcessor, AutoCloseable {
    private final CseConfig config;
    private final ResourceStore store;
    private final Clock clock;
    private final Pipeline pipeline;
    private final Explainer explainer;
    private final DynamicAuthorization dynamic;
    private final NotificationDispatcher dispatcher;
    private final ExpiryReaper reaper;
    private final SubscriptionBookkeeping bookkeeping;
    private final MissingDataDetector missingData;
    private final PendingRequests pendingRequests;
    private final OperationTimer operationTimer;
    private final UpperTester upperTester;
    private final PollingChannels channels;
    private final PendingNotifications pending;
    /** This CSE's registration with its registrar, or null for a CSE without one (an IN-CSE). */
    private final RegistrarLink registrarLink;

    /** This CSE's announcements to other CSEs, or null without a transport to them. */
    private final Announcer announcer;

    /** Built by {@link CseBuilder}, which started the expiry reaper. */
    Cse(CseConfig config, ResourceStore store, Clock clock, Pipeline pipeline, Explainer explainer,
        DynamicAuthorization dynamic, NotificationDispatcher dispatcher, ExpiryReaper reaper,
        SubscriptionBookkeeping bookkeeping, MissingDataDetector missingData, PendingRequests pendingRequests,
        OperationTimer operationTimer, UpperTester upperTester, PollingChannels channels,
        PendingNotifications pending, RegistrarLink registrarLink, Announcer announcer) {
        this.pending = pending;
        this.announcer = announcer;
        this.config = config;
        this.store = store;
        this.clock = clock;
        this.pipeline = pipeline;
        this.explainer = explainer;
        this.dynamic = dynamic;
        this.dispatcher = dispatcher;
        this.reaper = reaper;
        this.bookkeeping = bookkeeping;
        this.missingData = missingData;
        this.pendingRequests = pendingRequests;
        this.operationTimer = operationTimer;
        this.upperTester = upperTester;
        this.channels = channels;
        this.registrarLink = registrarLink;
    }

    /**
     * Starts registering with the registrar in the background (nothing for a CSE without one), announcing
     * {@code pointsOfAccess}; called once the doors listen, so that the registrar can reach them when it is told.
     */
    public void startRegistration(List<String> pointsOfAccess) {
        if (registrarLink != null) {
            registrarLink.start(pointsOfAccess);
        }
    }

    /** This CSE's registration with its registrar, empty for a CSE without one. */
    public Optional<RegistrarLink> registrarLink() {
        return Optional.ofNullable(registrarLink);
    }

    @Override
    public Response process(Request request, Peer peer) {
        // The one reading of the clock for the request time (rq_time of TS-0003 7.1.2): every decision uses it.
        // A held response (a long poll) makes this caller wait for it: a door that cannot wait calls processAsync.
        return pipeline.runToTheEnd(new RequestContext(request, peer, clock.instant()));
    }

    @Override
    public CompletableFuture<Response> processAsync(Request request, Peer peer) {
        RequestContext x = new RequestContext(request, peer, clock.instant());
        Response r = pipeline.run(x);
        return x.held() == null ? CompletableFuture.completedFuture(r) : x.held();
    }

    /**
     * What a real request would be decided, and why, without executing it ({@link Explainer}).
     *
     * @param originator {@code fr} as a request would carry it
     * @param op the operation ({@link Operation#DISCOVERY} for discovery; a CREATE needs
     *        {@link #explain(String, Operation, Integer, String, InetAddress, Instant)})
     * @param target the target address
     * @param ip the source address to assume, or null (unknown: no IP rule matches)
     * @param at the request time, or null for now
     * @throws io.bastion.core.primitive.OneM2MException when the request itself would be invalid (4000, …)
     */
    public Explanation explain(String originator, Operation op, String target, InetAddress ip, Instant at) {
        return explain(originator, op, null, target, ip, at);
    }

    /**
     * As {@link #explain(String, Operation, String, InetAddress, Instant)}, with the type of the resource to create
     * ({@code ty}) for a CREATE.
     */
    public Explanation explain(String originator, Operation op, Integer ty, String target, InetAddress ip,
                               Instant at) {
        return explainer.explain(originator, op, ty, target, ip, at);
    }

    /**
     * As {@link #explain(String, Operation, Integer, String, InetAddress, Instant)}, for a request presenting tokens
     * and roles; they are verified as a real request's are, without side effects, and no DAS is consulted.
     */
    public Explanation explain(String originator, Operation op, Integer ty, String target, InetAddress ip,
                               Instant at, Presented presented) {
        return explainer.explain(originator, op, ty, target, ip, at, presented);
    }

    /**
     * As {@link #explain(String, Operation, Integer, String, InetAddress, Instant, Presented)}, for a request arriving
     * over a security association that proves the CSE-ID {@code via}: whether the Registrar's handover check accepts
     * the originator from that CSE, and by which route ({@link Explainer#explain(String, Operation, Integer, String,
     * InetAddress, Instant, Presented, String)}).
     */
    public Explanation explain(String originator, Operation op, Integer ty, String target, InetAddress ip,
                               Instant at, Presented presented, String via) {
        return explainer.explain(originator, op, ty, target, ip, at, presented, via);
    }

    public CseConfig config() {
        return config;
    }

    public ResourceStore store() {
        return store;
    }

    public NotificationDispatcher dispatcher() {
        return dispatcher;
    }

    /** Runs one expiry pass now (tests, and after a clock jump). */
    public int sweepExpired() {
        return reaper.sweep();
    }

    /** The missing-data detection of timeSeries (how many are monitored, for tests and metrics). */
    public MissingDataDetector missingData() {
        return missingData;
    }

    /** The accepted non-blocking requests not yet finished (for tests and metrics). */
    public PendingRequests pendingRequests() {
        return pendingRequests;
    }

    /** The wait of blocking requests until their oet: how many wait, and a wake-up after an injected clock moved. */
    public OperationTimer operationTimer() {
        return operationTimer;
    }

    /**
     * The Upper Tester commands of TS-0019 (reset, status), each use audited; a door offers them only when the
     * operator turned them on.
     */
    public UpperTester upperTester() {
        return upperTester;
    }

    /** The polling channels of AEs that cannot receive requests (their statistics, for tests and metrics). */
    public PollingChannels pollingChannels() {
        return channels;
    }

    /** Dynamic authorization: DAS consultation, its remembered grants, and the indirect flow. */
    public DynamicAuthorization dynamicAuthorization() {
        return dynamic;
    }

    /** Stops the background work; the store, the transport and the DAS client belong to whoever built the CSE. */
    @Override
    public void close() {
        operationTimer.close();
        if (registrarLink != null) {
            registrarLink.close();
        }
        if (announcer != null) {
            announcer.close();
        }
        reaper.close();
        pendingRequests.close();
        missingData.close();
        pending.close();
        dispatcher.close();
        bookkeeping.close();
    }
}
