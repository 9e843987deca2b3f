package io.bastion.bench.jmh;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * {@code ./bastion bench decision [JMH OPTIONS]}: runs {@link AccessDecisionBenchmark} with JMH, with defaults that
 * suit a 2-core machine ({@code -f 1 -wi 3 -w 1s -i 5 -r 1s}); any JMH option given replaces its default, and a
 * benchmark regex replaces the default selection. After JMH's own table it prints the medians next to the targets
 * of the access-control issue and the cost per evaluated rule.
 */
public final class DecisionBench {
    /** The default selection: every benchmark of {@link AccessDecisionBenchmark}. */
    static final String DEFAULT_INCLUDE = AccessDecisionBenchmark.class.getName().replace(".", "\\.") + "\\.";

    /** Targets for the median of one decision, by shape; beyond them "linear or better" (see ns per rule). */
    private static final Map<String, Double> TARGET_NANOS = Map.of("1x5", 1_000.0, "10x10", 5_000.0);

    private DecisionBench() {
    }

    public static void main(String[] args) throws Exception {
        Collection<RunResult> results = runJmh(args, DEFAULT_INCLUDE, "decision");
        if (results != null) {
            System.out.print(summary(results));
        }
    }

    /**
     * Runs JMH for {@code ./bastion bench COMMAND [JMH OPTIONS]} with this class's defaults and {@code defaultInclude}
     * as the selection when none is given; null when JMH only printed help or a list (a failure exits the JVM).
     */
    static Collection<RunResult> runJmh(String[] args, String defaultInclude, String command) throws Exception {
        CommandLineOptions cmd;
        try {
            cmd = new CommandLineOptions(args);
        } catch (CommandLineOptionException e) {
            System.err.println("bench " + command + ": " + e.getMessage());
            System.err.println("usage: ./bastion bench " + command + " [JMH OPTIONS]   (./bastion bench " + command
                    + " -h lists them)");
            System.exit(2);
            return null;
        }
        if (cmd.shouldHelp() || cmd.shouldList() || cmd.shouldListWithParams() || cmd.shouldListProfilers()
                || cmd.shouldListResultFormats()) {
            org.openjdk.jmh.Main.main(args);
            return null;
        }
        OptionsBuilder options = new OptionsBuilder();
        options.parent(cmd);
        if (cmd.getIncludes().isEmpty()) {
            options.include(defaultInclude);
        }
        if (!cmd.getForkCount().hasValue()) {
            options.forks(1);
        }
        if (!cmd.getWarmupIterations().hasValue()) {
            options.warmupIterations(3);
        }
        if (!cmd.getWarmupTime().hasValue()) {
            options.warmupTime(TimeValue.seconds(1));
        }
        if (!cmd.getMeasurementIterations().hasValue()) {
            options.measurementIterations(5);
        }
        if (!cmd.getMeasurementTime().hasValue()) {
            options.measurementTime(TimeValue.seconds(1));
        }
        try {
            return new Runner(options.build()).run();
        } catch (RunnerException e) {
            System.err.println("bench " + command + ": " + e.getMessage());
            System.exit(1);
            return null;
        }
    }

    /** The medians per case with targets, ns per rule, and the parsing cost; empty when nothing was measured. */
    static String summary(Collection<RunResult> results) {
        List<RunResult> decisions = new ArrayList<>();
        List<RunResult> parsing = new ArrayList<>();
        for (RunResult r : results) {
            String method = method(r.getParams());
            if (method.equals("permitByLastRule") || method.equals("denyAll")) {
                decisions.add(r);
            } else if (method.startsWith("parse") || method.startsWith("readAndParse")) {
                parsing.add(r);
            }
        }
        StringBuilder out = new StringBuilder();
        if (decisions.isEmpty() && parsing.isEmpty()) {
            return "";
        }
        out.append("\nAccess decision, policies already parsed (").append(valueLabel(results)).append("):\n");
        String row = "%-17s %-7s %-8s %12s %12s   %-10s %s%n";
        out.append(String.format(Locale.ROOT, row, "benchmark", "shape", "contexts", "median ns", "ns per rule",
                "target", "result"));
        decisions.sort(Comparator.comparing((RunResult r) -> method(r.getParams()))
                .reversed()
                .thenComparing(r -> rules(r.getParams().getParam("shape")))
                .thenComparing(r -> r.getParams().getParam("contexts")));
        for (RunResult r : decisions) {
            BenchmarkParams p = r.getParams();
            String shape = p.getParam("shape");
            double ns = nanos(r);
            Double target = TARGET_NANOS.get(shape);
            String verdict = Double.isNaN(ns) || target == null ? "" : ns < target ? "PASS" : "FAIL";
            out.append(String.format(Locale.ROOT, row, method(p), shape, p.getParam("contexts"), format(ns),
                    Double.isNaN(ns) ? "-" : String.format(Locale.ROOT, "%.1f", ns / rules(shape)),
                    target == null ? "linear" : String.format(Locale.ROOT, "< %,.0f ns", target), verdict));
        }
        if (!parsing.isEmpty()) {
            out.append("\nParsing one 10-rule policy with contexts (what every decision would add without the cache):\n");
            for (RunResult r : parsing) {
                out.append(String.format(Locale.ROOT, "%-27s %12s ns%n", method(r.getParams()), format(nanos(r))));
            }
        }
        out.append("""

                ns per rule = median / rules evaluated (every rule of every policy in these cases); "linear or better"
                means that figure does not grow from 10x10 to 1x1000. The deny records which rule failed on what; the
                readable per-rule trail is only written when explain() is read, as for a 4103 with debug logging. JMH's own table above has the other percentiles (p0.99 ...) and the error margins.
                """);
        return out.toString();
    }

    static String method(BenchmarkParams p) {
        String b = p.getBenchmark();
        return b.substring(b.lastIndexOf('.') + 1);
    }

    private static int rules(String shape) {
        if (shape == null) {
            return 1;
        }
        String[] nm = shape.split("x");
        return Integer.parseInt(nm[0]) * Integer.parseInt(nm[1]);
    }

    /** The median for sample time, else the score; in nanoseconds, NaN when the unit is not a time per op. */
    static double nanos(RunResult r) {
        Result<?> primary = r.getPrimaryResult();
        double value = r.getParams().getMode() == Mode.SampleTime
                ? primary.getStatistics().getPercentile(50.0) : primary.getScore();
        double scale = switch (primary.getScoreUnit()) {
            case "ns/op" -> 1;
            case "us/op" -> 1e3;
            case "ms/op" -> 1e6;
            case "s/op" -> 1e9;
            default -> Double.NaN;
        };
        return value * scale;
    }

    private static String valueLabel(Collection<RunResult> results) {
        boolean sample = results.stream().allMatch(r -> r.getParams().getMode() == Mode.SampleTime);
        return sample ? "median of the sampled decisions" : "JMH score, not a median: use -bm sample for medians";
    }

    private static String format(double ns) {
        return Double.isNaN(ns) ? "-" : String.format(Locale.ROOT, "%,.0f", ns);
    }
}
