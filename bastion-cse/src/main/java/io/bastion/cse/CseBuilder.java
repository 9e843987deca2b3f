package io.bastion.cse;

import io.bastion.core.binding.NotificationTransport;
import io.bastion.core.binding.RequestTransport;
import io.bastion.core.id.IdForms;
import io.bastion.core.primitive.Operation;
import io.bastion.cse.access.AccessControl;
import io.bastion.cse.access.CredentialVerifier;
import io.bastion.cse.access.PolicySource;
import io.bastion.cse.access.RequestGrants;
import io.bastion.cse.access.StoreGroupMembers;
import io.bastion.cse.acp.AcpBehaviour;
import io.bastion.cse.announce.AnnouncedTypes;
import io.bastion.cse.announce.Announcer;
import io.bastion.cse.address.TargetResolver;
import io.bastion.cse.audit.AuditSink;
import io.bastion.cse.audit.AuditedChanges;
import io.bastion.cse.config.CseConfig;
import io.bastion.cse.config.DispatcherConfig;
import io.bastion.cse.config.LocationConfig;
import io.bastion.cse.config.MccConfig;
import io.bastion.cse.config.NonBlockingConfig;
import io.bastion.cse.config.OperationTimeConfig;
import io.bastion.cse.config.PollingConfig;
import io.bastion.cse.config.RegistreeConfig;
import io.bastion.cse.config.DistributedAuthorizationConfig;
import io.bastion.cse.config.RetargetingConfig;
import io.bastion.cse.container.ContainerTypes;
import io.bastion.cse.crs.CrossResourceNotifier;
import io.bastion.cse.crs.CrossResourceSubscriptionBehaviour;
import io.bastion.cse.flex.FlexTypes;
import io.bastion.cse.csebase.CseBaseSetup;
import io.bastion.cse.discovery.DiscoveryProcedure;
import io.bastion.cse.dynamic.CircuitBreaker;
import io.bastion.cse.dynamic.DacBehaviour;
import io.bastion.cse.dynamic.DacResolver;
import io.bastion.cse.dynamic.DasFallback;
import io.bastion.cse.dynamic.DasClient;
import io.bastion.cse.dynamic.DynamicAuthorization;
import io.bastion.cse.dynamic.DynamicGrants;
import io.bastion.cse.expiry.ExpiryReaper;
import io.bastion.cse.explain.CredentialInspection;
import io.bastion.cse.explain.Explainer;
import io.bastion.cse.device.DeviceTypes;
import io.bastion.cse.group.GroupBehaviour;
import io.bastion.cse.location.DeviceReportedPositions;
import io.bastion.cse.location.LocationPolicies;
import io.bastion.cse.location.LocationPolicyBehaviour;
import io.bastion.cse.mcc.RegistrarLink;
import io.bastion.cse.group.LegacyMixedGroups;
import io.bastion.cse.mcc.NextHops;
import io.bastion.cse.mcc.Retargeting;
import io.bastion.cse.pdp.AuthorizationPoints;
import io.bastion.cse.pdp.DecisionPoint;
import io.bastion.cse.pdp.EnforcementPoint;
import io.bastion.cse.pdp.InformationPoint;
import io.bastion.cse.pdp.PolicyRetrievalPoint;
import io.bastion.cse.mcc.RetargetingNotificationTransport;
import io.bastion.cse.notification.NotificationDispatcher;
import io.bastion.cse.notification.Notifications;
import io.bastion.cse.notification.NotifyForwarding;
import io.bastion.cse.config.EsCertKeConfig;
import io.bastion.cse.e2e.CseBaseSecInfo;
import io.bastion.cse.e2e.EsCertKeEndpoint;
import io.bastion.cse.e2e.EsprimEndpoint;
import io.bastion.cse.e2e.EsprimNotifications;
import io.bastion.cse.e2e.EstablishedPairwiseKeys;
import io.bastion.security.escertke.EndPointCredentials;
import io.bastion.security.escertke.EsCertKeInitiator;
import io.bastion.security.escertke.EsCertKeResponder;
import io.bastion.security.escertke.PeerCheck;
import io.bastion.security.e2e.EsprimReceiver;
import io.bastion.security.e2e.InMemoryPairwiseKeys;
import io.bastion.security.e2e.PairwiseKeyStore;
import io.bastion.cse.nonblocking.NonBlockingStage;
import io.bastion.cse.nonblocking.PendingRequests;
import io.bastion.cse.nonblocking.RequestBehaviour;
import io.bastion.cse.mcc.HandoverCheck;
import io.bastion.cse.mcc.NextHops;
import io.bastion.cse.pipeline.AuthenticateStage;
import io.bastion.cse.pipeline.AuthorizeStage;
import io.bastion.cse.pipeline.OperationTimeStage;
import io.bastion.cse.pipeline.ExecuteStage;
import io.bastion.cse.pipeline.Pipeline;
import io.bastion.cse.pipeline.RouteStage;
import io.bastion.cse.pipeline.ShapeStage;
import io.bastion.cse.pipeline.ValidateStage;
import io.bastion.cse.registration.Admissions;
import io.bastion.cse.polling.PollingChannelBehaviour;
import io.bastion.cse.polling.PollingChannels;
import io.bastion.cse.registration.AeRegistration;
import io.bastion.cse.registration.RemoteCseRegistration;
import io.bastion.cse.resource.AnnouncementCheck;
import io.bastion.cse.resource.IdGenerator;
import io.bastion.cse.resource.ResourceDeletion;
import io.bastion.cse.resource.ResourceEvent;
import io.bastion.cse.resource.ResourceLocks;
import io.bastion.cse.resource.ResourceOperations;
import io.bastion.cse.resource.StoredUpgrade;
import io.bastion.cse.resource.TypeBehaviour;
import io.bastion.cse.resource.TypeBehaviours;
import io.bastion.cse.role.RoleBehaviour;
import io.bastion.cse.schedule.PendingNotifications;
import io.bastion.cse.schedule.ScheduleBehaviour;
import io.bastion.cse.schedule.ScheduleWindows;
import io.bastion.cse.role.RoleIssuers;
import io.bastion.cse.role.RoleRepository;
import io.bastion.cse.role.RoleTokenLink;
import io.bastion.cse.subscription.ExpirationCounter;
import io.bastion.cse.subscription.LegacySubscriptions;
import io.bastion.cse.subscription.NotificationTargetCheck;
import io.bastion.cse.subscription.NotificationTargets;
import io.bastion.cse.subscription.SubscriptionBehaviour;
import io.bastion.cse.subscription.SubscriptionBookkeeping;
import io.bastion.cse.subscription.SubscriptionService;
import io.bastion.cse.targetpolicy.TargetPolicyTypes;
import io.bastion.cse.targetpolicy.TargetRemoval;
import io.bastion.cse.timeseries.MissingDataDetector;
import io.bastion.cse.timeseries.TimeSeriesTypes;
import io.bastion.cse.timing.OperationTimer;
import io.bastion.cse.uppertester.InitialState;
import io.bastion.cse.uppertester.UpperTesterCommands;
import io.bastion.cse.token.DasTokenLookup;
import io.bastion.cse.token.DasTokens;
import io.bastion.cse.token.LocalTokenIds;
import io.bastion.cse.token.RequestTokens;
import io.bastion.cse.token.TokenBehaviour;
import io.bastion.cse.token.TokenRepository;
import io.bastion.cse.token.TokenVerification;
import io.bastion.security.acp.AccessDecisionEngine;
import io.bastion.security.acp.AcpParser;
import io.bastion.security.acp.LocalIdentity;
import io.bastion.security.acp.CountryLookup;
import io.bastion.security.acp.LocationSource;
import io.bastion.security.token.TokenCache;
import io.bastion.security.token.TrustedIssuers;
import io.bastion.core.resource.ResourceTypes;
import io.bastion.core.binding.CompositeNotificationTransport;
import io.bastion.store.ResourceStore;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds a {@link Cse} (the way Eclipse Leshan's {@code LeshanServerBuilder} builds its server): names every part that
 * can be replaced, then constructs the engine in dependency order, each part given what it needs when it is made. No
 * part is set after construction; what must change at run time (the trusted issuers of a file the operator edits) is a
 * source the part asks. The store and the notification transport are required; every other part has a default that
 * fails closed: no DAS is consulted, no issuer trusted, no location known, nothing audited.
 *
 * <p>{@link #build} also brings the store up to date for this CSE (the CSEBase as configured, resources of earlier
 * versions upgraded), starts the expiry reaper and resumes the missing-data detection of the stored timeSeries.
 */
public final class CseBuilder {
    /** How often expired resources are reclaimed. */
    private static final long EXPIRY_PERIOD_MILLIS = 1000;
    private static final Logger LOG = LoggerFactory.getLogger(CseBuilder.class);

    private final CseConfig config;
    private ResourceStore store;
    private NotificationTransport transport;
    private DasClient dasClient = DasClient.NONE;
    private AuditSink audit = AuditSink.NONE;
    private LocationSource locations;
    private LocationConfig location = LocationConfig.defaults();
    private MccConfig mcc = MccConfig.defaults();
    private TrustedIssuers trustedIssuers = TrustedIssuers.NONE;
    private ECPrivateKey tokenDecryptionKey;
    private String tokenDecryptionKeyId;
    private IdGenerator ids;
    private Clock clock = Clock.systemUTC();
    private SecureRandom random;
    private PairwiseKeyStore pairwiseKeys = new InMemoryPairwiseKeys();
    private EsprimReceiver.Settings esprim = EsprimReceiver.Settings.defaults();
    private EndPointCredentials escertkeCredentials;
    private PeerCheck escertkePeers;
    private EsCertKeConfig escertke = EsCertKeConfig.defaults();
    private DispatcherConfig dispatcher = DispatcherConfig.defaults();
    private NonBlockingConfig nonBlocking = NonBlockingConfig.defaults();
    private OperationTimeConfig operationTime = OperationTimeConfig.defaults();
    private PollingConfig polling = PollingConfig.defaults();
    private RequestTransport requestTransport;
    private RegistreeConfig registree = RegistreeConfig.defaults();
    private RetargetingConfig retargeting = RetargetingConfig.defaults();
    private DistributedAuthorizationConfig distributed = DistributedAuthorizationConfig.defaults();

    /** @param config the identity and policies of the CSE to build */
    public CseBuilder(CseConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /** Where resources are stored (required). */
    public CseBuilder store(ResourceStore s) {
        this.store = s;
        return this;
    }

    /** How NOTIFY requests reach their targets, e.g. the HTTP binding's client (required). */
    public CseBuilder notificationTransport(NotificationTransport t) {
        this.transport = t;
        return this;
    }

    /** How Dynamic Authorization Servers are consulted (default {@link DasClient#NONE}: none is). */
    public CseBuilder dasClient(DasClient client) {
        this.dasClient = Objects.requireNonNull(client, "dasClient");
        return this;
    }

    /** Where access decisions and authentication refusals are recorded (default {@link AuditSink#NONE}). */
    public CseBuilder auditSink(AuditSink sink) {
        this.audit = Objects.requireNonNull(sink, "auditSink");
        return this;
    }

    /**
     * Where originators are, for location regions ({@code aclr}) in policies, in place of the CSE's own source
     * (default: {@link DeviceReportedPositions}, the positions originators report in their locationPolicy's
     * container, which decide nothing unless {@link LocationConfig#deviceReported()}; {@link LocationSource#NONE}:
     * every location region denies).
     */
    public CseBuilder locationSource(LocationSource source) {
        this.locations = Objects.requireNonNull(source, "locationSource");
        return this;
    }

    /** How fresh a position must be and whether device-reported ones decide ({@link LocationConfig#defaults}). */
    public CseBuilder location(LocationConfig c) {
        this.location = Objects.requireNonNull(c, "location");
        return this;
    }

    /** What kind of CSE this is and which CSEs may register with it ({@link MccConfig#defaults}: an IN-CSE, none). */
    public CseBuilder mcc(MccConfig c) {
        this.mcc = Objects.requireNonNull(c, "mcc");
        return this;
    }

    /**
     * Which token and role issuers are trusted, asked at every use, e.g. {@code FileTrustedIssuers}, which re-reads
     * its file when it changes (default {@link TrustedIssuers#NONE}: every token is refused, and only roles this CSE
     * issued itself are accepted).
     */
    public CseBuilder trustedIssuers(TrustedIssuers issuers) {
        this.trustedIssuers = Objects.requireNonNull(issuers, "trustedIssuers");
        return this;
    }

    /**
     * The CSE's EC P-256 key to which tokens may be encrypted (nested JWE, TS-0003 7.3.2.6.3); without it encrypted
     * tokens are refused.
     *
     * @param keyId the key's {@code kid}, or null; when given, a JWE header naming another {@code kid} is refused
     */
    public CseBuilder tokenDecryptionKey(ECPrivateKey key, String keyId) {
        this.tokenDecryptionKey = Objects.requireNonNull(key, "key");
        this.tokenDecryptionKeyId = keyId;
        return this;
    }

    /** Makes resource IDs and names (default {@link IdGenerator#secure}, over the clock). */
    public CseBuilder idGenerator(IdGenerator generator) {
        this.ids = Objects.requireNonNull(generator, "idGenerator");
        return this;
    }

    /** The time of requests, expiry, schedules and token lifetimes (default the system clock in UTC). */
    public CseBuilder clock(Clock c) {
        this.clock = Objects.requireNonNull(c, "clock");
        return this;
    }

    /** The randomness of Local-Token-IDs (default a new {@link SecureRandom}). */
    public CseBuilder random(SecureRandom r) {
        this.random = Objects.requireNonNull(r, "random");
        return this;
    }

    /** Limits and timing of notification delivery (default {@link DispatcherConfig#defaults()}). */
    public CseBuilder dispatcherConfig(DispatcherConfig c) {
        this.dispatcher = Objects.requireNonNull(c, "dispatcherConfig");
        return this;
    }

    /** Limits and timing of non-blocking requests (default {@link NonBlockingConfig#defaults()}). */
    public CseBuilder nonBlocking(NonBlockingConfig c) {
        this.nonBlocking = Objects.requireNonNull(c, "nonBlocking");
        return this;
    }

    /** How long, and how many, blocking requests may be held until their oet ({@link OperationTimeConfig#defaults}). */
    public CseBuilder operationTime(OperationTimeConfig c) {
        this.operationTime = Objects.requireNonNull(c, "operationTime");
        return this;
    }

    /** Bounds and timing of the polling channels (default {@link PollingConfig#defaults()}). */
    public CseBuilder polling(PollingConfig c) {
        this.polling = Objects.requireNonNull(c, "polling");
        return this;
    }

    /**
     * How requests reach other CSEs over the Mcc reference point: registration, retargeting, and notifications to
     * AEs of other CSEs (default none: this CSE sends nothing to another CSE and says so; a request for another CSE is
     * refused as not found, and its registration, if {@code registrar.*} is set, stays stopped).
     */
    public CseBuilder requestTransport(RequestTransport t) {
        this.requestTransport = Objects.requireNonNull(t, "requestTransport");
        return this;
    }

    /** How the registration with the registrar is kept ({@link RegistreeConfig#defaults()}); used with a registrar. */
    public CseBuilder registree(RegistreeConfig c) {
        this.registree = Objects.requireNonNull(c, "registree");
        return this;
    }

    /**
     * The pairwiseESPrimKeys this CSE knows as an ESPrim receiver (default none: every ESPrim object is refused
     * 4112).
     */
    public CseBuilder pairwiseKeys(PairwiseKeyStore keys) {
        this.pairwiseKeys = Objects.requireNonNull(keys, "pairwiseKeys");
        return this;
    }

    /** The ESPrim receiver's rand object lifetime and cache bounds (default {@link EsprimReceiver.Settings#defaults()}). */
    public CseBuilder esprim(EsprimReceiver.Settings settings) {
        this.esprim = Objects.requireNonNull(settings, "esprim");
        return this;
    }

    /** How PDPs are asked (default {@link DistributedAuthorizationConfig#defaults()}). */
    public CseBuilder distributedAuthorization(DistributedAuthorizationConfig c) {
        this.distributed = Objects.requireNonNull(c, "distributedAuthorization");
        return this;
    }

    /**
     * This CSE as an ESCertKE Terminating End-Point (TS-0003 8.7): its certificate and key ({@code own}, an EC P-256
     * key, e.g. its HTTPS key) and how initiators' certificates are checked ({@code peers}, e.g.
     * {@link PeerCheck#authenticator} over the trusted CAs and bindings of the doors). Default none: an ESCertKE
     * Message to the CSEBase is 5001 and the CSEBase's {@code esf} says 13 alone.
     */
    public CseBuilder escertke(EndPointCredentials own, PeerCheck peers) {
        this.escertkeCredentials = Objects.requireNonNull(own, "own");
        this.escertkePeers = Objects.requireNonNull(peers, "peers");
        return this;
    }

    /** The lifetime and number of ESCertKE-established keys ({@link EsCertKeConfig#defaults()}). */
    public CseBuilder escertke(EsCertKeConfig c) {
        this.escertke = Objects.requireNonNull(c, "escertke");
        return this;
    }

    /** Limits of retargeting (default {@link RetargetingConfig#defaults()}). */
    public CseBuilder retargeting(RetargetingConfig c) {
        this.retargeting = Objects.requireNonNull(c, "retargeting");
        return this;
    }

    /**
     * Builds the CSE over its parts, brings the store up to date and starts the expiry reaper.
     *
     * @throws IllegalArgumentException when the token decryption key cannot be used for ECDH-ES
     */
    public Cse build() {
        Objects.requireNonNull(store, "a CSE needs a store");
        Objects.requireNonNull(transport, "a CSE needs a notification transport");
        IdGenerator idGenerator = ids != null ? ids : IdGenerator.secure(clock);
        // Requests and notifications for other CSEs go to the next hop (TS-0004 7.3.2.6).
        Retargeting forwarder = new Retargeting(config, new NextHops(config, mcc, store, clock), requestTransport,
                retargeting, clock);
        LocalIdentity local = new LocalIdentity(config.spId(), config.cseId());
        IdForms forms = new IdForms(config.spId(), config.cseId());
        AcpParser parser = new AcpParser(local);
        TargetResolver resolver = new TargetResolver(config, store, clock);

        // Tokens and roles: verified against the trusted issuers (first: a bad decryption key stops here).
        TokenVerification tokens = new TokenVerification(config, parser, clock, TokenCache.DEFAULT_MAX_ENTRIES,
                trustedIssuers, tokenDecryptionKey, tokenDecryptionKeyId);
        RoleIssuers roleIssuers = new RoleIssuers(forms, config.cseId(), trustedIssuers);
        RoleTokenLink roleTokens = new RoleTokenLink(store, resolver, config.cseBaseRi(), config.cseBaseName(),
                tokens, forms);
        RoleRepository roles = new RoleRepository(store, config.cseBaseRi(), forms, roleIssuers, roleTokens);
        SecureRandom randomness = random != null ? random : new SecureRandom();
        LocalTokenIds localTokenIds = new LocalTokenIds(LocalTokenIds.DEFAULT_MAX_ENTRIES, randomness);

        // Dynamic authorization, then the access control that falls back to it.
        DynamicAuthorization dynamic = new DynamicAuthorization(config,
                new DacResolver(store, resolver, config.dynamic().defaultDac()), dasClient,
                new CircuitBreaker(config.dynamic().failureThreshold(), config.dynamic().coolDown(), clock),
                new DynamicGrants(), parser, local, new DasTokens(config.dynamic(), tokens));
        RequestTokens requestTokens = new RequestTokens(tokens, new TokenRepository(store, config.cseBaseRi()),
                localTokenIds, new DasTokenLookup(dynamic, tokens));
        PolicySource policies = new PolicySource(store, parser, config.cseId());
        // Where originators are: the positions they report through a locationPolicy, unless another source is given;
        // the country outlines are read (in the background) only when those positions may decide.
        LocationPolicies locationPolicies = LocationPolicies.load(store, config.cseBaseRi());
        LocationSource whereabouts = locations != null ? locations : new DeviceReportedPositions(locationPolicies,
                store, location, location.deviceReported() ? DeviceReportedPositions.countriesLoadedInBackground()
                        : () -> CountryLookup.NONE);
        // Distributed authorization (TS-0003 7.5): this CSE asks the PDPs of adri, and answers as PDP, PRP and PIP.
        AuthorizationPoints authorizationPoints = new AuthorizationPoints(config, store, forwarder);
        AccessDecisionEngine engine = new AccessDecisionEngine(local, new StoreGroupMembers(resolver));
        AccessControl access = new AccessControl(policies,
                new RequestGrants(CredentialVerifier.of(requestTokens, roles), dynamic.grants(), audit),
                new DasFallback(dynamic), new EnforcementPoint(config, distributed, policies, authorizationPoints,
                clock), engine, whereabouts, audit);

        // The store as this CSE expects it, before anything runs on it.
        CseBaseSetup.apply(config, mcc.cseType(), store, clock.instant());
        StoredUpgrade.applyAll(List.of(LegacyMixedGroups.UPGRADE, LegacySubscriptions.UPGRADE), store,
                config.cseBaseName());

        // Notifications, and the resource types whose behaviour goes beyond their attribute policies. An AE that
        // polls is reached through its channel, which the notification code sees as one more transport.
        Notifications notifications = Notifications.of(config.cseId(), "3");
        PollingChannels channels = new PollingChannels(store, polling, clock, config.cseId());
        channels.load(config.cseBaseName());
        // ESPrim keys: the provisioned ones, then those ESCertKE with this CSE as the end-point established (memory
        // only); with them this CSE notifies an AE that is an ESPrim Receiver protected (EsprimNotifications).
        EstablishedPairwiseKeys established = new EstablishedPairwiseKeys(clock, escertke.keyLifetime(),
                escertke.maxKeys());
        PairwiseKeyStore e2eKeys = established.after(pairwiseKeys);
        NotificationTransport transport = new CompositeNotificationTransport(List.of(channels,
                new EsprimNotifications(new IdForms(config.spId(), config.cseId()), store, e2eKeys, this.transport,
                        clock, randomness),
                new RetargetingNotificationTransport(this.transport, forwarder)));
        NotificationDispatcher notifier = new NotificationDispatcher(transport, dispatcher);
        ResourceLocks locks = new ResourceLocks();
        SubscriptionBookkeeping bookkeeping = new SubscriptionBookkeeping(store, locks);
        NotificationTargets targets = new NotificationTargets(resolver, transport, Set.of(ResourceTypes.CRS));
        AeRegistration registration = new AeRegistration(config, store, idGenerator, audit);
        // One entry per feature (a feature of several types lists them itself); a type whose descriptor says all
        // needs no behaviour class (the CSEBase).
        List<TypeBehaviour> typeBehaviours = new ArrayList<>();
        typeBehaviours.add(registration);
        // This CSE's registration with its registrar (none for an IN-CSE): started by Cse.startRegistration once the
        // doors listen; its local writes go to the committed chain and deletions through ResourceDeletion, both made
        // below.
        ResourceDeletion[] deletionRef = new ResourceDeletion[1];
        List<Consumer<List<ResourceEvent>>> committedRef = new ArrayList<>(1);
        RegistrarLink registrarLink = mcc.registrar() == null ? null : new RegistrarLink(config, mcc, registree,
                store, requestTransport, clock, locks, r -> deletionRef[0].deleteInternally(r),
                events -> committedRef.getFirst().accept(events));
        RemoteCseRegistration cseRegistration = new RemoteCseRegistration(config, mcc, store, audit, registrarLink);
        typeBehaviours.add(cseRegistration);
        typeBehaviours.addAll(ContainerTypes.behaviours(store, clock));
        typeBehaviours.addAll(FlexTypes.behaviours(store, clock));
        typeBehaviours.addAll(TimeSeriesTypes.behaviours(store, clock));
        typeBehaviours.add(new AcpBehaviour(parser));
        typeBehaviours.addAll(AnnouncedTypes.behaviours(forms, parser));
        typeBehaviours.add(new DacBehaviour());
        PolicyRetrievalPoint prp = new PolicyRetrievalPoint(access, store, config.cseBaseRi(), clock,
                authorizationPoints);
        typeBehaviours.add(prp);
        typeBehaviours.add(new InformationPoint(access, store, config.cseBaseRi(), roles, clock, authorizationPoints));
        typeBehaviours.add(new DecisionPoint(config, access, store, authorizationPoints, prp, roles, parser, engine,
                clock, distributed.timeout()));
        typeBehaviours.add(new RoleBehaviour(store, roles, roleIssuers, roleTokens));
        typeBehaviours.add(new TokenBehaviour(store, parser, tokens, localTokenIds));
        typeBehaviours.add(new GroupBehaviour(config, resolver, access, forwarder));
        typeBehaviours.addAll(DeviceTypes.behaviours(store, resolver, clock, config.cseBaseRi()));
        // The removal a notification target asks for acts through the deletion and the committed chain, made below.
        AtomicReference<ResourceDeletion> lateDeletion = new AtomicReference<>();
        AtomicReference<Consumer<List<ResourceEvent>>> lateCommitted = new AtomicReference<>();
        TargetRemoval targetRemoval = new TargetRemoval(store, config.cseBaseRi(), config.adminOriginator(), clock,
                locks, () -> targets, lateCommitted::get, lateDeletion::get, notifier, notifications,
                bookkeeping.thread());
        NotificationTargetCheck targetCheck = new NotificationTargetCheck(access, targets, transport, notifications,
                config.verificationTimeout());
        typeBehaviours.add(new SubscriptionBehaviour(store, access, targetCheck, bookkeeping.stats(), targetRemoval));
        typeBehaviours.add(new CrossResourceSubscriptionBehaviour(config, resolver, access, targetCheck, notifications,
                idGenerator));
        typeBehaviours.addAll(TargetPolicyTypes.behaviours(store, clock));
        typeBehaviours.add(new LocationPolicyBehaviour(config, store, idGenerator));
        PendingRequests pendingRequests = new PendingRequests(nonBlocking);
        typeBehaviours.add(new RequestBehaviour(pendingRequests));
        typeBehaviours.add(new PollingChannelBehaviour(channels));
        typeBehaviours.add(new ScheduleBehaviour(store));
        TypeBehaviours behaviours = new TypeBehaviours(typeBehaviours);

        // The generic procedures; every committed change goes to the policy source (a changed ACP is parsed again),
        // then to the subscriptions.
        ResourceDeletion deletion = new ResourceDeletion(config, store, clock, behaviours, locks);
        lateDeletion.set(deletion);
        ScheduleWindows windows = ScheduleWindows.load(store, config.cseBaseName());
        PendingNotifications pending = new PendingNotifications(notifier, windows, clock,
                dispatcher.targetQueueCapacity(), dispatcher.totalCapacity());
        // Every committed change goes through this chain in order; the parts that make changes of their own (a
        // crossResourceSubscription deleted when a target subscription goes) report them through it too.
        List<Consumer<List<ResourceEvent>>> chain = new ArrayList<>();
        Consumer<List<ResourceEvent>> committed = events -> chain.forEach(c -> c.accept(events));
        CrossResourceNotifier crossResource = new CrossResourceNotifier(notifier, notifications, targets, deletion,
                new ExpirationCounter(store, locks), bookkeeping.thread(), clock, committed);
        deletionRef[0] = deletion;
        SubscriptionService subscriptions = new SubscriptionService(store, notifier, notifications, targets,
                bookkeeping, deletion, locks, crossResource, pending);
        AuditedChanges audited = new AuditedChanges(audit, clock);
        MissingDataDetector missingData = new MissingDataDetector(store, locks, clock, subscriptions);
        chain.addAll(List.of(policies::changed, windows, pending, locationPolicies, audited, channels, subscriptions,
                missingData, pendingRequests::committed, crossResource));
        // Recv-6.5 of TS-0004 7.4.4.2.1/.3/.4 only where there is a registrar to tell
        if (registrarLink != null) {
            chain.add(registrarLink::committed);
        }
        // This CSE's resources announced to other CSEs (TS-0001 10.2.13), last: only with a transport to them
        Announcer announcer = requestTransport == null ? null
                : new Announcer(config, store, locks, forwarder, committed, clock);
        if (announcer != null) {
            chain.add(announcer);
        }
        lateCommitted.set(committed);
        committedRef.add(committed);
        ResourceOperations ops = new ResourceOperations(config, store, clock, idGenerator, behaviours, deletion,
                (x, r) -> access.permits(x, r, Operation.RETRIEVE), committed, locks, resolver::resource,
                announcer == null ? AnnouncementCheck.NOT_PERFORMED : AnnouncementCheck.PERFORMED);

        // The pipeline of DESIGN.md section 1, and explain over the same stages. Requests other CSEs hand over are
        // checked against the routing rule (TS-0003 7.2.1 on the Mcc).
        NextHops hops = new NextHops(config, mcc, store, clock);
        HandoverCheck handovers = new HandoverCheck(config, mcc, store, hops, clock);
        if (!mcc.plainAllow().isEmpty()) {
            LOG.warn("mcc.plain.allow admits {} WITHOUT a security association: whoever reaches the HTTP door (from "
                    + "a plain.allow address) can claim these CSE-IDs and the IDs of the AEs and CSEs below them; "
                    + "use it for development or peers without TLS only", String.join(", ", mcc.plainAllow()));
        }
        ValidateStage validate = new ValidateStage(config, clock);
        RouteStage route = new RouteStage(resolver, forwarder);
        DiscoveryProcedure discovery = new DiscoveryProcedure(store, access, policies, clock,
                config.limits().discoveryMaxResults());
        // This CSE as an ESPrim receiver (TS-0001 11.4.2): the inner requests run through the pipeline made below.
        EsprimReceiver esprimReceiver = new EsprimReceiver(e2eKeys, clock, randomness, esprim);
        EsCertKeEndpoint escertkeEndpoint = new EsCertKeEndpoint(escertkeCredentials == null ? null
                : new EsCertKeResponder(escertkeCredentials, escertkePeers, randomness, clock,
                        EsCertKeInitiator.DEFAULT_TIMEOUT, EsCertKeResponder.DEFAULT_MAX_PROCEDURES),
                established, audit);
        Pipeline[] pipelineRef = new Pipeline[1];
        EsprimEndpoint esprimEndpoint = new EsprimEndpoint(config, esprimReceiver, audit, clock,
                to -> forwarder.remoteCseId(to) != null, x -> pipelineRef[0].runToTheEnd(x), escertkeEndpoint);
        NotifyForwarding forwarding = new NotifyForwarding(transport, config.verificationTimeout(), channels,
                esprimEndpoint::receive);
        // Accepted non-blocking requests run through the same pipeline, as blocking ones.
        NonBlockingStage[] nonBlockingStage = new NonBlockingStage[1];
        AuthorizeStage authorize = new AuthorizeStage(access, behaviours, audit);
        OperationTimer operationTimer = new OperationTimer(clock, operationTime);
        Pipeline pipeline = new Pipeline(self -> List.of(
                new ShapeStage(config.cseId(), clock),
                validate,
                new AuthenticateStage(config, store, resolver, audit, handovers),
                route,
                authorize,
                nonBlockingStage[0] = new NonBlockingStage(config, nonBlocking, store, idGenerator, clock, locks,
                        pendingRequests, self::runToTheEnd, committed, access, targets, notifier, notifications),
                new OperationTimeStage(operationTimer, clock, route, authorize),
                new ExecuteStage(ops, discovery, forwarding, behaviours, self::run)));
        pipelineRef[0] = pipeline;
        // The CSEBase's e2eSecInfo with the shared receiver rand object, rewritten whenever it rotates.
        CseBaseSecInfo secInfo = new CseBaseSecInfo(config.cseBaseRi(), config.cseId(), store, locks, esprimReceiver,
                clock, committed, escertkeCredentials == null ? List.of() : List.of(base64(escertkeCredentials)));
        secInfo.run();
        // often enough to put esi back soon after the Upper Tester's reset rewrote the CSEBase
        long every = Math.clamp(esprim.randLifetime().toSeconds() / 8, 1, 30);
        bookkeeping.thread().scheduleWithFixedDelay(() -> {
            try {
                secInfo.run();
            } catch (RuntimeException e) { // a failed write is tried again at the next turn; the old esro stays valid
                LOG.warn("could not update the CSEBase's e2eSecInfo: {}", e.toString());
            }
        }, every, every, java.util.concurrent.TimeUnit.SECONDS);
        Explainer explainer = new Explainer(config, clock, validate,
                new AuthenticateStage(config, store, resolver, AuditSink.NONE, handovers),
                new RouteStage(resolver, forwarder.forExplanation()), access, dynamic,
                new Admissions(registration, cseRegistration), new CredentialInspection(requestTokens, roles),
                behaviours, handovers);

        ExpiryReaper reaper = new ExpiryReaper(n -> store.expired(clock.instant(), n), deletion::deleteInternally,
                committed);
        reaper.start(EXPIRY_PERIOD_MILLIS);
        missingData.resume(config.cseBaseName());
        nonBlockingStage[0].resume();
        return new Cse(config, store, clock, pipeline, explainer, dynamic, notifier, reaper, bookkeeping,
                missingData, pendingRequests, operationTimer, new UpperTesterCommands(new InitialState(config, store,
                clock, deletion, committed, dynamic.grants())::restore, audit, clock), channels, pending, registrarLink, announcer);
    }

    /** The end-entity certificate of {@code c}, base64 DER as {@code escert} holds it. */
    private static String base64(EndPointCredentials c) {
        try {
            return java.util.Base64.getEncoder().encodeToString(c.chain().get(0).getEncoded());
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalArgumentException("the ESCertKE certificate cannot be encoded", e);
        }
    }

}
