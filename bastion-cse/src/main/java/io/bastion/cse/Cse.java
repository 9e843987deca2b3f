package io.bastion.cse;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bastion.core.binding.RequestProcessor;
import io.bastion.core.primitive.Operation;
import io.bastion.core.primitive.Peer;
import io.bastion.core.primitive.Request;
import io.bastion.core.primitive.Response;
import io.bastion.core.resource.Resource;
import io.bastion.cse.access.AccessControl;
import io.bastion.cse.request.RequestCredentials;
import io.bastion.cse.config.CseConfig;
import io.bastion.cse.dynamic.CircuitBreaker;
import io.bastion.cse.dynamic.DacBehaviour;
import io.bastion.cse.dynamic.DacResolver;
import io.bastion.cse.dynamic.DynamicAuthorization;
import io.bastion.cse.dynamic.DynamicGrants;
import io.bastion.cse.dynamic.DasClient;
import io.bastion.cse.role.RoleBehaviour;
import io.bastion.cse.role.RoleIssuers;
import io.bastion.cse.role.RoleRepository;
import io.bastion.cse.role.RoleTokenLink;
import io.bastion.core.id.IdForms;
import io.bastion.cse.token.DasTokenLookup;
import io.bastion.cse.token.DasTokens;
import io.bastion.cse.token.LocalTokenIds;
import io.bastion.cse.token.RequestTokens;
import io.bastion.cse.token.TokenBehaviour;
import io.bastion.cse.token.TokenRepository;
import io.bastion.cse.token.TokenVerification;
import io.bastion.security.token.TokenCache;
import io.bastion.security.token.TrustedIssuers;
import io.bastion.cse.access.StoreGroupMembers;
import io.bastion.cse.acp.AcpBehaviour;
import io.bastion.cse.address.TargetResolver;
import io.bastion.cse.audit.AuditSink;
import io.bastion.cse.container.ContainerBehaviour;
import io.bastion.cse.container.ContentInstanceBehaviour;
import io.bastion.cse.csebase.CseBaseBehaviour;
import io.bastion.cse.csebase.CseBaseSetup;
import io.bastion.cse.discovery.Discovery;
import io.bastion.cse.expiry.ExpiryReaper;
import io.bastion.cse.explain.Explainer;
import io.bastion.cse.explain.CredentialInspection;
import io.bastion.cse.explain.Explanation;
import io.bastion.cse.explain.Presented;
import io.bastion.cse.group.GroupBehaviour;
import io.bastion.cse.group.GroupFanOut;
import io.bastion.cse.group.LegacyMixedGroups;
import io.bastion.cse.config.DispatcherConfig;
import io.bastion.cse.notification.NotificationDispatcher;
import io.bastion.core.binding.NotificationTransport;
import io.bastion.cse.notification.Notifications;
import io.bastion.cse.notification.NotifyForwarding;
import io.bastion.cse.pipeline.AuthenticateStage;
import io.bastion.cse.pipeline.AuthorizeStage;
import io.bastion.cse.request.Exchange;
import io.bastion.cse.pipeline.ExecuteStage;
import io.bastion.cse.pipeline.Pipeline;
import io.bastion.cse.pipeline.RouteStage;
import io.bastion.cse.pipeline.ShapeStage;
import io.bastion.cse.pipeline.ValidateStage;
import io.bastion.cse.registration.AeRegistration;
import io.bastion.cse.resource.IdGenerator;
import io.bastion.cse.resource.ResourceLocks;
import io.bastion.cse.resource.ResourceOperations;
import io.bastion.cse.resource.StoredUpgrade;
import io.bastion.cse.resource.TypeBehaviour;
import io.bastion.cse.subscription.LegacySubscriptions;
import io.bastion.cse.subscription.NotificationStats;
import io.bastion.cse.subscription.NotificationTargets;
import io.bastion.cse.subscription.SubscriptionBehaviour;
import io.bastion.cse.subscription.SubscriptionService;
import io.bastion.security.acp.AccessDecisionEngine;
import io.bastion.security.acp.AcpParser;
import io.bastion.security.acp.LocalIdentity;
import io.bastion.security.acp.LocationSource;
import io.bastion.store.ResourceStore;
import io.bastion.store.WriteBatch;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CSE engine: the request pipeline of DESIGN.md section 1 composed once, over a store, a notification
 * transport and a clock. Bindings call {@link #process}; the admin plane calls {@link #explain}.
 *
 * <p>The time a request was received is read once from the clock when it enters the pipeline and travels in its
 * {@link Exchange}. Access decisions go to an {@link AuditSink}; the originator's location for {@code aclr} rules comes
 * from a {@link LocationSource} ({@link LocationSource#NONE} by default: every location region denies), given to the
 * constructor or replaced at run time with {@link #locationSource(LocationSource)}.
 */
public final class Cse implements RequestProcessor, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Cse.class);
    private final CseConfig config;
    private final ResourceStore store;
    private final Clock clock;
    private final Pipeline pipeline;
    private final NotificationDispatcher dispatcher;
    private final ExpiryReaper reaper;
    private final ResourceOperations ops;
    private final SubscriptionService subscriptions;
    private final ScheduledExecutorService bookkeeping;
    private final NotificationStats notificationStats;
    private final AccessControl access;
    private final Explainer explainer;
    private final RoleRepository roles;
    private final RoleIssuers roleIssuers;
    private final DynamicAuthorization dynamic;
    private final TokenVerification tokens;
    private final LocalTokenIds localTokenIds;

    /** A CSE that audits nothing and knows no locations. */
    public Cse(CseConfig config, ResourceStore store, NotificationTransport transport, Clock clock,
               DispatcherConfig dispatcherConfig, DasClient das) {
        this(config, store, transport, clock, dispatcherConfig, das, AuditSink.NONE, LocationSource.NONE);
    }

    /**
     * @param das how Dynamic Authorization Servers are consulted (over HTTP: a client of the bindings)
     * @param audit where enforced access decisions and authentication refusals are recorded
     * @param locations where originators are, for location regions ({@code aclr}) in policies
     */
    public Cse(CseConfig config, ResourceStore store, NotificationTransport transport, Clock clock,
               DispatcherConfig dispatcherConfig, DasClient das, AuditSink audit, LocationSource locations) {
        this.config = config;
        this.store = store;
        this.clock = clock;
        IdGenerator ids = IdGenerator.secure(clock);
        TargetResolver resolver = new TargetResolver(config, store, clock);
        LocalIdentity local = new LocalIdentity(config.spId(), config.cseId());
        AcpParser parser = new AcpParser(local);
        AccessDecisionEngine engine = new AccessDecisionEngine(local, new StoreGroupMembers(resolver));
        this.access = new AccessControl(config, store, engine, parser, audit, locations);
        this.tokens = new TokenVerification(config, parser, clock, TokenCache.DEFAULT_MAX_ENTRIES);
        IdForms forms = new IdForms(config.spId(), config.cseId());
        this.roleIssuers = new RoleIssuers(forms, config.cseId());
        RoleTokenLink roleTokens = new RoleTokenLink(store, resolver, config.cseBaseRi(), config.cseBaseName(),
                tokens, forms);
        this.roles = new RoleRepository(store, config.cseBaseRi(), forms, roleIssuers, roleTokens);
        this.localTokenIds = new LocalTokenIds(LocalTokenIds.DEFAULT_MAX_ENTRIES, new java.security.SecureRandom());
        this.dynamic = new DynamicAuthorization(config,
                new DacResolver(store, resolver, config.dynamic().defaultDac()), das,
                new CircuitBreaker(config.dynamic().failureThreshold(), config.dynamic().coolDown(), clock),
                new DynamicGrants(), parser, local, new DasTokens(config.dynamic(), tokens));
        RequestTokens requestTokens = new RequestTokens(tokens, new TokenRepository(store, config.cseBaseRi()),
                localTokenIds, new DasTokenLookup(dynamic, tokens));
        access.dynamicAuthorization(dynamic);
        access.credentialVerifier(x -> {
            // Tokens first: a Role-ID that a presented token assigns needs no <role> (RoleRepository).
            List<io.bastion.security.acp.GrantingToken> presented = RequestTokens.presents(x)
                    ? requestTokens.verify(x) : List.of();
            return new RequestCredentials(presented,
                    roles.verify(x.request().rids(), x.originator(), x.received(), presented));
        });
        Notifications notifications = Notifications.of(config.cseId(), "3");
        this.dispatcher = new NotificationDispatcher(transport, dispatcherConfig);
        this.bookkeeping = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bastion-subscription-bookkeeping");
            t.setDaemon(true);
            return t;
        });
        ResourceLocks locks = new ResourceLocks();
        this.notificationStats = new NotificationStats(store, locks, bookkeeping, NotificationStats.WINDOW);
        NotificationTargets targets = new NotificationTargets(resolver, transport);
        this.subscriptions = new SubscriptionService(store, dispatcher, notifications,
                targets, access, bookkeeping, notificationStats);

        AeRegistration registration = new AeRegistration(config, store, ids, audit);
        Map<Integer, TypeBehaviour> behaviours = new HashMap<>();
        for (TypeBehaviour b : List.of(
                registration,
                new CseBaseBehaviour(),
                new ContainerBehaviour(store),
                new ContentInstanceBehaviour(store, clock),
                new AcpBehaviour(parser),
                new DacBehaviour(),
                new RoleBehaviour(store, roles, roleIssuers, roleTokens),
                new TokenBehaviour(store, parser, tokens, localTokenIds),
                new GroupBehaviour(config, resolver, access),
                new SubscriptionBehaviour(config, store, access, targets, transport, notifications,
                        notificationStats))) {
            behaviours.put(b.ty(), b);
        }
        this.ops = new ResourceOperations(config, store, clock, ids, behaviours,
                (x, r) -> access.permits(x, r, Operation.RETRIEVE), subscriptions, locks);
        subscriptions.expirationCounter(this::countNotification);
        Discovery discovery = new Discovery(store, access, clock, config.limits().discoveryMaxResults());
        GroupFanOut fanOut = new GroupFanOut(resolver, this::reenter);
        NotifyForwarding forwarding = new NotifyForwarding(transport, config.verificationTimeout());
        ValidateStage validate = new ValidateStage(config, clock);
        RouteStage route = new RouteStage(resolver);
        this.pipeline = new Pipeline(List.of(
                new ShapeStage(config.cseId(), clock),
                validate,
                new AuthenticateStage(config, store, resolver, audit),
                route,
                new AuthorizeStage(access),
                new ExecuteStage(ops, discovery, fanOut, forwarding, store)));
        this.explainer = new Explainer(config, clock, validate,
                new AuthenticateStage(config, store, resolver, AuditSink.NONE), route, access, registration,
                new CredentialInspection(requestTokens, roles));
        this.reaper = new ExpiryReaper(n -> store.expired(clock.instant(), n),
                r -> ops.deleteResource(internalExchange(), r), subscriptions);
        bootstrap();
        reaper.start(1000);
    }

    @Override
    public Response process(Request request, Peer peer) {
        // The one reading of the clock for the request time (rq_time of TS-0003 7.1.2): every decision uses it.
        return pipeline.run(new Exchange(request, peer, clock.instant()));
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

    /** Replaces the source of originator locations for {@code aclr} rules (null: {@link LocationSource#NONE}). */
    public void locationSource(LocationSource source) {
        access.locationSource(source);
    }

    /** A member request of a group fan-out, processed for the same originator and peer, one level deeper. */
    private Response reenter(Exchange parent, Request rq) {
        // Part of the same request: the same request time.
        Exchange x = new Exchange(rq, parent.peer(), parent.received());
        x.depth(parent.depth() + 1);
        return pipeline.run(x);
    }

    /** Creates or configures the CSEBase, and brings resources stored by earlier versions up to date. */
    private void bootstrap() {
        CseBaseSetup.apply(config, store, clock.instant());
        for (StoredUpgrade upgrade : List.of(LegacyMixedGroups.UPGRADE, LegacySubscriptions.UPGRADE)) {
            int n = upgrade.apply(store, config.cseBaseName());
            if (n > 0) {
                LOG.info("{} {}", n, upgrade.done());
            }
        }
    }

    /** One sent notification of a subscription with an expirationCounter: decrement, delete at zero. */
    private void countNotification(String subRi) {
        ops.locks().lock(subRi);
        Resource gone = null;
        try {
            Resource sub = store.get(subRi).orElse(null);
            if (sub == null || sub.get("exc") == null) {
                return;
            }
            long left = sub.getLong("exc", 1) - 1;
            if (left <= 0) {
                gone = sub;
            } else {
                ObjectNode a = sub.attrsCopy();
                a.put("exc", left);
                store.write(new WriteBatch().amend(sub.withAttrs(a, sub.expiry()))); // never revives a deleted one
            }
        } finally {
            ops.locks().unlock(subRi);
        }
        if (gone != null) {
            subscriptions.accept(ops.deleteResource(internalExchange(), gone));
        }
    }

    private Exchange internalExchange() {
        return new Exchange(internalRequest(), Peer.internal(), clock.instant());
    }

    private Request internalRequest() {
        return Request.builder(Operation.DELETE, config.cseBaseName())
                .fr(config.cseId()).rqi("internal").rvi("3").build();
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

    /** Dynamic authorization: DAS consultation, its remembered grants, and the indirect flow. */
    public DynamicAuthorization dynamicAuthorization() {
        return dynamic;
    }

    /**
     * Which token and role issuers this CSE trusts (operator configuration, e.g. {@code FileTrustedIssuers}); until
     * set, nobody, so every token is refused (roles issued by this CSE itself are accepted, {@link RoleIssuers}).
     * Forgets every verified token and Local-Token-ID.
     */
    public void trustedIssuers(TrustedIssuers issuers) {
        tokens.trustedIssuers(issuers);
        roleIssuers.configured(issuers);
        localTokenIds.clear();
    }

    /** The token verification of this CSE (its cache, for benchmarks and tests). */
    public TokenVerification tokenVerification() {
        return tokens;
    }

    /** The access control of this CSE, to plug in token and role verification. */
    public AccessControl accessControl() {
        return access;
    }

    @Override
    public void close() {
        reaper.close();
        dispatcher.close();
        bookkeeping.shutdown(); // runs what is queued, a pending statistics write included
        try {
            bookkeeping.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        notificationStats.flush(); // what the last results counted; the store is still open
    }
}
