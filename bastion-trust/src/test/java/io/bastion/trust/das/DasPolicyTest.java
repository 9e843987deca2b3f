package io.bastion.trust.das;

import static org.assertj.core.api.Assertions.assertThat;

import io.bastion.core.primitive.Operation;
import io.bastion.security.dynamic.DasRequest;
import io.bastion.security.dynamic.OriginatorIp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DasPolicyTest {
    /** A Wednesday, 10:00 UTC. */
    static final Instant NOW = Instant.parse("2026-05-06T10:00:00Z");

    static final List<DasRule> RULES = RulesParser.parse(RulesParserTest.rules(
            "{'name':'lights','originators':['/id-in/Clight*'],'targets':['/id-in/cse-in/lights/**'],"
                    + "'operations':['retrieve'],'lifetime':60,'grant':'privileges','hostingCses':['/id-in']}",
            "{'name':'door','originators':['/id-in/Cguard'],'targets':['/id-in/cse-in/door'],"
                    + "'operations':['retrieve','update'],'lifetime':300,'grant':'token',"
                    + "'ip':['192.0.2.0/24'],'schedule':['* * 8-17 * * 1-5 *']}"));

    static DasDecision decide(String or, Operation op, String trid) {
        return DasPolicy.decide(RULES, DasRequest.of(or, op, trid), Flow.DIRECT, "/id-in", NOW);
    }

    @ParameterizedTest(name = "{0} {1} {2} -> {3}")
    @CsvSource(delimiter = '|', textBlock = """
            /id-in/Clight1 | RETRIEVE | /id-in/cse-in/lights/lamp1      | lights
            /id-in/Clight1 | RETRIEVE | /id-in/cse-in/lights/a/b/c      | lights
            /id-in/Clight1 | RETRIEVE | /id-in/cse-in/lights            | lights
            /id-in/Clight1 | UPDATE   | /id-in/cse-in/lights/lamp1      | -
            /id-in/Clight1 | RETRIEVE | /id-in/cse-in/lights2/lamp1     | -
            /id-in/Clight1 | RETRIEVE | /id-in/cse-in/door              | -
            /id-in/Cother  | RETRIEVE | /id-in/cse-in/lights/lamp1      | -
            /id-in/x/Clight1 | RETRIEVE | /id-in/cse-in/lights/lamp1    | -
            Clight1        | RETRIEVE | /id-in/cse-in/lights/lamp1      | -
            """)
    void theFirstMatchingRuleGrantsAndEverythingElseIsDenied(String or, Operation op, String trid, String rule) {
        DasDecision d = decide(or, op, trid);
        if (rule.equals("-")) {
            assertThat(d).isInstanceOf(DasDecision.Deny.class);
        } else {
            assertThat(d).isInstanceOfSatisfying(DasDecision.Grant.class, g -> assertThat(g.rule().name())
                    .isEqualTo(rule));
        }
    }

    @Test
    void withoutRulesEverythingIsDenied() {
        assertThat(DasPolicy.decide(List.of(), DasRequest.of("a", Operation.RETRIEVE, "t"), Flow.DIRECT, "/id-in",
                NOW)).isEqualTo(new DasDecision.Deny("no rules configured"));
    }

    @Test
    void theDenialReasonPointsAtTheClosestRule() {
        assertThat(((DasDecision.Deny) decide("/id-in/Clight1", Operation.DELETE, "/id-in/cse-in/lights/x")).reason())
                .isEqualTo("rule 'lights' does not allow operation delete");
        assertThat(((DasDecision.Deny) decide("/id-in/Cnobody", Operation.RETRIEVE, "x")).reason())
                .isEqualTo("no rule names originator /id-in/Cnobody");
        DasDecision other = DasPolicy.decide(RULES, DasRequest.of("/id-in/Clight1", Operation.RETRIEVE,
                "/id-in/cse-in/lights/1"), Flow.DIRECT, "/id-other", NOW);
        assertThat(((DasDecision.Deny) other).reason()).isEqualTo("rule 'lights' does not allow Hosting CSE /id-other");
    }

    @Test
    void addressAndScheduleConditionsMustHoldAndAnUnknownAddressFails() {
        DasRequest base = DasRequest.of("/id-in/Cguard", Operation.UPDATE, "/id-in/cse-in/door");
        assertThat(DasPolicy.decide(RULES, base.withOip(OriginatorIp.ipv4("192.0.2.9")), Flow.DIRECT, "/id-in", NOW))
                .isInstanceOf(DasDecision.Grant.class);
        assertThat(DasPolicy.decide(RULES, base.withOip(OriginatorIp.ipv4("198.51.100.1")), Flow.DIRECT, "/id-in",
                NOW)).isInstanceOf(DasDecision.Deny.class);
        assertThat(DasPolicy.decide(RULES, base, Flow.DIRECT, "/id-in", NOW)).isInstanceOf(DasDecision.Deny.class);
        Instant sunday = Instant.parse("2026-05-10T10:00:00Z");
        assertThat(DasPolicy.decide(RULES, base.withOip(OriginatorIp.ipv4("192.0.2.9")), Flow.DIRECT, "/id-in",
                sunday)).isEqualTo(new DasDecision.Deny("rule 'door': outside its schedule"));
    }

    @Test
    void theIndirectFlowNeedsARuleThatDeliversTokens() {
        DasRequest lights = DasRequest.of("/id-in/Clight1", Operation.RETRIEVE, "/id-in/cse-in/lights/1");
        assertThat(DasPolicy.decide(RULES, lights, Flow.INDIRECT, "/id-in", NOW))
                .isInstanceOf(DasDecision.Deny.class);
        DasRequest door = DasRequest.of("/id-in/Cguard", Operation.RETRIEVE, "/id-in/cse-in/door")
                .withOip(OriginatorIp.ipv4("192.0.2.1"));
        assertThat(DasPolicy.decide(RULES, door, Flow.INDIRECT, "/id-in", NOW)).isInstanceOf(DasDecision.Grant.class);
    }

    @Test
    void theLifetimeIsTheRulesUnlessAShorterOneIsProposed() {
        DasRequest rq = DasRequest.of("/id-in/Clight1", Operation.RETRIEVE, "/id-in/cse-in/lights/1");
        assertThat(grant(rq).lifetime()).isEqualTo(Duration.ofSeconds(60));
        assertThat(grant(rq.withPpl("20000")).lifetime()).isEqualTo(Duration.ofSeconds(20));
        assertThat(grant(rq.withPpl("600000")).lifetime()).as("capped by the rule").isEqualTo(Duration.ofSeconds(60));
        assertThat(grant(rq.withPpl("20260506T100030")).lifetime()).isEqualTo(Duration.ofSeconds(30));
        assertThat(grant(rq.withPpl("20260506T090000")).lifetime()).as("a past proposal is ignored")
                .isEqualTo(Duration.ofSeconds(60));
        assertThat(grant(rq.withPpl("20000")).notAfter()).isEqualTo(NOW.plusSeconds(20));
    }

    private static DasDecision.Grant grant(DasRequest rq) {
        return (DasDecision.Grant) DasPolicy.decide(RULES, rq, Flow.DIRECT, "/id-in", NOW);
    }
}
