package io.bastion.bench.jmh;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bastion.core.primitive.Operation;
import io.bastion.security.acp.AccessControlPolicy;
import io.bastion.security.acp.AccessDecision;
import io.bastion.security.acp.AccessDecisionEngine;
import io.bastion.security.acp.AcpParser;
import io.bastion.security.acp.GroupMembers;
import io.bastion.security.acp.LocalIdentity;
import io.bastion.security.acp.PrivilegeSet;
import io.bastion.security.acp.RequestFacts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The cost of one access decision (TS-0003 7.1.5, {@link AccessDecisionEngine#decide}) with the policies already
 * parsed, as the CSE has them from its {@code AcpCache}: no JSON is touched per decision. Run with
 * {@code ./bastion bench decision}, which also prints the medians next to the targets (see {@link DecisionBench}).
 *
 * <p>Policies are built from the JSON a client would send and parsed once by {@link AcpParser}. Every rule allows
 * RETRIEVE among other operations and names two or three originators: AE-IDs in CSE-relative ({@code Cxxxxxxxx}) or
 * SP-relative ({@code /id-in/Cxxxxxxxx}) form, and on every fourth rule a wildcard ({@code C12*}). With
 * {@code contexts=time+ip} every rule also carries {@code acco} with a business-hours window
 * {@code * * 8-18 * * 1-5 *} and {@code acip} blocks that include the source address. The request (a RETRIEVE on a
 * Wednesday at 10:15:30 UTC from 10.20.30.40) satisfies every rule's operation and contexts, so each rule is
 * evaluated in full and fails only on its originators; that is the worst case for permit-overrides:
 * <ul>
 *   <li>{@link #permitByLastRule}: only the very last rule (of the last policy) names the originator;</li>
 *   <li>{@link #denyAll}: no rule names it, so every rule fails, literal {@code acor} entries are tried as group
 *       IDs (through {@link GroupMembers#NONE}: no store behind it, which keeps the figure to the engine's own cost)
 *       and the failure of every rule is recorded (the readable trail is built when read).</li>
 * </ul>
 * Shapes ({@code shape}): {@code 1x5} (1 ACP with 5 rules), {@code 10x10} (10 ACPs with 10 rules each, all linked
 * by the target), {@code 1x1000}. Targets (median): 1x5 under 1 µs, 10x10 under 5 µs, beyond that linear or better.
 *
 * <p>{@link #parsePolicy10Rules} and {@link #readAndParsePolicy10Rules} show what one decision would cost extra if
 * policies were parsed per request instead of cached.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class AccessDecisionBenchmark {

    static final LocalIdentity LOCAL = new LocalIdentity("//bastion.example", "/id-in");
    /** The originator that only the last rule names. */
    static final String PERMITTED = "Cd3a7f912";
    /** An originator that no rule names. */
    static final String STRANGER = "Cee01beef";
    /** Wildcards on every fourth rule; none of them covers PERMITTED or STRANGER. */
    private static final String[] WILDCARDS = {"C12*", "C3a*", "C7f*", "C0b*", "Csensor*", "C98*"};
    /** Operation masks that all include RETRIEVE (2), so no rule is skipped on its operations. */
    private static final int[] ACOPS = {2, 3, 34, 63, 6, 35};
    /** A working-hours window, Monday to Friday 08:00-18:59 UTC. */
    static final String WINDOW = "* * 8-18 * * 1-5 *";
    /** Wednesday 2025-06-11 10:15:30 UTC: inside {@link #WINDOW}. */
    static final Instant REQUEST_TIME = Instant.parse("2025-06-11T10:15:30Z");
    static final String SOURCE_IP = "10.20.30.40";

    /** The parsed policies of one case and the two requests. */
    @State(Scope.Benchmark)
    public static class Policies {
        /** {@code <number of ACPs>x<rules per ACP>}. */
        @Param({"1x5", "10x10", "1x1000"})
        public String shape;

        /** {@code none}: rules without acco; {@code time+ip}: actw and acip on every rule. */
        @Param({"none", "time+ip"})
        public String contexts;

        AccessDecisionEngine engine;
        List<AccessControlPolicy> policies;
        RequestFacts permitted;
        RequestFacts stranger;

        @Setup(Level.Trial)
        public void setUp() {
            String[] nm = shape.split("x");
            int acps = Integer.parseInt(nm[0]);
            int rules = Integer.parseInt(nm[1]);
            boolean withContexts = switch (contexts) {
                case "none" -> false;
                case "time+ip" -> true;
                default -> throw new IllegalArgumentException("contexts must be none or time+ip, not " + contexts);
            };
            engine = new AccessDecisionEngine(LOCAL, GroupMembers.NONE);
            policies = buildPolicies(acps, rules, withContexts, new SplittableRandom(42));
            permitted = facts(PERMITTED);
            stranger = facts(STRANGER);
            verify(acps, rules);
        }

        /**
         * A benchmark of the wrong outcome would measure nothing useful: check both once before measuring, including
         * that every rule failed on its originators alone (so operations and contexts passed and were evaluated).
         */
        private void verify(int acps, int rules) {
            AccessDecision p = engine.decide(permitted, policies, PrivilegeSet.PV);
            String lastAcp = "acp" + (acps - 1);
            if (!(p instanceof AccessDecision.Permit(AccessDecision.RuleGround g)
                    && g.acpRi().equals(lastAcp) && g.ruleIndex() == rules - 1)) {
                throw new IllegalStateException("expected a permit by " + lastAcp + " pv.acr[" + (rules - 1)
                        + "], got: " + p.summary());
            }
            AccessDecision d = engine.decide(stranger, policies, PrivilegeSet.PV);
            if (!(d instanceof AccessDecision.Deny deny) || deny.failures().size() != acps * rules) {
                throw new IllegalStateException("expected a deny by all " + acps * rules + " rules, got: "
                        + d.summary());
            }
            for (AccessDecision.RuleFailure f : deny.failures()) {
                if (f.reasons().size() != 1 || !f.reasons().get(0).contains("not in acor")) {
                    throw new IllegalStateException("expected a rule failing on acor only: " + f.describe());
                }
            }
        }
    }

    /** A 10-rule policy with contexts, as JSON text and as a tree, for the parsing benchmarks. */
    @State(Scope.Benchmark)
    public static class PolicyJson {
        final ObjectMapper mapper = new ObjectMapper();
        final AcpParser parser = new AcpParser(LOCAL);
        String pvText;
        String pvsText;
        JsonNode pv;
        JsonNode pvs;

        @Setup(Level.Trial)
        public void setUp() {
            pv = setOfAcrs(10, true, new SplittableRandom(7), true);
            pvs = selfPrivileges();
            try {
                pvText = mapper.writeValueAsString(pv);
                pvsText = mapper.writeValueAsString(pvs);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Benchmark
    public AccessDecision permitByLastRule(Policies s) {
        return s.engine.decide(s.permitted, s.policies, PrivilegeSet.PV);
    }

    @Benchmark
    public AccessDecision denyAll(Policies s) {
        return s.engine.decide(s.stranger, s.policies, PrivilegeSet.PV);
    }

    /** Parsing one 10-rule policy (with contexts) from a JSON tree, as the store hands it over. */
    @Benchmark
    public AccessControlPolicy parsePolicy10Rules(PolicyJson s) {
        return s.parser.parsePolicy("acp0", s.pv, s.pvs);
    }

    /** The same from JSON text: reading the trees, then parsing the policy. */
    @Benchmark
    public AccessControlPolicy readAndParsePolicy10Rules(PolicyJson s) throws IOException {
        return s.parser.parsePolicy("acp0", s.mapper.readTree(s.pvText), s.mapper.readTree(s.pvsText));
    }

    static RequestFacts facts(String originator) {
        try {
            return RequestFacts.builder(originator, Operation.RETRIEVE)
                    .authenticated(true)
                    .remoteIp(InetAddress.getByName(SOURCE_IP)) // a literal: no name lookup
                    .at(REQUEST_TIME)
                    .build();
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code acps} policies of {@code rules} rules; the last rule of the last policy names {@link #PERMITTED}. */
    static List<AccessControlPolicy> buildPolicies(int acps, int rules, boolean withContexts, SplittableRandom random) {
        AcpParser parser = new AcpParser(LOCAL);
        List<AccessControlPolicy> out = new ArrayList<>(acps);
        for (int p = 0; p < acps; p++) {
            out.add(parser.parsePolicy("acp" + p, setOfAcrs(rules, withContexts, random, p == acps - 1),
                    selfPrivileges()));
        }
        return List.copyOf(out);
    }

    /** An {@code m2m:setOfAcrs} of {@code rules} rules; with {@code permitLast}, the last one names PERMITTED. */
    static ObjectNode setOfAcrs(int rules, boolean withContexts, SplittableRandom random, boolean permitLast) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode set = f.objectNode();
        ArrayNode acr = set.putArray("acr");
        for (int k = 0; k < rules; k++) {
            ObjectNode rule = acr.addObject();
            ArrayNode acor = rule.putArray("acor");
            boolean last = k == rules - 1;
            if (last && permitLast) {
                acor.add(aeId(random, false));
                acor.add(PERMITTED);
            } else {
                int n = 2 + random.nextInt(2);
                for (int i = 0; i < n; i++) {
                    acor.add(aeId(random, i == 1));
                }
                if (k % 4 == 3) {
                    acor.add(WILDCARDS[(k / 4) % WILDCARDS.length]);
                }
            }
            rule.put("acop", last ? 2 : ACOPS[k % ACOPS.length]);
            if (withContexts) {
                ObjectNode context = rule.putArray("acco").addObject();
                context.putArray("actw").add(WINDOW);
                ArrayNode ipv4 = context.putObject("acip").putArray("ipv4");
                // Some rules list a few other blocks first, as sites with several networks do.
                if (k % 3 == 1) {
                    ipv4.add("192.168.0.0/16").add("172.16.0.0/12");
                }
                ipv4.add("10.0.0.0/8");
            }
        }
        return set;
    }

    /** {@code pvs}: only an administrator AE may change the policy. */
    static ObjectNode selfPrivileges() {
        ObjectNode set = JsonNodeFactory.instance.objectNode();
        ObjectNode rule = set.putArray("acr").addObject();
        rule.putArray("acor").add("Cadmin");
        rule.put("acop", 63);
        return set;
    }

    /**
     * A random AE-ID {@code C} + 8 hex digits, optionally SP-relative; the first digit is never {@code 0}, {@code 1},
     * {@code 3}, {@code 7}, {@code 9}, {@code d}, {@code e} or {@code s}, so no ID equals PERMITTED or STRANGER and
     * none falls under a wildcard (which would make a rule permit or change the path measured).
     */
    private static String aeId(SplittableRandom random, boolean spRelative) {
        String first = "2456abcf";
        String id = String.format(Locale.ROOT, "C%c%07x", first.charAt(random.nextInt(first.length())),
                random.nextInt(1 << 28));
        return spRelative ? LOCAL.cseId() + "/" + id : id;
    }
}
