package io.bastion.bench;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.ResourceLeakDetector;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code ./bastion bench [OPTIONS] [SCENARIO|GROUP...]}: a closed-loop HTTP load generator that measures a bare Netty
 * server (the baseline) and the CSE (as a subprocess) with the same client, and prints requests per second,
 * latency percentiles and the ratio of each CSE scenario to its reference (the baseline, or for the secured
 * transports the plain HTTP read of the same run), next to the project's targets. The transport scenarios (TLS-PSK,
 * HTTPS with client certificates, full handshakes, CoAP, CoAPS) are in {@link TransportScenarios}, the reads permitted
 * by tokens in {@link TokenScenarios}.
 *
 * <p>{@code ./bastion bench decision [JMH OPTIONS]} runs the JMH benchmarks of the access decision instead (see
 * {@link io.bastion.bench.jmh.DecisionBench}), {@code ./bastion bench token-decision} those of a token in the decision
 * ({@link io.bastion.bench.jmh.TokenDecisionBench}).
 *
 * <p>Exit code: 0 when every selected scenario ran (the figures are a report, not a verdict), 1 when a scenario
 * could not be set up (the CSE did not start, or answered a set-up request unexpectedly), 2 on bad usage.
 */
public final class BenchMain {

    /** Every scenario, in the order they run. */
    static final List<String> SCENARIOS = List.of("baseline", "retrieve-la", WebSocketScenario.NAME,
            "retrieve-tls-psk", "retrieve-tls13-psk",
            "retrieve-https", "retrieve-token", "retrieve-token-fresh", "retrieve-esprim", "retrieve-la-acp10",
            "retrieve-la-xml",
            "retrieve-la-polled", MqttScenario.NAME, "retrieve-retargeted", "retrieve-pdp-cold", "retrieve-pdp",
            "create-cin", "create-cin-hot",
            "create-tsi", "discovery", "handshake-psk",
            "handshake-ecdsa", "handshake-maf", "handshake-mef", "coap", "coaps", "refuse-hostile");

    /** Names for several scenarios measured in one run (so their ratios come from the same CSE and machine state). */
    static final Map<String, List<String>> GROUPS = Map.of(
            "transports", List.of("retrieve-la", "retrieve-tls-psk", "retrieve-tls13-psk", "retrieve-https"),
            "handshakes", List.of("handshake-psk", "handshake-ecdsa", "handshake-maf", "handshake-mef"),
            "coap-doors", List.of("coap", "coaps"),
            "tokens", List.of("retrieve-la", "retrieve-token", "retrieve-token-fresh"),
            "serializations", List.of("retrieve-la", "retrieve-la-xml"),
            "doors", List.of("retrieve-la", WebSocketScenario.NAME));

    /** Scenarios without a target whose ratio to the baseline is still the point: they add baseline too. */
    private static final Set<String> REPORTS_RATIO = Set.of("retrieve-la-acp10");

    /**
     * What each scenario's ratio is taken against; a reference that was not measured leaves the ratio out. Those
     * marked in {@link #IMPLIES} are added to the run when the scenario is chosen.
     */
    static String reference(String scenario) {
        return switch (scenario) {
            case "baseline", "handshake-psk", "handshake-ecdsa", "handshake-maf", "handshake-mef", "refuse-hostile" -> null;
            case "retrieve-tls-psk", "retrieve-tls13-psk", "retrieve-https", "coap", "retrieve-token",
                 "retrieve-token-fresh", "retrieve-la-polled", "retrieve-retargeted", "retrieve-esprim",
                 MqttScenario.NAME, "retrieve-pdp-cold", "retrieve-pdp",
                 "retrieve-la-xml", WebSocketScenario.NAME -> "retrieve-la";
            case "coaps" -> "coap";
            default -> "baseline";
        };
    }

    /**
     * Scenarios a chosen one brings along because its target is a ratio to them. Not coaps, which has no target:
     * named alone it runs on a fresh CSE, and with coap (coap-doors) it gets its ratio.
     */
    private static final Map<String, String> IMPLIES = Map.ofEntries(
            Map.entry("retrieve-tls-psk", "retrieve-la"),
            Map.entry("retrieve-tls13-psk", "retrieve-la"),
            Map.entry("retrieve-https", "retrieve-la"),
            Map.entry("retrieve-token", "retrieve-la"),
            Map.entry("retrieve-token-fresh", "retrieve-la"),
            Map.entry("retrieve-la-polled", "retrieve-la"),
            Map.entry("retrieve-retargeted", "retrieve-la"),
            Map.entry("retrieve-esprim", "retrieve-la"),
            Map.entry(MqttScenario.NAME, "retrieve-la"),
            Map.entry("retrieve-pdp", "retrieve-pdp-cold"),
            Map.entry("retrieve-pdp-cold", "retrieve-la"),
            Map.entry("retrieve-la-xml", "retrieve-la"),
            Map.entry(WebSocketScenario.NAME, "retrieve-la"));

    /** The targets from the performance issues: a ratio to the scenario's reference, or a p99 bound. */
    private record Target(String scenario, String text, double minRatio, double maxP99Millis) {
        boolean met(LoadRun.Result r, double referenceRps) {
            if (!Double.isNaN(minRatio)) {
                return referenceRps > 0 && r.requestsPerSecond() / referenceRps >= minRatio;
            }
            return r.percentileMillis(99) < maxP99Millis;
        }

        boolean needsReference() {
            return !Double.isNaN(minRatio);
        }
    }

    private static final List<Target> TARGETS = List.of(
            new Target("retrieve-la", "ratio >= 0.35", 0.35, Double.NaN),
            new Target("retrieve-tls-psk", "ratio >= 0.60", 0.60, Double.NaN),
            new Target("retrieve-tls13-psk", "ratio >= 0.60", 0.60, Double.NaN),
            new Target("retrieve-https", "ratio >= 0.60", 0.60, Double.NaN),
            new Target("retrieve-token", "ratio >= 0.80", 0.80, Double.NaN),
            new Target("retrieve-la-polled", "ratio >= 0.90", 0.90, Double.NaN),
            new Target("create-cin", "ratio >= 0.10", 0.10, Double.NaN),
            new Target("discovery", "p99 < 50 ms", Double.NaN, 50));

