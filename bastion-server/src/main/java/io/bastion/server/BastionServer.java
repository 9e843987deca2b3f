package io.bastion.server;

import io.bastion.bindings.coap.CoapBinding;
import io.bastion.bindings.http.ChannelRequestTransport;
import io.bastion.bindings.http.ConnectionFront;
import io.bastion.bindings.http.ConnectionLimits;
import io.bastion.bindings.http.ConnectionUpgrade;
import io.bastion.bindings.http.HttpBinding;
import io.bastion.bindings.http.HttpBindingConfig;
import io.bastion.bindings.http.HttpDasClient;
import io.bastion.bindings.http.HttpNotificationTransport;
import io.bastion.bindings.http.HttpRequestTransport;
import io.bastion.bindings.mqtt.MqttBinding;
import io.bastion.bindings.mqtt.MqttClientSettings;
import io.bastion.bindings.tls.PskClientSecurity;
import io.bastion.bindings.tls.PskTlsFront;
import io.bastion.bindings.ws.WebSocketUpgrade;
import io.bastion.bindings.ws.WsConnections;
import io.bastion.bindings.ws.WsNotificationTransport;
import io.bastion.core.binding.CompositeNotificationTransport;
import io.bastion.core.binding.NotificationTransport;
import io.bastion.core.binding.RequestTransport;
import io.bastion.core.binding.UpperTester;
import io.bastion.core.codec.Codecs;
import io.bastion.core.id.IdForms;
import io.bastion.core.primitive.ResponseStatusCode;
import io.bastion.cse.Cse;
import io.bastion.cse.CseBuilder;
import io.bastion.cse.audit.AuditEntry;
import io.bastion.cse.audit.AuditLog;
import io.bastion.security.acp.LocationSource;
import io.bastion.security.certificate.ServerCredentials;
import io.bastion.security.credential.EditablePskStore;
import io.bastion.security.credential.InboundPskStore;
import io.bastion.security.credential.PskStore;
import io.bastion.trust.keys.MafKeyRetrieval;
import io.bastion.security.e2e.InMemoryPairwiseKeys;
import io.bastion.security.e2e.PairwiseKeyStore;
import io.bastion.security.e2e.ProvisionedPairwiseKeys;
import io.bastion.security.escertke.EndPointCredentials;
import io.bastion.security.escertke.PeerCheck;
import io.bastion.security.maf.MafPskStore;
import io.bastion.security.token.FileTrustedIssuers;
import io.bastion.server.admin.AdminServer;
import io.bastion.store.ResourceStore;
import io.bastion.store.sqlite.SqliteResourceStore;
import io.bastion.store.sqlite.StoreConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * A running Bastion: store, audit log, CSE engine, HTTP binding and admin endpoint wired together; closing it stops
 * them in order. If one of them cannot start, those already started are closed again.
 */
