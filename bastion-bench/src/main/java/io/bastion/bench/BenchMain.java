package io.bastion.bench;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.ResourceLeakDetector;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code ./bastion bench [OPTIONS] [SCENARIO...]}: a closed-loop HTTP load generator that measures a bare Netty
 * server (the baseline) and the CSE (as a subprocess) with the same client, and prints requests per second,
 * latency percentiles and the ratio of each CSE scenario to the baseline, next to the project's targets.
 *
 * <p>{@code ./bastion bench decision [JMH OPTIONS]} runs the JMH benchmarks of the access decision instead (see
 * {@link io.bastion.bench.jmh.DecisionBench}).
 *
 * <p>Exit code: 0 when every selected scenario ran (the figures are a report, not a verdict), 1 when a scenario
 * could not be set up (the CSE did not start, or answered a set-up request unexpectedly), 2 on bad usage.
 */
public final class BenchMain {

    static final List<String> SCENARIOS = List.of("baseline", "retrieve-la", "retrieve-la-acp10", "create-cin",
            "create-cin-hot", "discovery");

    /** Scenarios without a target whose ratio to the baseline is still the point: they add baseline too. */
    private static final Set<String> REPORTS_RATIO = Set.of("retrieve-la-acp10");

    /** The targets from the performance issue: a ratio to the baseline, or a p99 bound. */
    private record Target(String scenario, String text, double minRatio, double maxP99Millis) {
        boolean met(LoadRun.Result r, double baselineRps) {
            if (!Double.isNaN(minRatio)) {
                return baselineRps > 0 && r.requestsPerSecond() / baselineRps >= minRatio;
            }
            return r.percentileMillis(99) < maxP99Millis;
        }

        boolean needsBaseline() {
            return !Double.isNaN(minRatio);
        }
    }

    private static final List<Target> TARGETS = List.of(
            new Target("retrieve-la", "ratio >= 0.35", 0.35, Double.NaN),
            new Target("create-cin", "ratio >= 0.10", 0.10, Double.NaN),
            new Target("discovery", "p99 < 50 ms", Double.NaN, 50));

