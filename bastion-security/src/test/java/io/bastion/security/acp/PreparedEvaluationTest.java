package io.bastion.security.acp;

import static io.bastion.security.acp.TestPolicies.LOCAL;
import static io.bastion.security.acp.TestPolicies.facts;
import static io.bastion.security.acp.TestPolicies.policy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bastion.core.primitive.Operation;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What the engine prepares ahead to decide fast (bit words of schedule fields, int masks of address blocks, the
 * rule and acor lists with their columns, shared contexts, the deny trail written on demand) says exactly what the
 * plain definitions say.
 */
class PreparedEvaluationTest {
    private final AccessDecisionEngine engine = new AccessDecisionEngine(LOCAL, GroupMembers.NONE);

    // --- schedule fields set by ranges, a word at a time ---

    @ParameterizedTest(name = "{0} in field {1}: {2}-{3}/{4}")
    @CsvSource({
        "2000-2063, YEAR, 2000, 2063, 1", "2063-2064, YEAR, 2063, 2064, 1", "2000-9999/64, YEAR, 2000, 9999, 64",
        "2010-2200, YEAR, 2010, 2200, 1", "9999, YEAR, 9999, 9999, 1", "*/1000, YEAR, 2000, 9999, 1000",
        "0-59, SECOND, 0, 59, 1", "59, SECOND, 59, 59, 1", "*/7, MINUTE, 0, 59, 7", "1-31, DAY_OF_MONTH, 1, 31, 1",
        "12, MONTH, 12, 12, 1", "0-6/3, DAY_OF_WEEK, 0, 6, 3"})
    void aRangeSelectsExactlyItsValues(String field, ScheduleEntry.Field which, int from, int to, int step) {
        String[] parts = {"*", "*", "*", "*", "*", "*", "*"};
        parts[which.ordinal()] = field;
        ScheduleEntry e = ScheduleEntry.parse(String.join(" ", parts));
        for (int v = which.min - 1; v <= which.max + 1; v++) {
            boolean expected = v >= from && v <= to && (v - from) % step == 0;
            assertThat(e.allows(which, v)).as("%s allows %d", field, v).isEqualTo(expected);
        }
    }

    @Test
    void aRestrictedYearStillDecides() {
        ScheduleEntry e = ScheduleEntry.parse("* * * * * * 2026,2100-2163");
        assertThat(e.matches(Instant.parse("2026-06-01T00:00:00Z"))).isTrue();
        assertThat(e.matches(Instant.parse("2027-06-01T00:00:00Z"))).isFalse();
        assertThat(e.matches(Instant.parse("2163-06-01T00:00:00Z"))).isTrue();
        assertThat(e.matches(Instant.parse("2164-06-01T00:00:00Z"))).isFalse();
    }

    // --- IPv4 sources against int masks ---

    @Test
    void theIntTestOfABlockAgreesWithTheByteTest() throws UnknownHostException {
        SplittableRandom random = new SplittableRandom(3);
        List<CidrBlock> blocks = new ArrayList<>();
        for (int prefix = 0; prefix <= 32; prefix++) {
            blocks.add(CidrBlock.parseIpv4("10.20.30.40/" + prefix));
            blocks.add(CidrBlock.parseIpv6("::ffff:10.20.30.40/" + (96 + prefix)));
        }
        blocks.add(CidrBlock.parseIpv6("::/0"));
        blocks.add(CidrBlock.parseIpv6("::ffff:0:0/95"));
        for (int i = 0; i < 2_000; i++) {
            // Near the blocks' network most of the time, so that every prefix length both admits and refuses.
            int address = i % 2 == 0 ? (10 << 24 | 20 << 16 | 30 << 8 | 40) ^ (1 << random.nextInt(32))
                    : random.nextInt();
            byte[] bytes = {(byte) (address >>> 24), (byte) (address >>> 16), (byte) (address >>> 8), (byte) address};
            for (CidrBlock b : blocks) {
                assertThat(b.containsIpv4(address)).as("%s contains %s", b, InetAddress.getByAddress(bytes))
                        .isEqualTo(b.containsNormalised(bytes));
            }
        }
    }

    // --- the lists a rule and a rule set keep ---