public final class BastionServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BastionServer.class);
    /** The audit log's file name in the data folder. */
    public static final String AUDIT_FILE = "audit.log";
    /** How long the start waits for the broker before going on without it (it is retried in the background). */
    private static final java.time.Duration MQTT_FIRST_CONNECT = java.time.Duration.ofSeconds(3);

    private final ResourceStore store;
    private final AuditLog audit;
    private final HttpNotificationTransport transport;
    private final HttpDasClient dasClient;
    private final Cse cse;
    private final ExecutorService workers;
    private final HttpBinding http;
    /** The TLS-PSK door (same HTTP binding behind Bouncy Castle TLS), or null when psk.port is -1. */
    private final HttpBinding psk;
    /** The HTTPS door (certificates, JDK TLS), or null when https.port is -1. */
    private final HttpBinding https;
    /** The CoAP doors (plain UDP; DTLS with PSK and, given a server key, certificates), null when disabled. */
    private final CoapBinding coap;
    private final CoapBinding coaps;
    private final AdminServer admin;
    /** The MQTT door (the CSE as a client of mqtt.url's broker), or null when mqtt.url is not set. */
    private final MqttBinding mqtt;
    /** Where both PSK doors take their keys from ({@code psk.source}), or null when neither door is on. */
    private final EditablePskStore psks;
    /** How this CSE reaches its registrar ({@link MccTransports}), or null when it has none. */
    private final RequestTransport registrarTransport;
    /** What was started, the last first: closing goes in this order. */
    private final Deque<AutoCloseable> started = new ArrayDeque<>();

    private BastionServer(ServerConfig config, Clock clock, Function<String, String> environment,
                          LocationSource locations, RequestTransport mcc) {
        config.upperTester().checkBind(config.bind());
        try {
            Files.createDirectories(config.dataDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create data folder " + config.dataDir(), e);
        }
        try {
            StoreConfig sc = StoreConfig.of(config.dataDir().resolve("bastion.db"))
                    .withSync(config.syncFull() ? StoreConfig.SyncMode.FULL : StoreConfig.SyncMode.NORMAL);
            this.store = SqliteResourceStore.open(sc);
            started.push(store);
            this.audit = AuditLog.open(config.dataDir().resolve(AUDIT_FILE), config.audit(), clock);
            started.push(audit);
            this.transport = new HttpNotificationTransport();
            started.push(transport);
            // one server key for HTTPS and coaps: a PKCS#11 token is logged in to once
            ServerCredentials serverKey = HttpsDoor.serverKey(config, environment);
            // DAS consultations over HTTPS: das.trust, and the same key as client certificate when asked for
            this.dasClient = new HttpDasClient(ClientTls.context(config.cse().dynamic(), serverKey));
            started.push(dasClient);
            // the PSK store serves both PSK doors and TLS-PSK to the registrar (registrar.psk-identity)
            boolean pskToRegistrar = config.mcc().registrar() != null && config.mcc().registrar().pskIdentity() != null;
            this.psks = config.pskPort() < 0 && config.coap().securePort() < 0 && !pskToRegistrar ? null
                    : config.psk().open(config.dataDir(), environment);
            if (psks != null) {
                started.push(psks);
                LOG.info("pre-shared keys (psk.source={}): {}", config.psk().source().key(), psks.describe());
            }
            // ESPrim (TS-0003 8.4): the provisioned pairwiseESPrimKeys (credentials e2e), kept where the PSKs are. With
            // keys in a keystore or token they are read only when that is open anyway (a PSK door) or e2e.json exists,
            // so that a CSE without PSKs needs no keystore password to start.
            PairwiseKeyStore pairwiseKeys = new InMemoryPairwiseKeys();
            if (config.psk().source() == PskSettings.Source.FILE || psks != null
                    || Files.exists(PskSettings.e2eFileIn(config.dataDir()))) {
                EditablePskStore e2e = config.psk().openE2e(config.dataDir(), environment);
                started.push(e2e);
                pairwiseKeys = new ProvisionedPairwiseKeys(e2e);
            }
            this.workers = Executors.newFixedThreadPool(config.workerThreads(), named("bastion-worker"));
            started.push(workers::shutdown);
            // MQTT before the engine: the CSE sends notifications and Mcc requests through its session
            MqttClientSettings mqttClient = config.mqtt().client(config.cse().cseId(), config.maxBodyBytes(),
                    environment, serverKey);
            this.mqtt = mqttClient == null ? null : MqttBinding.connect(mqttClient, new Codecs(),
                    config.cse().spId(), config.cse().cseId(), MccTransports.mqttRegistrar(config),
                    workers, MQTT_FIRST_CONNECT);
            if (mqtt != null) {
                started.push(mqtt);
                LOG.info("MQTT door: broker {} as {} ({}); requests on {} are unauthenticated: the broker's ACL must "
                        + "tie each client to its originator (README, MQTT)", mqttClient.pointOfAccess(),
                        mqttClient.clientId(), mqtt.connected() ? "connected" : "not connected yet",
                        "/oneM2M/req/+/" + io.bastion.bindings.mqtt.MqttTopics.level(config.cse().cseId()) + "/#");
            }
            this.registrarTransport = MccTransports.forRegistrar(config, psks, serverKey,
                    mqtt == null ? null : mqtt.transport());
            if (registrarTransport instanceof AutoCloseable c) {
                started.push(c);
                LOG.info("registrar {} at {}: {}", config.mcc().registrar().cseId(), config.mcc().registrar().url(),
                        MccTransports.describe(config.mcc().registrar()));
            }
            // AEs reached over the WebSocket connection they opened (ws:// or wss:// poa, TS-0020 5.2), and over MQTT
            WsConnections wsConnections = new WsConnections(new IdForms(config.cse().spId(), config.cse().cseId()));
            List<NotificationTransport> transports = new java.util.ArrayList<>(List.of(transport));
            if (mqtt != null) {
                transports.add(mqtt.transport());
            }
            if (config.ws().enabled()) {
                transports.add(new WsNotificationTransport(wsConnections));
            }
            NotificationTransport notifications = transports.size() == 1 ? transport
                    : new CompositeNotificationTransport(List.copyOf(transports));
            CseBuilder engine = new CseBuilder(config.cse()).store(store).notificationTransport(notifications)
                    .dasClient(dasClient).auditSink(audit).location(config.location()).polling(config.polling())
                    .clock(clock)
                    .nonBlocking(config.nonBlocking())
                    .mcc(config.mcc()).registree(config.registree())
                    .operationTime(config.operationTime())
                    .retargeting(config.retargeting())
                    .distributedAuthorization(config.pdp())
                    .pairwiseKeys(pairwiseKeys)
                    .escertke(config.escertke())
                    // Trusted token issuers: <data>/credentials/token-issuers.json, re-read when it changes.
                    .trustedIssuers(FileTrustedIssuers.inDataDir(config.dataDir()));
            if (locations != null) {
                engine.locationSource(locations);
            }
            // ESCertKE with this CSE as the end-point (TS-0003 8.7): its HTTPS key when that is an EC key
            EndPointCredentials e2eCertificate = EsCertKeCertificate.of(serverKey);
            if (e2eCertificate != null) {
                engine.escertke(e2eCertificate, PeerCheck.authenticator(HttpsDoor.authenticator(config, clock),
                        new IdForms(config.cse().spId(), config.cse().cseId())));
                LOG.info("ESCertKE end-point with {}", e2eCertificate);
            }
            // Requests to other CSEs: a transport given by the caller (tests, embedding), else the one MccTransports
            // chose: the registrar's origin through its own binding, registrees' poa over HTTPS (mcc.*).
            RequestTransport toOtherCses = mcc;
            if (toOtherCses == null) {
                ByOriginTransport byOrigin = MccTransports.forOtherCses(config, registrarTransport, serverKey,
                        mqtt == null ? null : mqtt.transport());
                started.push(byOrigin);
                LOG.info("other CSEs: {}", MccTransports.describePeers(config.mcc()));
                toOtherCses = byOrigin;
            }
            engine.requestTransport(toOtherCses);
            // Encrypted (nested JWE) tokens: only with a decryption key; a bad key setting stops the start.
            if (config.tokens().enabled()) {
                engine.tokenDecryptionKey(config.tokens().decryptionKey(config.https(), environment), null);
            }
            this.cse = engine.build();
            started.push(cse);
            if (config.tokens().enabled()) {
                LOG.info("encrypted tokens accepted: decryption key '{}'", config.tokens().keyAlias());
            }
            // one connection budget for the HTTP, HTTPS and TLS-PSK doors together
            ConnectionLimits connections = config.limits().connectionLimits();
            IntFunction<HttpBindingConfig> door = port -> HttpBindingConfig.of(config.bind(), port, workers)
                    .withMaxBodyBytes(config.maxBodyBytes()).withHeadTimeout(config.limits().headTimeout())
                    .withConnections(connections);
            // WebSocket (TS-0020) by an Upgrade on the HTTP, HTTPS and TLS-PSK doors, with their security
            ConnectionUpgrade ws = !config.ws().enabled() ? null
                    : new WebSocketUpgrade(config.ws().binding(), cse, new Codecs(), workers, wsConnections);
            this.http = new HttpBinding(door.apply(config.httpPort()), cse, new Codecs(), ConnectionFront.NONE,
                    config.upperTester().enabled() ? cse.upperTester() : null, ws).start();
            if (config.upperTester().enabled()) {
                LOG.warn("the Upper Tester (TS-0019) is on: POST {} on the HTTP door resets this CSE on request of a"
                        + " loopback peer (upper-tester.enabled); never on a production CSE", UpperTester.PATH);
            }
            started.push(http);
            // both PSK doors resolve MAF Key Identifiers when maf.url is set; neither takes this CSE's own identities
            PskStore doorKeys = psks == null ? null : new InboundPskStore(mafKeys(config, psks, clock, audit, started),
                    Set.of(config.cse().cseId()));
            this.psk = config.pskPort() < 0 ? null : new HttpBinding(door.apply(config.pskPort()), cse, new Codecs(),
                    new PskTlsFront(doorKeys), null, ws).start();
            if (psk != null) {
                started.push(psk);
            }
            this.https = HttpsDoor.start(config, door, cse, clock, serverKey, ws);
            if (https != null) {
                started.push(https);
            }
            this.coap = config.coap().port() < 0 ? null : CoapBinding.plain(config.bind(), config.coap().port(),
                    config.maxBodyBytes(), workers, cse, new Codecs()).start();
            if (coap != null) {
                started.push(coap);
            }
            this.coaps = CoapsDoor.start(config, workers, cse, clock, serverKey, doorKeys);
            if (coaps != null) {
                started.push(coaps);
            }
            if (mqtt != null) {
                mqtt.serve(cse);
            }
            this.admin = config.adminPort() < 0 ? null
                    : AdminServer.start(config.adminBind(), config.adminPort(), cse);
            if (admin != null) {
                started.push(admin);
            }
            // Registration in the background, once the doors it announces listen.
            cse.startRegistration(PointsOfAccess.of(config, httpPort(), httpsPort(),
                    mqtt == null ? null : mqtt.settings().pointOfAccess()));
        } catch (RuntimeException e) {
            stop(e);
            throw e;
        }
    }

    /** Closes what was started, the last first (doors before the engine, the engine before its store). */
    private void stop(RuntimeException failure) {
        for (AutoCloseable c : started) {
            try {
                c.close();
            } catch (Exception e) {
                if (failure == null) {
                    LOG.warn("closing {} failed", c, e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
    }

    public static BastionServer start(ServerConfig config) {
        return start(config, Clock.systemUTC());
    }

    public static BastionServer start(ServerConfig config, Clock clock) {
        return start(config, clock, System::getenv);
    }

    /** Starts with {@code environment} in place of the process environment (e.g. the keystore password). */
    public static BastionServer start(ServerConfig config, Clock clock, Function<String, String> environment) {
        return start(config, clock, environment, null);
    }

    /**
     * As {@link #start(ServerConfig, Clock, Function)}, with a source of originator locations for location regions
     * ({@code aclr}) in policies in place of the CSE's own (the positions originators report through their
     * locationPolicy, which decide only with {@code location.device-reported=true}); null keeps the CSE's own.
     */
    public static BastionServer start(ServerConfig config, Clock clock, Function<String, String> environment,
                                      LocationSource locations) {
        return start(config, clock, environment, locations, null);
    }

    /**
     * As {@link #start(ServerConfig, Clock, Function, LocationSource)}, with {@code mcc} as the transport to other
     * CSEs (retargeting, notifications through the CSE path); null: the one built from the configuration, if any.
     * The transport belongs to the caller.
     */
    public static BastionServer start(ServerConfig config, Clock clock, Function<String, String> environment,
                                      LocationSource locations, RequestTransport mcc) {
        return new BastionServer(config, clock, environment, locations, mcc);
    }

    public int httpPort() {
        return http.port();
    }

    /**
     * The TLS-PSK door's keys: the provisioned ones; with {@code mef.url} also MEF-based SAEF identities resolved by a
     * MEF Key Retrieval (TS-0003 8.2.2.2, 8.3.5.2.8), with {@code maf.url} MAF-based SAEF identities resolved by a MAF
     * Key Retrieval (8.2.2.3); a refused one audited with its reason. Each source is a store answering the others'
     * identities from the store behind it.
     */
    private static PskStore mafKeys(ServerConfig config, EditablePskStore psks, Clock clock, AuditLog audit,
                                    Deque<AutoCloseable> started) {
        PskStore keys = psks;
        MefClientSettings mef = config.mef();
        if (mef.url() != null) {
            String originator = mef.originator() != null ? mef.originator() : config.cse().cseId();
            keys = keySource(MafPskStore.forMef(keys, mef.fqdn(), MafKeyRetrieval.mef(transport(psks, mef.url(),
                    mef.pskIdentity(), started), mef.url(), originator, mef.timeout(), config.cse().cseId()), clock,
                    mef.recheck(),
                    refusals(clock, audit)), started);
            LOG.info("MEF-based SAEF: identities @{} are retrieved from the MEF at {} as {} (KpmID {})", mef.fqdn(),
                    mef.url(), originator, mef.pskIdentity());
        }
        MafClientSettings maf = config.maf();
        if (maf.url() != null) {
            String originator = maf.originator() != null ? maf.originator() : config.cse().cseId();
            keys = keySource(new MafPskStore(keys, maf.mafFqdn(), MafKeyRetrieval.maf(transport(psks, maf.url(),
                    maf.pskIdentity(), started), maf.url(), originator, maf.timeout(), config.cse().cseId()), clock, maf.recheck(),
                    refusals(clock, audit)), started);
            LOG.info("MAF-based SAEF: identities @{} are retrieved from the MAF at {} as {} (KmID {})", maf.mafFqdn(),
                    maf.url(), originator, maf.pskIdentity());
        }
        return keys;
    }

    /** A TLS-PSK association with a trust-enabling function, this CSE presenting {@code identity} from its store. */
    private static ChannelRequestTransport transport(EditablePskStore psks, String url, String identity,
                                                     Deque<AutoCloseable> started) {
        ChannelRequestTransport t = new ChannelRequestTransport(url, new PskClientSecurity(psks, identity,
                URI.create(url).getHost()), 16);
        started.push(t);
        return t;
    }

    private static MafPskStore keySource(MafPskStore store, Deque<AutoCloseable> started) {
        started.push(store);
        return store;
    }

    private static MafPskStore.Reporter refusals(Clock clock, AuditLog audit) {
        return (identity, reason) -> audit.record(new AuditEntry(clock.instant(), null, identity, null, null, null,
                null, "psk", null, false, ResponseStatusCode.ORIGINATOR_NOT_AUTHENTICATED, "TLS-PSK handshake refused: "
                + reason, List.of(), null));
    }

    /** The TLS-PSK port, or -1 when the door is disabled. */
    public int pskPort() {
        return psk == null ? -1 : psk.port();
    }

    /** The plain CoAP port, or -1 when the door is disabled. */
    public int coapPort() {
        return coap == null ? -1 : coap.port();
    }

    /** The CoAP over DTLS port, or -1 when the door is disabled. */
    public int coapsPort() {
        return coaps == null ? -1 : coaps.port();
    }

    /** The HTTPS port, or -1 when the door is disabled. */
    public int httpsPort() {
        return https == null ? -1 : https.port();
    }

    /** The admin endpoint's port, or -1 when it is disabled. */
    public int adminPort() {
        return admin == null ? -1 : admin.port();
    }

    public Cse cse() {
        return cse;
    }

    /** How this CSE reaches its registrar over the Mcc ({@code registrar.*}), or null when it has none. */
    public RequestTransport registrarTransport() {
        return registrarTransport;
    }

    /** The MQTT door, or null when {@code mqtt.url} is not set. */
    public MqttBinding mqtt() {
        return mqtt;
    }

    /** The audit log ({@value #AUDIT_FILE} in the data folder). */
    public AuditLog audit() {
        return audit;
    }

    @Override
    public void close() {
        stop(null);
        if (audit.dropped() > 0) {
            LOG.warn("audit log: {} entries were dropped while running", audit.dropped());
        }
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