    private record Options(int connections, int clientThreads, int baselineThreads, Duration warmup,
                           Duration duration, Path serverJar, List<String> serverJvmOptions, Duration startupTimeout,
                           List<String> scenarios) {
    }

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("decision")) {
            io.bastion.bench.jmh.DecisionBench.main(Arrays.copyOfRange(args, 1, args.length));
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
            List<String> cseScenarios = o.scenarios().stream().filter(s -> !s.equals("baseline")).toList();
            if (!cseScenarios.isEmpty()) {
                runCse(client, o, cseScenarios);
            }
        }
        report(o);
        return setupFailures.isEmpty() ? 0 : 1;
    }

    private void runBaseline(HttpClient client, Options o) throws InterruptedException {
        System.out.printf("==> baseline: bare Netty HTTP server, %d thread(s)%n", o.baselineThreads());
        try (BaselineServer server = BaselineServer.start(o.baselineThreads())) {
            String authority = "127.0.0.1:" + server.port();
            LoadRun.Result r = LoadRun.run("baseline", client, "127.0.0.1", server.port(), o.connections(),
                    o.warmup(), o.duration(),
                    (conn, seq) -> M2m.retrieve(authority, "/cse-in/writer/cnt/la", CseScenarios.READER,
                            "base-" + conn + "-" + seq),
                    response -> response.status().equals(HttpResponseStatus.OK)
                            ? null : "HTTP " + response.status().code());
            record(r);
        }
    }

    private void runCse(HttpClient client, Options o, List<String> scenarios) throws InterruptedException {
        System.out.println("==> starting the CSE: " + o.serverJar());
        CseProcess cse;
        try {
            cse = CseProcess.start(o.serverJar(), o.serverJvmOptions(), o.startupTimeout());
        } catch (SetupException e) {
            for (String s : scenarios) {
                setupFailures.put(s, "the CSE did not start");
            }
            setupFailures.put("cse", e.getMessage());
            return;
        }
        try (cse) {
            System.out.println("    CSE listening on http port " + cse.port());
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
                for (String name : scenarios) {
                    if (!cse.isAlive()) {
                        setupFailures.put(name, "the CSE is no longer running; its stderr (last lines):\n"
                                + cse.stderrTail(40));
                        continue;
                    }
                    System.out.println("==> " + name + ": set-up");
                    CseScenarios.Prepared p;
                    try {
                        p = switch (name) {
                            case "retrieve-la" -> cs.retrieveLa();
                            case "retrieve-la-acp10" -> cs.retrieveLaAcp10();
                            case "create-cin" -> cs.createCin(o.connections());
                            case "create-cin-hot" -> cs.createCinHot();
                            case "discovery" -> cs.discovery();
                            default -> throw new IllegalStateException(name);
                        };
                    } catch (RuntimeException e) {
                        failed(name, e instanceof SetupException ? e.getMessage() : e.toString());
                        continue;
                    }
                    System.out.println("    measuring");
                    try {
                        record(LoadRun.run(name, client, "127.0.0.1", cse.port(), o.connections(), o.warmup(),
                                o.duration(), p.source(), p.check()));
                    } catch (RuntimeException e) {
                        // e.g. a refused connection: the CSE went away.
                        failed(name, "the load run could not start: " + e);
                    }
                }
            }
        }
    }

    private void failed(String scenario, String why) {
        setupFailures.put(scenario, why);
        System.out.println("    SET-UP FAILED: " + why);
    }

    private void record(LoadRun.Result r) {
        results.put(r.scenario(), r);
        System.out.printf(Locale.ROOT, "    %s: %,.0f req/s, p50 %.3f ms, p99 %.3f ms, %d errors%n",
                r.scenario(), r.requestsPerSecond(), r.percentileMillis(50), r.percentileMillis(99), r.errorCount());
    }

    private void report(Options o) {
        LoadRun.Result baseline = results.get("baseline");
        double baselineRps = baseline == null ? 0 : baseline.requestsPerSecond();
        StringBuilder out = new StringBuilder("\n");
        String head = "%-17s %11s %9s %9s %8s %7s   %-15s %s%n";
        String row = "%-17s %11s %9s %9s %8s %7s   %-15s %s%n";
        out.append(String.format(Locale.ROOT, head,
                "scenario", "req/s", "p50 ms", "p99 ms", "errors", "ratio", "target", "result"));
        for (String name : o.scenarios()) {
            Target t = TARGETS.stream().filter(x -> x.scenario().equals(name)).findFirst().orElse(null);
            LoadRun.Result r = results.get(name);
            if (r == null) {
                out.append(String.format(Locale.ROOT, row, name, "-", "-", "-", "-", "-",
                        t == null ? "" : t.text(), "SET-UP FAILED"));
                continue;
            }
            String ratio = baselineRps > 0 ? String.format(Locale.ROOT, "%.3f", r.requestsPerSecond() / baselineRps) : "n/a";
            String verdict = "";
            if (t != null) {
                if (t.needsBaseline() && baselineRps <= 0) {
                    verdict = "n/a (no baseline)";
                } else if (r.errorCount() > 0) {
                    verdict = "FAIL (errors)";
                } else {
                    verdict = t.met(r, baselineRps) ? "PASS" : "FAIL";
                }
            }
            out.append(String.format(Locale.ROOT, row, name,
                    String.format(Locale.ROOT, "%,.0f", r.requestsPerSecond()),
                    String.format(Locale.ROOT, "%.3f", r.percentileMillis(50)),
                    String.format(Locale.ROOT, "%.3f", r.percentileMillis(99)),
                    Long.toString(r.errorCount()), ratio, t == null ? "" : t.text(), verdict));
        }
        LoadRun.Result plain = results.get("retrieve-la");
        LoadRun.Result acp10 = results.get("retrieve-la-acp10");
        if (plain != null && acp10 != null && plain.requestsPerSecond() > 0) {
            out.append(String.format(Locale.ROOT, "%nretrieve-la-acp10 / retrieve-la = %.3f (the same read under a "
                    + "10-rule ACP with time and IP contexts, permitting rule last)%n",
                    acp10.requestsPerSecond() / plain.requestsPerSecond()));
        }
        out.append("\nratio = scenario req/s / baseline req/s (same client, same connections; the baseline is a bare "
                + "Netty server with a fixed answer). A target counts as met only with 0 errors.\n");

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

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.3g s", d.toMillis() / 1000.0);
    }

    static String usage() {
        return """
                usage: ./bastion bench [OPTIONS] [SCENARIO...]

                Scenarios (none given = all):
                  baseline      GET on a bare Netty HTTP server with a fixed small JSON answer (the reference)
                  retrieve-la   GET <container>/la as Creader, access granted by an ACP (target: ratio >= 0.35)
                  retrieve-la-acp10  the same read, the container's ACP has 10 rules with time-window and
                                IP contexts and the rule for Creader last (no target: shows the cost of
                                full access control next to retrieve-la)
                  create-cin    POST contentInstances as Cwriter, each connection into its own container
                                with mni=1000, like a fleet of devices (target: ratio >= 0.10)
                  create-cin-hot  the same, all connections into ONE container (no target: creates in
                                one container are serialized to keep cni/cbs exact; reported for insight)
                  discovery     GET /cse-in/writer?fu=1&lbl=group:<random>&lim=1000 over 10,000 labelled
                                contentInstances, 100 matches each (target: p99 < 50 ms)
                A ratio scenario without baseline adds baseline. The CSE runs as a subprocess:
                  java -Xmx512m -XX:+UseParallelGC [--server-opt...] -jar SERVER_JAR run --http-port 0
                       --data <temp dir>   (a --server-opt naming another collector replaces ParallelGC)

                Options:
                  --connections N      keep-alive connections, one request in flight each (default 16)
                  --warmup SECONDS     warm-up per scenario, not recorded (default 5)
                  --duration SECONDS   measurement per scenario (default 10)
                  --client-threads N   client event-loop threads (default: CPUs / 4, at least 1)
                  --baseline-threads N event-loop threads of the baseline server (default: the other CPUs,
                                       at least 1)
                  --server-jar PATH    the CSE's runnable jar (default: system property bastion.server.jar,
                                       else bastion-server/target/bastion-server.jar)
                  --server-opt OPT     extra JVM option for the CSE process (repeatable)
                  --startup-timeout S  how long to wait for "listening http=PORT" (default 60)
                  -h, --help           this text

                ./bastion bench decision [JMH OPTIONS] runs the JMH benchmarks of the access decision instead
                (defaults -f 1 -wi 3 -w 1s -i 5 -r 1s; "./bastion bench decision -h" lists JMH's options).
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
        Set<String> scenarios = new LinkedHashSet<>();
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
                default -> {
                    if (a.startsWith("-")) {
                        throw new IllegalArgumentException("unknown option " + a);
                    }
                    if (!SCENARIOS.contains(a)) {
                        throw new IllegalArgumentException("unknown scenario " + a + " (known: "
                                + String.join(", ", SCENARIOS) + ")");
                    }
                    scenarios.add(a);
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
        if (scenarios.isEmpty()) {
            scenarios.addAll(SCENARIOS);
        }
        boolean needsBaseline = TARGETS.stream().anyMatch(t -> t.needsBaseline() && scenarios.contains(t.scenario()))
                || REPORTS_RATIO.stream().anyMatch(scenarios::contains);
        List<String> ordered = SCENARIOS.stream()
                .filter(s -> scenarios.contains(s) || (s.equals("baseline") && needsBaseline))
                .toList();
        return new Options(connections, clientThreads, baselineThreads, warmup, duration, serverJar,
                List.copyOf(serverOpts), startup, ordered);
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
