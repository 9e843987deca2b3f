package io.bastion.bench.jmh;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;

/**
 * {@code ./bastion bench token-decision [JMH OPTIONS]}: runs {@link TokenAccessBenchmark} with the defaults of
 * {@link DecisionBench}, then prints the time per operation of each case, the cached token's throughput as a share of
 * the plain ACP's (at the decision level; the 0.8 target is the HTTP read's, {@code ./bastion bench tokens}), and the
 * cost of a first verification.
 */
public final class TokenDecisionBench {
    /** The default selection: every benchmark of {@link TokenAccessBenchmark}. */
    static final String DEFAULT_INCLUDE = TokenAccessBenchmark.class.getName().replace(".", "\\.") + "\\.";

    private TokenDecisionBench() {
    }

    public static void main(String[] args) throws Exception {
        Collection<RunResult> results = DecisionBench.runJmh(args, DEFAULT_INCLUDE, "token-decision");
        if (results != null) {
            System.out.print(summary(results));
        }
    }

    /** Nanoseconds per operation by benchmark method; empty text when none of the known cases ran. */
    static String summary(Collection<RunResult> results) {
        Map<String, Double> nanos = new LinkedHashMap<>();
        for (RunResult r : results) {
            nanos.put(DecisionBench.method(r.getParams()), nanosPerOp(r));
        }
        if (nanos.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder("\nToken decisions (JMH score as time per operation):\n");
        nanos.forEach((method, ns) -> out.append(String.format(Locale.ROOT, "  %-18s %12s ns/op%n", method,
                Double.isNaN(ns) ? "-" : String.format(Locale.ROOT, "%,.0f", ns))));
        Double plain = nanos.get("plainAcp");
        Double cached = nanos.get("cachedToken");
        Double first = nanos.get("firstVerification");
        if (plain != null && cached != null && !plain.isNaN() && !cached.isNaN()) {
            out.append(String.format(Locale.ROOT, "  cached token / plain ACP throughput = %.3f (decision only; "
                    + "the 0.8 target is for the HTTP read: ./bastion bench tokens)%n", plain / cached));
        }
        if (first != null && !first.isNaN()) {
            out.append(String.format(Locale.ROOT, "  first verification (parse, ES256 signature, claims, holder, "
                    + "audience, validity; no cache) = %.1f us%n", first / 1e3));
        }
        return out.toString();
    }

    /** The score as nanoseconds per operation, whether JMH measured throughput or time; NaN for other units. */
    private static double nanosPerOp(RunResult r) {
        String unit = r.getPrimaryResult().getScoreUnit();
        double score = r.getPrimaryResult().getScore();
        return switch (unit) {
            case "ops/ns" -> 1 / score;
            case "ops/us" -> 1e3 / score;
            case "ops/ms" -> 1e6 / score;
            case "ops/s" -> 1e9 / score;
            default -> DecisionBench.nanos(r);
        };
    }
}
