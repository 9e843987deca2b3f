package io.bastion.bench.jmh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.bastion.security.acp.AccessControlPolicy;
import org.junit.jupiter.api.Test;

/**
 * The benchmark's cases are what they claim to be (its set-up checks them and throws otherwise), without running
 * JMH: a benchmark of the wrong outcome must fail here, not produce a plausible figure.
 */
class AccessDecisionBenchmarkTest {

    @Test
    void everyCasePermitsByTheLastRuleAndDeniesByEveryRule() {
        for (String shape : new String[] {"1x5", "10x10", "1x1000"}) {
            for (String contexts : new String[] {"none", "time+ip"}) {
                AccessDecisionBenchmark.Policies s = new AccessDecisionBenchmark.Policies();
                s.shape = shape;
                s.contexts = contexts;
                assertThatCode(s::setUp).as(shape + " " + contexts).doesNotThrowAnyException();
                AccessDecisionBenchmark b = new AccessDecisionBenchmark();
                assertThat(b.permitByLastRule(s).permitted()).isTrue();
                assertThat(b.denyAll(s).permitted()).isFalse();
            }
        }
    }

    @Test
    void theParsedTenRulePolicyHasTenRulesWithContexts() throws Exception {
        AccessDecisionBenchmark.PolicyJson s = new AccessDecisionBenchmark.PolicyJson();
        s.setUp();
        AccessDecisionBenchmark b = new AccessDecisionBenchmark();
        for (AccessControlPolicy p : new AccessControlPolicy[] {b.parsePolicy10Rules(s), b.readAndParsePolicy10Rules(s)}) {
            assertThat(p.pv().rules()).hasSize(10).allSatisfy(r -> assertThat(r.contexts()).hasSize(1));
        }
    }
}