    private record Options(int connections, int clientThreads, int baselineThreads, Duration warmup,
                           Duration duration, Path serverJar, List<String> serverJvmOptions, Duration startupTimeout,
                           List<String> scenarios, int freshTokens) {
    }

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        // Californium and Netty log their start-up at info through slf4j-simple: keep the report readable.
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        if (args.length > 0 && args[0].equals("decision")) {
            io.bastion.bench.jmh.DecisionBench.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args.length > 0 && args[0].equals("token-decision")) {
            io.bastion.bench.jmh.TokenDecisionBench.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        Options options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            System.err.println("try: ./bastion bench --help");
            System.exit(2);
            return;
        }
        if (options == null) {
            System.out.print(usage());
            return;
        }
        System.exit(new BenchMain().run(options));
    }

    private final Map<String, LoadRun.Result> results = new LinkedHashMap<>();
    private final Map<String, String> setupFailures = new LinkedHashMap<>();
    /** The reader's pairwise key and its sessions, for {@code retrieve-esprim}. */
    private final EsprimScenario esprim = new EsprimScenario();
    /** The broker of retrieve-la-mqtt while its CSE runs, else null. */
    private BrokerProcess mqttBroker;

    private int run(Options o) throws InterruptedException {
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
        System.out.printf(Locale.ROOT,
                "Bastion bench: JDK %s, %d CPUs, %d connections (closed loop), %d client thread(s), "
                        + "warm-up %s, measurement %s per scenario%n",
                Runtime.version(), Runtime.getRuntime().availableProcessors(), o.connections(), o.clientThreads(),
                seconds(o.warmup()), seconds(o.duration()));
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        int cpus = Runtime.getRuntime().availableProcessors();
        if (load > cpus / 2.0) {
            System.out.printf(Locale.ROOT, "note: the load average is already %.1f on %d CPUs: other work competes "
                    + "with the benchmark, expect noisy figures%n", load, cpus);
        }

        try (HttpClient client = new HttpClient(o.clientThreads())) {
            if (o.scenarios().contains("baseline")) {
                runBaseline(client, o);
            }
            List<String> cseScenarios = o.scenarios().stream()
                    .filter(s -> !s.equals("baseline") && !s.equals(RetargetedScenario.NAME)
                            && !KEY_FUNCTIONS.containsKey(s)
                            && !s.equals(PdpScenario.NAME) && !s.equals(PdpScenario.COLD)).toList();
            if (!cseScenarios.isEmpty()) {
                runCse(client, o, cseScenarios);
            }
            if (o.scenarios().contains(RetargetedScenario.NAME)) {
                runRetargeted(client, o);
            }
            for (String s : o.scenarios()) {
                if (KEY_FUNCTIONS.containsKey(s)) {
                    runKeyHandshakes(o, KEY_FUNCTIONS.get(s));
                }
            }
            if (o.scenarios().contains(PdpScenario.COLD)) {
                runPdp(client, o, true);
            }
            if (o.scenarios().contains(PdpScenario.NAME)) {
                runPdp(client, o, false);
            }
        }
        report(o);
        return setupFailures.isEmpty() ? 0 : 1;
    }

    /** The scenarios of {@link KeyHandshakeScenario}, by name. */
    static final Map<String, KeyFunction> KEY_FUNCTIONS = Map.of("handshake-maf", new KeyFunction.Maf(),
            "handshake-mef", new KeyFunction.Mef());

    /** The figures of each {@link KeyHandshakeScenario} run, printed with the report. */
    private final Map<String, List<KeyHandshakeScenario.Figure>> keyFigures = new HashMap<>();

    private void runKeyHandshakes(Options o, KeyFunction f) throws InterruptedException {
        String who = f.prefix().toUpperCase(Locale.ROOT);
        System.out.println("==> " + f.scenario() + ": a " + who + " and a CSE; TLS-PSK handshakes with a "
                + "provisioned PSK, a cached " + who + " key and " + who + " keys retrieved at the handshake");
        try {
            keyFigures.put(f.scenario(), new KeyHandshakeScenario(f).run(o.serverJar(), o.serverJvmOptions(),
                    o.startupTimeout()));
        } catch (SetupException e) {
            failed(f.scenario(), e.getMessage());
        }
    }

    private void runBaseline(HttpClient client, Options o) throws InterruptedException {
        System.out.printf("==> baseline: bare Netty HTTP server, %d thread(s)%n", o.baselineThreads());
        try (BaselineServer server = BaselineServer.start(o.baselineThreads())) {
            String authority = "127.0.0.1:" + server.port();
            LoadRun.Result r = LoadRun.run("baseline", client, "127.0.0.1", server.port(), ChannelSecurity.PLAIN,
                    o.connections(), o.warmup(), o.duration(),
                    (conn, seq) -> M2m.retrieve(authority, "/cse-in/writer/cnt/la", CseScenarios.READER,
                            "base-" + conn + "-" + seq),
                    response -> response.status().equals(HttpResponseStatus.OK)
                            ? null : "HTTP " + response.status().code(), CpuMeter.BENCH_ONLY);
            record(r);
        }
    }

    private void runCse(HttpClient client, Options o, List<String> scenarios) throws InterruptedException {
        System.out.println("==> starting the CSE: " + o.serverJar());
        // The secured doors need credentials in the data folder before the CSE starts.
        BenchCredentials credentials = scenarios.stream().anyMatch(TransportScenarios.NAMES::contains)
                ? new BenchCredentials(CseScenarios.READER) : null;
        // The token scenarios need their issuer trusted before the CSE starts.
        BenchTokenIssuer tokenIssuer = scenarios.stream().anyMatch(TokenScenarios.NAMES::contains)
                ? new BenchTokenIssuer() : null;
        CseProcess.Provisioner provisioner = CseProcess.Provisioner.NONE;
        if (credentials != null) {
            provisioner = provisioner.and(credentials);
        }
        if (tokenIssuer != null) {
            provisioner = provisioner.and(tokenIssuer);
        }
        if (scenarios.contains(PolledScenario.NAME)) {
            provisioner = provisioner.and(PolledScenario.provisioner()); // after the transports' configuration file
        }
        if (scenarios.contains(EsprimScenario.NAME)) {
            provisioner = provisioner.and(esprim.provisioner());
        }
        // The MQTT door needs its broker running before the CSE starts (it connects at start, retries otherwise).
        BrokerProcess broker = null;
        if (scenarios.contains(MqttScenario.NAME)) {
            try {
                broker = BrokerProcess.start();
                provisioner = provisioner.and(MqttScenario.provisioner(broker.port()));
                mqttBroker = broker;
            } catch (SetupException e) {
                setupFailures.put(MqttScenario.NAME, e.getMessage());
                scenarios = scenarios.stream().filter(s -> !s.equals(MqttScenario.NAME)).toList();
            }
        }
        try {
            runCse(client, o, scenarios, credentials, tokenIssuer, provisioner);
        } finally {
            if (tokenIssuer != null) {
                tokenIssuer.close();
            }
            if (broker != null) {
                broker.close();
                mqttBroker = null;
            }
        }
    }

    private void runCse(HttpClient client, Options o, List<String> scenarios, BenchCredentials credentials,
                        BenchTokenIssuer tokenIssuer, CseProcess.Provisioner provisioner) throws InterruptedException {
        CseProcess cse;
        try {
            cse = CseProcess.start(o.serverJar(), o.serverJvmOptions(), o.startupTimeout(), provisioner);
        } catch (SetupException e) {
            for (String s : scenarios) {
                setupFailures.put(s, "the CSE did not start");
            }
            setupFailures.put("cse", e.getMessage());
            return;
        }
        try (cse) {
            System.out.println("    CSE listening on http port " + cse.port() + (credentials == null ? ""
                    : ", psk " + cse.port("psk") + ", https " + cse.port("https") + ", coap " + cse.port("coap")
                    + ", coaps " + cse.port("coaps")));
            SetupClient setupClient;
            try {
                setupClient = new SetupClient(client, "127.0.0.1", cse.port());
            } catch (RuntimeException e) {
                for (String s : scenarios) {
                    failed(s, "cannot connect to the CSE on port " + cse.port() + ": " + e);
                }
                return;
            }
            try (SetupClient setup = setupClient) {
                CseScenarios cs = new CseScenarios(setup);
                if ((credentials != null || tokenIssuer != null) && scenarios.contains("retrieve-la")
                        && !o.warmup().isZero()) {
                    warmUp(client, cse, cs, o);
                }
                TransportScenarios transports = new TransportScenarios(cse, credentials, cs, client,
                        o.connections(), o.clientThreads(), o.warmup(), o.duration());
                TokenScenarios tokens = tokenIssuer == null ? null
                        : new TokenScenarios(cs, setup, tokenIssuer, o.freshTokens());
                for (String name : scenarios) {
                    if (!cse.isAlive()) {
                        setupFailures.put(name, "the CSE is no longer running; its stderr (last lines):\n"
                                + cse.stderrTail(40));
                        continue;
                    }
                    System.out.println("==> " + name + ": set-up");
                    if (TransportScenarios.NAMES.contains(name)) {
                        try {
                            record(transports.run(name));
                        } catch (RuntimeException e) {
                            failed(name, e instanceof SetupException ? e.getMessage() : e.toString());
                        }
                        continue;
                    }
                    if (name.equals(PolledScenario.NAME)) {
                        runPolled(client, o, cse, cs, setup);
                        continue;
                    }
                    if (name.equals(MqttScenario.NAME)) {
                        try {
                            System.out.println("    measuring over MQTT through mosquitto on port " + mqttBroker.port());
                            record(MqttScenario.run(cs, o.connections(), o.warmup(), o.duration(),
                                    new CpuMeter(cse.handle()), mqttBroker));
                        } catch (RuntimeException e) {
                            failed(name, e instanceof SetupException ? e.getMessage() : e.toString());
                        }
                        continue;
                    }
                    if (name.equals(WebSocketScenario.NAME)) {
                        runWebSocket(o, cse, cs);
                        continue;
                    }
                    CseScenarios.Prepared p;
                    try {
                        p = switch (name) {
                            case "retrieve-la" -> cs.retrieveLa();
                            case "retrieve-la-acp10" -> cs.retrieveLaAcp10();
                            case "retrieve-la-xml" -> cs.retrieveLaXml();
                            case "create-cin" -> cs.createCin(o.connections());
                            case "create-cin-hot" -> cs.createCinHot();
                            case "create-tsi" -> cs.createTsi(o.connections());
                            case "discovery" -> cs.discovery();
                            case "refuse-hostile" -> cs.refuseHostile();
                            case "retrieve-token" -> tokens.retrieveToken();
                            case "retrieve-token-fresh" -> tokens.retrieveTokenFresh();
                            case EsprimScenario.NAME -> esprim.prepare(cs, setup, o.connections());
                            default -> throw new IllegalStateException(name);
                        };
                    } catch (RuntimeException e) {
                        failed(name, e instanceof SetupException ? e.getMessage() : e.toString());
                        continue;
                    }
                    System.out.println("    measuring");
                    try {
                        LoadRun.Result r = LoadRun.run(name, client, "127.0.0.1", cse.port(), ChannelSecurity.PLAIN,
                                o.connections(), o.warmup(), o.duration(), p.source(), p.check(),
                                new CpuMeter(cse.handle()));
                        if (name.equals("retrieve-token-fresh")) {
                            r = r.withDetail(freshDetail(tokens.reused(), o.freshTokens(), tokens.sent()));
                        }
                        record(r);
                    } catch (RuntimeException e) {
                        // e.g. a refused connection: the CSE went away.
                        failed(name, "the load run could not start: " + e);
                    }
                }
            }
        }
    }

    /** retrieve-la over the WebSocket binding of the HTTP door ({@link WebSocketScenario}). */
    private void runWebSocket(Options o, CseProcess cse, CseScenarios cs) throws InterruptedException {
        String uri;
        try {
            uri = cs.latestUri();
        } catch (RuntimeException e) {
            failed(WebSocketScenario.NAME, e instanceof SetupException ? e.getMessage() : e.toString());
            return;
        }
        System.out.println("    measuring");
        try {
            record(WebSocketScenario.run(cse.port(), uri, o.connections(), o.clientThreads(), o.warmup(),
                    o.duration(), new CpuMeter(cse.handle())));
        } catch (RuntimeException e) {
            failed(WebSocketScenario.NAME, e instanceof SetupException ? e.getMessage() : e.toString());
        }
    }

    /** retrieve-la measured while long polls are parked on a pollingChannel ({@link PolledScenario}). */
    private void runPolled(HttpClient client, Options o, CseProcess cse, CseScenarios cs, SetupClient setup)
            throws InterruptedException {
        PolledScenario polled = new PolledScenario();
        CseScenarios.Prepared p;
        try {
            p = cs.retrieveLa();
            polled.setUp(setup);
            polled.start(client, cse.port(), setup);
        } catch (RuntimeException e) {
            polled.stop();
            failed(PolledScenario.NAME, e instanceof SetupException ? e.getMessage() : e.toString());
            return;
        }
        System.out.println("    " + PolledScenario.PARKED + " long polls parked; measuring");
        try {
            LoadRun.Result r = LoadRun.run(PolledScenario.NAME, client, "127.0.0.1", cse.port(),
                    ChannelSecurity.PLAIN, o.connections(), o.warmup(), o.duration(), p.source(), p.check(),
                    new CpuMeter(cse.handle()));
            record(r.withDetail(polled.stop()));
        } catch (RuntimeException e) {
            polled.stop();
            failed(PolledScenario.NAME, "the load run could not start: " + e);
        }
    }

    /**
     * The retargeted read ({@link RetargetedScenario}) on two CSE processes of its own, an IN and an MN registered
     * with it; measured at the MN, whose CPU the row shows; the IN's busy cores over warm-up and measurement are in
     * the detail.
     */
    private void runRetargeted(HttpClient client, Options o) throws InterruptedException {
        RetargetedScenario scenario = new RetargetedScenario();
        runOnInAndMn(client, o, RetargetedScenario.NAME, "starting an IN-CSE and an MN-CSE registered with it over "
                + "TLS-PSK", scenario.registrar(), psk -> scenario.registree(psk, o.connections()), scenario::setUp,
                RetargetedScenario.TARGET, String.format(Locale.ROOT, "client -> MN (HTTP, keep-alive) -> IN (TLS-PSK "
                + "%s, CSE-ID %s)", RetargetedScenario.PSK_IDENTITY, RetargetedScenario.MN_ID));
    }

    /**
     * A read decided by a remote PDP ({@link PdpScenario}) on an IN and an MN of its own, measured at the MN (the PEP),
     * whose CPU the row shows; the IN's (the PDP's) busy cores are in the detail. {@code cold}: the MN remembers no
     * decision, every read asks the IN.
     */
    private void runPdp(HttpClient client, Options o, boolean cold) throws InterruptedException {
        PdpScenario scenario = new PdpScenario();
        runOnInAndMn(client, o, cold ? PdpScenario.COLD : PdpScenario.NAME, "an MN-CSE (the PEP) registered over "
                + "TLS-PSK with an IN-CSE (the PDP)" + (cold ? ", no decision cache" : ", decisions cached"),
                scenario.registrar(), psk -> scenario.registree(psk, o.connections(), cold), scenario::setUp,
                PdpScenario.TARGET, "client -> MN (HTTP, keep-alive; its ACP denies, adri names " + PdpScenario.PDP
                + ") -> IN's PDP (TLS-PSK, UPDATE of the request attributes)"
                + (cold ? ", every read (pdp.cache-ttl-s=0)" : ", decision cached 10 s"));
    }

    /** How a scenario on an IN and an MN makes its resources and its reads. */
    @FunctionalInterface
    private interface InAndMnSetUp {
        CseScenarios.Prepared setUp(SetupClient in, SetupClient mn, Duration registration)
                throws InterruptedException;
    }

    /**
     * Starts an IN and an MN registered with it at the IN's TLS-PSK port, sets the scenario up, and measures the
     * reads of {@code target} at the MN (its CPU in the row, the IN's busy cores in the detail after {@code path}).
     */
    private void runOnInAndMn(HttpClient client, Options o, String name, String what, CseProcess.Provisioner in,
                              java.util.function.IntFunction<CseProcess.Provisioner> mnAtPskPort, InAndMnSetUp setUp,
                              String target, String path) throws InterruptedException {
        System.out.println("==> " + name + ": " + what);
        try (CseProcess inCse = CseProcess.start(o.serverJar(), o.serverJvmOptions(), o.startupTimeout(), in);
             CseProcess mn = CseProcess.start(o.serverJar(), o.serverJvmOptions(), o.startupTimeout(),
                     mnAtPskPort.apply(inCse.port("psk")));
             SetupClient inSetup = new SetupClient(client, "127.0.0.1", inCse.port());
             SetupClient mnSetup = new SetupClient(client, "127.0.0.1", mn.port())) {
            System.out.println("    IN http " + inCse.port() + ", psk " + inCse.port("psk") + "; MN http "
                    + mn.port());
            CseScenarios.Prepared p = setUp.setUp(inSetup, mnSetup, o.startupTimeout());
            System.out.println("    measuring GET " + target + " at the MN");
            CpuMeter inMeter = new CpuMeter(inCse.handle());
            CpuMeter.Start inStart = inMeter.start();
            long started = System.nanoTime();
            LoadRun.Result r = LoadRun.run(name, client, "127.0.0.1", mn.port(), ChannelSecurity.PLAIN,
                    o.connections(), o.warmup(), o.duration(), p.source(), p.check(), new CpuMeter(mn.handle()));
            double inCores = inMeter.since(inStart, (System.nanoTime() - started) / 1e9).cse();
            record(r.withDetail(String.format(Locale.ROOT, "%s; the IN was busy %.2f cores over warm-up and "
                    + "measurement", path, inCores)));
        } catch (RuntimeException e) {
            failed(name, e instanceof SetupException ? e.getMessage() : e.toString());
        }
    }

    /**
     * How fresh the fresh tokens were (all of them, or how many requests had to reuse one: a cache hit), and whether
     * the CSE's token cache was full, so that each new token also made room in it.
     */
    private static String freshDetail(long reused, int pool, long sent) {
        String fresh = reused == 0 ? "every request carried a token the CSE had not seen (pool of "
                + String.format(Locale.ROOT, "%,d", pool) + ")"
                : String.format(Locale.ROOT, "the pool of %,d tokens ran out: %,d requests (warm-up included) reused "
                        + "one, i.e. hit the cache; raise --fresh-tokens", pool, reused);
        int bound = io.bastion.security.token.TokenCache.DEFAULT_MAX_ENTRIES;
        String cache = sent <= bound
                ? String.format(Locale.ROOT, "; %,d sent in all, the CSE's token cache (%,d) never filled", sent, bound)
                : String.format(Locale.ROOT, "; %,d sent in all (warm-up included): past the CSE's token cache bound "
                        + "(%,d) every new token also makes room in it (and in the Local-Token-IDs); for the cost "
                        + "without that, run it with --warmup 2 --duration 3", sent, bound);
        return fresh + cache;
    }

    /**
     * Before a run with transports: the plain read, unrecorded, for one warm-up period, so that retrieve-la (measured
     * first, the reference of the transports' ratios) does not meet a colder CSE than the scenarios after it.
     */
    private static void warmUp(HttpClient client, CseProcess cse, CseScenarios cs, Options o)
            throws InterruptedException {
        System.out.println("==> warming the CSE up: the plain read for " + seconds(o.warmup()) + " (not recorded)");
        try {
            CseScenarios.Prepared p = cs.retrieveLa();
            LoadRun.run("cse-warm-up", client, "127.0.0.1", cse.port(), o.connections(), o.warmup(),
                    Duration.ofMillis(100), p.source(), p.check());
        } catch (RuntimeException e) {
            // The scenarios set up the same read again and report why it fails.
            System.out.println("    warm-up skipped: " + e.getMessage());
        }
    }

    private void failed(String scenario, String why) {
        setupFailures.put(scenario, why);
        System.out.println("    SET-UP FAILED: " + why);
    }

    private void record(LoadRun.Result r) {
        results.put(r.scenario(), r);
        System.out.printf(Locale.ROOT, "    %s: %,.0f %s/s, p50 %.3f ms, p99 %.3f ms, %d errors; CPU %s (bench/CSE "
                        + "cores); %s%n",
                r.scenario(), r.requestsPerSecond(), r.scenario().startsWith("handshake-") ? "handshakes" : "req",
                r.percentileMillis(50), r.percentileMillis(99), r.errorCount(), cpu(r.cpu()), r.detail());
    }

    /** CSE CPU time per request (or handshake): less sensitive than req/s to other work on a shared machine. */
    private static String cseMicrosPerOp(LoadRun.Result r) {
        double cores = r.cpu().cse();
        return Double.isNaN(cores) || r.requestsPerSecond() <= 0 ? "-"
                : String.format(Locale.ROOT, "%.1f", cores / r.requestsPerSecond() * 1e6);
    }

    private static String cpu(CpuMeter.Use use) {
        return (Double.isNaN(use.bench()) ? "?" : String.format(Locale.ROOT, "%.2f", use.bench())) + "/"
                + (Double.isNaN(use.cse()) ? "-" : String.format(Locale.ROOT, "%.2f", use.cse()));
    }

    private void report(Options o) {
        StringBuilder out = new StringBuilder("\n");
        String row = "%-19s %11s %9s %9s %7s %10s %8s %7s %-12s %-14s %s%n";
        out.append(String.format(Locale.ROOT, row, "scenario", "per second", "p50 ms", "p99 ms", "errors",
                "cpu b/cse", "cse us/op", "ratio", "(to)", "target", "result"));
        for (String name : o.scenarios()) {
            List<KeyHandshakeScenario.Figure> figures = keyFigures.getOrDefault(name, List.of());
            if (!figures.isEmpty()) {
                double ref = figures.get(0).perSecond();
                for (KeyHandshakeScenario.Figure f : figures) {
                    // "handshake-mef cold": the row names the function once, so that it fits the column
                    out.append(String.format(Locale.ROOT, row, name + " " + f.name().replace("provisioned", "psk")
                            .replaceFirst("^m[ae]f-", ""), String.format(Locale.ROOT, "%,.0f", f.perSecond()),
                            String.format(Locale.ROOT, "%.3f", f.millis(50)),
                            String.format(Locale.ROOT, "%.3f", f.millis(99)), "0", "-", "-",
                            String.format(Locale.ROOT, "%.3f", f.perSecond() / ref), "(psk, 1 client)", "", ""));
                }
                continue;
            }
            Target t = TARGETS.stream().filter(x -> x.scenario().equals(name)).findFirst().orElse(null);
            LoadRun.Result r = results.get(name);
            if (r == null) {
                out.append(String.format(Locale.ROOT, row, name, "-", "-", "-", "-", "-", "-", "-", "",
                        t == null ? "" : t.text(), "SET-UP FAILED"));
                continue;
            }
            String ref = reference(name);
            LoadRun.Result refResult = ref == null ? null : results.get(ref);
            double refRps = refResult == null ? 0 : refResult.requestsPerSecond();
            String ratio = refRps > 0 ? String.format(Locale.ROOT, "%.3f", r.requestsPerSecond() / refRps) : "n/a";
            String verdict = "";
            if (t != null) {
                if (t.needsReference() && refRps <= 0) {
                    verdict = "n/a (no " + ref + ")";
                } else if (r.errorCount() > 0 || (refResult != null && t.needsReference()
                        && refResult.errorCount() > 0)) {
                    verdict = "FAIL (errors)";
                } else {
                    verdict = t.met(r, refRps) ? "PASS" : "FAIL";
                }
            }
            out.append(String.format(Locale.ROOT, row, name,
                    String.format(Locale.ROOT, "%,.0f", r.requestsPerSecond()),
                    String.format(Locale.ROOT, "%.3f", r.percentileMillis(50)),
                    String.format(Locale.ROOT, "%.3f", r.percentileMillis(99)),
                    Long.toString(r.errorCount()), cpu(r.cpu()), cseMicrosPerOp(r), ref == null ? "" : ratio,
                    ref == null ? "" : ref, t == null ? "" : t.text(), verdict));
        }
        LoadRun.Result plain = results.get("retrieve-la");
        tokenSummary(out, plain, results.get("retrieve-token"), results.get("retrieve-token-fresh"));
        hostileSummary(out, results.get("refuse-hostile"));
        LoadRun.Result acp10 = results.get("retrieve-la-acp10");
        if (plain != null && acp10 != null && plain.requestsPerSecond() > 0) {
            out.append(String.format(Locale.ROOT, "%nretrieve-la-acp10 / retrieve-la = %.3f (the same read under a "
                    + "10-rule ACP with time and IP contexts, permitting rule last)%n",
                    acp10.requestsPerSecond() / plain.requestsPerSecond()));
        }
        List<String> details = new ArrayList<>();
        for (LoadRun.Result r : results.values()) {
            if (!r.detail().equals("plain")) {
                details.add(String.format(Locale.ROOT, "  %-19s %s", r.scenario(), r.detail()));
            }
        }
        if (!details.isEmpty()) {
            out.append("\nnegotiated / load shape:\n").append(String.join("\n", details)).append('\n');
        }
        out.append("\nratio = scenario req/s / its reference's req/s, both from this run: the baseline (a bare Netty "
                + "server with a fixed answer, same client and connections), or for the secured transports the plain "
                + "HTTP read retrieve-la of the same resource (coaps: coap). handshake-*: full handshakes per second, "
                + "latency = TCP connect + handshake. cpu b/cse: average busy cores of the bench process and of the "
                + "CSE during the measurement; cse us/op: CSE CPU microseconds per request or handshake (compare these "
                + "when other work shares the machine). A target counts as met only with 0 errors (in the reference too).\n");

        for (LoadRun.Result r : results.values()) {
            if (r.errorCount() == 0 && r.warmupErrors() == 0) {
                continue;
            }
            out.append("\nerrors in ").append(r.scenario()).append(':').append('\n');
            if (r.warmupErrors() > 0) {
                out.append("  during warm-up: ").append(r.warmupErrors()).append('\n');
            }
            r.errors().forEach((kind, n) -> out.append("  ").append(n).append(" x ").append(kind).append('\n'));
            r.errorSamples().forEach((kind, body) -> {
                if (!body.isEmpty()) {
                    out.append("  e.g. ").append(kind).append(": ").append(body).append('\n');
                }
            });
        }
        for (Map.Entry<String, String> f : setupFailures.entrySet()) {
            out.append("\nset-up failed").append(f.getKey().equals("cse") ? "" : " for " + f.getKey()).append(": ")
                    .append(f.getValue()).append('\n');
        }
        System.out.print(out);
        System.out.flush();
    }

    /** The token figures side by side: the ratio of the cached token, and what a first verification adds. */
    private static void tokenSummary(StringBuilder out, LoadRun.Result plain, LoadRun.Result cached,
                                     LoadRun.Result fresh) {
        if (plain == null || plain.requestsPerSecond() <= 0 || (cached == null && fresh == null)) {
            return;
        }
        out.append(String.format(Locale.ROOT, "%nthe read of retrieve-la permitted by a token instead of the ACP "
                + "(same run, same CSE):%n"));
        String row = "  %-21s %,9.0f req/s  ratio %.3f  p50 %.3f ms  p99 %.3f ms  CSE %s us/op%s%n";
        for (LoadRun.Result r : java.util.Arrays.asList(plain, cached, fresh)) {
            if (r == null) {
                continue;
            }
            String extra = "";
            double cseUs = cseMicros(r);
            if (r != plain && !Double.isNaN(cseUs) && !Double.isNaN(cseMicros(plain))) {
                extra = String.format(Locale.ROOT, " (%+.1f us over the ACP)", cseUs - cseMicros(plain));
            }
            out.append(String.format(Locale.ROOT, row, r.scenario(), r.requestsPerSecond(),
                    r.requestsPerSecond() / plain.requestsPerSecond(), r.percentileMillis(50),
                    r.percentileMillis(99), cseMicrosPerOp(r), extra));
        }
        if (cached != null) {
            double ratio = cached.requestsPerSecond() / plain.requestsPerSecond();
            out.append(String.format(Locale.ROOT, "  cached token / plain ACP = %.3f (target >= 0.80: %s)%n", ratio,
                    cached.errorCount() > 0 || plain.errorCount() > 0 ? "FAIL (errors)"
                            : ratio >= 0.80 ? "PASS" : "FAIL"));
        }
        if (fresh != null) {
            out.append("  first token verification, end to end = retrieve-token-fresh's CSE us/op over the plain "
                    + "read's (parse, ES256 signature, claims, caching, a Local-Token-ID; see also ./bastion bench "
                    + "token-decision)\n");
        }
    }

    /** What refusing hostile content costs the CSE: CPU per refused MiB (each body of refuse-hostile is 1 MiB). */
    private static void hostileSummary(StringBuilder out, LoadRun.Result r) {
        if (r == null) {
            return;
        }
        double us = cseMicros(r);
        out.append(String.format(Locale.ROOT, "%nrefuse-hostile: %s ms of CSE CPU per refused MiB, %,.0f MiB refused "
                        + "per second (%s, in turn, each %d bytes, each answered 4000)%n",
                Double.isNaN(us) ? "?" : String.format(Locale.ROOT, "%.2f", us / 1000), r.requestsPerSecond(),
                String.join(", ", HostileBodies.all().stream().map(HostileBodies.Body::name).toList()),
                HostileBodies.SIZE));
    }

    private static double cseMicros(LoadRun.Result r) {
        double cores = r.cpu().cse();
        return Double.isNaN(cores) || r.requestsPerSecond() <= 0 ? Double.NaN : cores / r.requestsPerSecond() * 1e6;
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.3g s", d.toMillis() / 1000.0);
    }

    static String usage() {
        return """
                usage: ./bastion bench [OPTIONS] [SCENARIO|GROUP...]

                Scenarios (none given = all):
                  baseline      GET on a bare Netty HTTP server with a fixed small JSON answer (the reference)
                  retrieve-la   GET <container>/la as Creader, access granted by an ACP (target: ratio >= 0.35)
                  retrieve-la-ws  the read of retrieve-la over WebSocket (TS-0020): one Upgrade per connection on
                                the HTTP port (oneM2M.json), then request/response primitives in a closed
                                loop (Netty client; no target: ratio to retrieve-la of the same run)
                  retrieve-la-acp10  the same read, the container's ACP has 10 rules with time-window and
                                IP contexts and the rule for Creader last (no target: shows the cost of
                                full access control next to retrieve-la)
                  retrieve-la-xml  the same read answered in XML (Accept: application/xml; no target: ratio
                                to retrieve-la, the cost of writing XML)
                  retrieve-la-polled  the read of retrieve-la while 1,000 connections hold long polls on
                                one AE's pollingChannel and a notification goes through it every 20 ms
                                (target: ratio to retrieve-la >= 0.90; prints the polling round trip p50/p99)
                  retrieve-retargeted  the read of an IN's container by an AE of an MN registered with it
                                over TLS-PSK: client -> MN -> IN, two CSE processes of its own (no target:
                                ratio to retrieve-la, the local read)
                  retrieve-pdp  the read of a container on an MN whose ACP denies the reader and names a
                                PDP on the IN it is registered with (adri, TS-0003 7.5): the MN asks the
                                IN's authorizationDecision over TLS-PSK, decisions cached (pdp.cache-ttl-s
                                default); brings retrieve-pdp-cold and retrieve-la (no target: ratios)
                  retrieve-pdp-cold  the same with no decision cache (pdp.cache-ttl-s=0): every read asks
                                the PDP
                  create-cin    POST contentInstances as Cwriter, each connection into its own container
                                with mni=1000, like a fleet of devices (target: ratio >= 0.10)
                  create-cin-hot  the same, all connections into ONE container (no target: creates in
                                one container are serialized to keep cni/cbs exact; reported for insight)
                  create-tsi    POST timeSeriesInstances as Cwriter, each connection into its own timeSeries
                                with mni=1000, a distinct dgt per request (no target: compare with create-cin)
                  discovery     GET /cse-in/writer?fu=1&lbl=group:<random>&lim=1000 over 10,000 labelled
                                contentInstances, 100 matches each (target: p99 < 50 ms)
                  retrieve-tls-psk  the read of retrieve-la over TLS 1.2 PSK, TLS_PSK_WITH_AES_128_CBC_SHA256
                                (Bouncy Castle client, key bound to Creader; target: ratio to retrieve-la >= 0.60)
                  retrieve-tls13-psk  the same over TLS 1.3 with the key as external PSK, TLS_AES_128_GCM_SHA256
                                (target: ratio to retrieve-la >= 0.60)
                  retrieve-https  the same over HTTPS, JDK SSLEngine, P-256 client certificate bound to Creader
                                (target: ratio to retrieve-la >= 0.60)
                  handshake-psk full TLS 1.2 PSK handshakes per second, N clients in a connect/handshake/close loop
                  handshake-ecdsa  the same over HTTPS: ECDSA P-256 server and client certificates, no resumption
                                (both handshake scenarios warm up 3 x --warmup: EC code compiles slowly)
                  handshake-maf  a MAF and a CSE: TLS-PSK handshakes one at a time with a provisioned PSK, a MAF key
                                 the CSE has cached (warm) and MAF keys it retrieves at the handshake (cold); ratios
                                 to the provisioned ones
                  handshake-mef  the same with a MEF (mef run): the bench enrols (KpmID), registers with the MEF
                                 and registers SUID 22 keys for the CSE (MEF-based SAEF), which is an enrolee too
                                 and retrieves them as their target
                  retrieve-la-mqtt  the read of retrieve-la over MQTT (TS-0010): one HiveMQ client as Creader, N
                                outstanding requests at QoS 1 through a mosquitto the bench starts; the broker's
                                CPU is in the detail (ratio to retrieve-la; needs Debian's mosquitto)
                  coap          the read of retrieve-la over CoAP (Californium client, N outstanding CON requests
                                over 4 client endpoints)
                  retrieve-token  the read of retrieve-la on a container whose ACP gives Creader nothing; each
                                request carries the same ES256 token granting RETRIEVE (Authorization header),
                                verified once, then cached (target: ratio to retrieve-la >= 0.80)
                  retrieve-token-fresh  the same, each request with a token the CSE has never seen (pre-minted
                                before the load, --fresh-tokens): the cost of a first verification
                  retrieve-esprim  the read of retrieve-la protected end to end (ESPrim, TS-0003 8.4): an A128GCM
                                JWE in a NOTIFY to the CSEBase with a pairwise key bound to Creader (credentials
                                e2e add), opened, run and answered protected; each answer opened and checked
                                (no target: ratio to retrieve-la)
                  coaps         the same over DTLS 1.2 PSK, TLS_PSK_WITH_AES_128_CCM_8 (ratio to coap when
                                measured in the same run)
                  refuse-hostile  POST 1 MiB hostile bodies without an originator, each refused with 4000: a
                                CBOR tag bomb, deep CBOR and JSON nesting, a million-digit number, half a
                                million values, an XML billion laughs, deep XML nesting, a quarter of a
                                million XML elements (no target: prints the CSE's CPU per refused MiB)
                Groups: transports = retrieve-la retrieve-tls-psk retrieve-tls13-psk retrieve-https (one run, so
                  the ratios are to the plain read of the same CSE); handshakes = handshake-psk handshake-ecdsa handshake-maf
                  handshake-mef;
                  coap-doors = coap coaps; tokens = retrieve-la retrieve-token retrieve-token-fresh;
                  serializations = retrieve-la retrieve-la-xml;
                  doors = retrieve-la retrieve-la-ws.
                A scenario named alone whose target is a ratio adds its reference (baseline, retrieve-la).
                The CSE runs as a subprocess:
                  java -Xmx512m -XX:+UseParallelGC [--server-opt...] -jar SERVER_JAR run --http-port 0
                       --data <temp dir>   (a --server-opt naming another collector replaces ParallelGC)
                  with a transport scenario also --config (the keystore) --psk-port 0 --https-port 0 --coap-port 0
                  --coaps-port 0, after provisioning a fresh PSK, CA, server keystore and client certificate
                  with the server's own "credentials" commands (keys never printed); with a token scenario
                  <data>/credentials/token-issuers.json trusts a fresh ES256 key, its entry from "das export-key".

                Options:
                  --connections N      keep-alive connections, one request in flight each (default 16); also
                                       the handshaking clients and the outstanding CoAP requests
                  --warmup SECONDS     warm-up per scenario, not recorded (default 5)
                  --duration SECONDS   measurement per scenario (default 10)
                  --client-threads N   client event-loop threads (default: CPUs / 4, at least 1)
                  --baseline-threads N event-loop threads of the baseline server (default: the other CPUs,
                                       at least 1)
                  --server-jar PATH    the CSE's runnable jar (default: system property bastion.server.jar,
                                       else bastion-server/target/bastion-server.jar)
                  --server-opt OPT     extra JVM option for the CSE process (repeatable)
                  --startup-timeout S  how long to wait for "listening http=PORT" (default 60)
                  --fresh-tokens N     tokens minted for retrieve-token-fresh (default 60000); the run reports
                                       it when they ran out and some were reused
                  -h, --help           this text

                ./bastion bench decision [JMH OPTIONS] runs the JMH benchmarks of the access decision instead
                (defaults -f 1 -wi 3 -w 1s -i 5 -r 1s; "./bastion bench decision -h" lists JMH's options).
                ./bastion bench token-decision [JMH OPTIONS] runs the JMH benchmark of token decisions (plain ACP,
                cached token, first verification) with the same defaults.
                """;
    }

    /** Returns null for --help. */
    private static Options parse(String[] args) {
        int connections = 16;
        int cpus = Runtime.getRuntime().availableProcessors();
        int clientThreads = 0;
        int baselineThreads = 0;
        Duration warmup = Duration.ofSeconds(5);
        Duration duration = Duration.ofSeconds(10);
        Duration startup = Duration.ofSeconds(60);
        String jarProperty = System.getProperty("bastion.server.jar");
        Path serverJar = Path.of(jarProperty != null && !jarProperty.isBlank()
                ? jarProperty : "bastion-server/target/bastion-server.jar");
        List<String> serverOpts = new ArrayList<>();
        int freshTokens = 60_000;
        Set<String> scenarios = new LinkedHashSet<>();
        Set<String> grouped = new LinkedHashSet<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String value = null;
            if (a.startsWith("--") && a.contains("=")) {
                value = a.substring(a.indexOf('=') + 1);
                a = a.substring(0, a.indexOf('='));
            }
            switch (a) {
                case "-h", "--help", "help" -> {
                    return null;
                }
                case "--connections" -> connections = positive(a, value != null ? value : arg(args, ++i, a));
                case "--client-threads" -> clientThreads = positive(a, value != null ? value : arg(args, ++i, a));
                case "--baseline-threads" -> baselineThreads = positive(a, value != null ? value : arg(args, ++i, a));
                case "--warmup" -> warmup = duration(a, value != null ? value : arg(args, ++i, a), true);
                case "--duration" -> duration = duration(a, value != null ? value : arg(args, ++i, a), false);
                case "--startup-timeout" -> startup = duration(a, value != null ? value : arg(args, ++i, a), false);
                case "--server-jar" -> serverJar = Path.of(value != null ? value : arg(args, ++i, a));
                case "--server-opt" -> serverOpts.add(value != null ? value : arg(args, ++i, a));
                case "--fresh-tokens" -> freshTokens = positive(a, value != null ? value : arg(args, ++i, a));
                default -> {
                    if (a.startsWith("-")) {
                        throw new IllegalArgumentException("unknown option " + a);
                    }
                    if (GROUPS.containsKey(a)) {
                        grouped.addAll(GROUPS.get(a));
                    } else if (SCENARIOS.contains(a)) {
                        scenarios.add(a);
                    } else {
                        throw new IllegalArgumentException("unknown scenario " + a + " (known: "
                                + String.join(", ", SCENARIOS) + "; groups: "
                                + String.join(", ", GROUPS.keySet().stream().sorted().toList()) + ")");
                    }
                }
            }
        }
        // The client gets a quarter of the CPUs (at least one thread), the baseline server the rest: on 2 cores
        // one thread each, so neither has to share a core with the other.
        if (clientThreads == 0) {
            clientThreads = Math.max(1, cpus / 4);
        }
        if (baselineThreads == 0) {
            baselineThreads = Math.max(1, cpus - clientThreads);
        }
        if (scenarios.isEmpty() && grouped.isEmpty()) {
            scenarios.addAll(SCENARIOS);
        }
        // Scenarios named one by one bring the baseline their ratio target needs; a group is measured as it is
        // (its ratios are to its own members). Either brings the references of its transport scenarios.
        boolean needsBaseline = TARGETS.stream().anyMatch(t -> t.needsReference() && scenarios.contains(t.scenario())
                && "baseline".equals(reference(t.scenario()))) || REPORTS_RATIO.stream().anyMatch(scenarios::contains);
        Set<String> chosen = new LinkedHashSet<>(scenarios);
        chosen.addAll(grouped);
        // until nothing more is implied (retrieve-pdp brings retrieve-pdp-cold, which brings retrieve-la)
        for (int before = -1; before != chosen.size(); ) {
            before = chosen.size();
            for (String s : List.copyOf(chosen)) {
                if (IMPLIES.containsKey(s)) {
                    chosen.add(IMPLIES.get(s));
                }
            }
        }
        List<String> ordered = SCENARIOS.stream()
                .filter(s -> chosen.contains(s) || (s.equals("baseline") && needsBaseline))
                .toList();
        return new Options(connections, clientThreads, baselineThreads, warmup, duration, serverJar,
                List.copyOf(serverOpts), startup, ordered, freshTokens);
    }

    private static String arg(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static int positive(String option, String value) {
        try {
            int n = Integer.parseInt(value);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // Reported below.
        }
        throw new IllegalArgumentException(option + " needs a positive whole number, not " + value);
    }

    private static Duration duration(String option, String value, boolean zeroAllowed) {
        try {
            double s = Double.parseDouble(value);
            if (s > 0 || (zeroAllowed && s == 0)) {
                return Duration.ofMillis(Math.round(s * 1000));
            }
        } catch (NumberFormatException ignored) {
            // Reported below.
        }
        throw new IllegalArgumentException(option + " needs a number of seconds, not " + value);
    }
}