    @Test
    void acorAndRuleListsAreImmutableListsEqualToPlainOnes() {
        AccessControlPolicy acp = policy("acp1", "{'acr':[{'acor':['Cabc','all','C1*','//sp.example'],'acop':2},"
                + "{'acor':['grp1'],'acop':4}]}");
        List<AccessControlRule> rules = acp.pv().rules();
        AccessControlRule first = rules.get(0);
        List<AcorEntry> plain = List.copyOf(new ArrayList<>(first.originators()));
        assertThat(first.originators()).isEqualTo(plain).hasSameHashCodeAs(plain).hasToString(plain.toString());
        assertThat(plain).isEqualTo(first.originators());
        assertThat(rules).isEqualTo(List.copyOf(new ArrayList<>(rules)));
        assertThat(new SetOfAcrs(new ArrayList<>(rules))).isEqualTo(acp.pv());
        assertThatThrownBy(() -> first.originators().add(AcorEntry.All.INSTANCE))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> rules.remove(0)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> new SetOfAcrs(java.util.Arrays.asList(first, null)))
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    void equalContextsOfOneRuleSetAreParsedOnceAndShared() {
        String office = "[{'actw':['* * 8-17 * * 1-5 *'],'acip':{'ipv4':['10.0.0.0/8']}}]";
        AccessControlPolicy acp = policy("acp1", "{'acr':[{'acor':['Ca'],'acop':2,'acco':" + office + "},"
                + "{'acor':['Cb'],'acop':2,'acco':[{'acip':{'ipv4':['10.0.0.0/8']}}]},"
                + "{'acor':['Cc'],'acop':2,'acco':" + office + "}]}");
        List<AccessControlRule> rules = acp.pv().rules();
        assertThat(rules.get(2).contexts()).isSameAs(rules.get(0).contexts());
        assertThat(rules.get(1).contexts()).isNotEqualTo(rules.get(0).contexts());
    }

    @Test
    void manyDistinctContextsInTurnAreEachEvaluated() throws UnknownHostException {
        // More distinct contexts lists than the decision remembers, so results are forgotten and evaluated again.
        StringBuilder acr = new StringBuilder();
        for (int k = 0; k < 12; k++) {
            String block = k == 11 ? "10.0.0.0/8" : "192.168." + (k % 6) + ".0/24";
            acr.append(k == 0 ? "" : ",").append("{'acor':['").append(k < 11 ? "Cabc" : "Cabc").append("'],'acop':2,")
                    .append("'acco':[{'acip':{'ipv4':['").append(block).append("']}}]}");
        }
        AccessControlPolicy acp = policy("acp1", "{'acr':[" + acr + "]}");
        RequestFacts f = RequestFacts.builder("Cabc", Operation.RETRIEVE).at(TestPolicies.NOW)
                .remoteIp(InetAddress.getByName("10.1.2.3")).build();
        assertThat(engine.decide(f, List.of(acp), PrivilegeSet.PV))
                .isEqualTo(AccessDecision.byRule("acp1", PrivilegeSet.PV, 11));
    }

    // --- the deny trail, written when read ---

    @Test
    void aDenyKnowsHowManyRulesFailedAndWritesTheSameTrailWhenRead() throws Exception {
        AccessControlPolicy acp1 = policy("acp1", "{'acr':[{'acor':['Cother'],'acop':63},{'acor':['Cabc'],'acop':2},"
                + "{'acor':['Cabc'],'acop':4,'acco':[{'acip':{'ipv4':['127.0.0.0/8']}}]}]}");
        AccessControlPolicy acp2 = policy("acp2", "{}");
        List<AccessControlPolicy> policies = new ArrayList<>(List.of(acp1, acp2));
        AccessDecision d = engine.decide(facts("Cabc", Operation.UPDATE), policies, PrivilegeSet.PV);
        policies.clear(); // the caller's list may change; the trail must not
        AccessDecision.Deny deny = (AccessDecision.Deny) d;
        assertThat(deny.failures()).hasSize(3);
        assertThat(deny.summary()).isEqualTo(AccessDecision.Deny.NO_RULE_PERMITS);
        List<String> explained = List.of(
                CompletableFuture.supplyAsync(deny::explain).get(), CompletableFuture.supplyAsync(deny::explain).get());
        assertThat(explained).containsOnly("""
                DENY: no access control rule permits the request
                  - accessControlPolicy acp1 pv.acr[0]: originator Cabc not in acor
                  - accessControlPolicy acp1 pv.acr[1]: acop 2 lacks UPDATE
                  - accessControlPolicy acp1 pv.acr[2]: acco[0].acip: source IP address unknown
                  - accessControlPolicy acp2 has no rules in pv""");
        AccessDecision.Deny copy = new AccessDecision.Deny(new ArrayList<>(deny.failures()), deny.notes());
        assertThat(deny).isEqualTo(copy).hasSameHashCodeAs(copy);
        assertThat(copy.failures()).isNotInstanceOf(DenyTrail.Failures.class);
        assertThatThrownBy(() -> deny.failures().clear()).isInstanceOf(UnsupportedOperationException.class);
    }
}
