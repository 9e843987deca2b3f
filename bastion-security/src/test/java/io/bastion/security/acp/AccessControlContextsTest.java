package io.bastion.security.acp;

import static io.bastion.security.acp.TestPolicies.LOCAL;
import static io.bastion.security.acp.TestPolicies.policy;
import static org.assertj.core.api.Assertions.assertThat;

import io.bastion.core.primitive.Operation;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code res_ctxts} (TS-0003 7.1.5) through the engine: OR over a rule's acco entries, AND over the conditions of one
 * entry, every unknown input denying with its reason in the trail.
 */
class AccessControlContextsTest {
    private static final String WORKING_HOURS = "* * 8-17 * * 1-5 *";
    /** A Monday. */
    private static final String MONDAY_10 = "2026-11-23T10:00:00Z";
    private static final String MONDAY_04 = "2026-11-23T04:00:00Z";

    private final AccessDecisionEngine engine = new AccessDecisionEngine(LOCAL, GroupMembers.NONE);

    private static AccessControlPolicy withContexts(String acco) {
        return policy("acp1", "{'acr':[{'acor':['Cabc'],'acop':2,'acco':" + acco + "}]}");
    }

    private static RequestFacts facts(String at, String ip, OriginatorLocation location) throws UnknownHostException {
        return RequestFacts.builder("Cabc", Operation.RETRIEVE).at(Instant.parse(at))
                .remoteIp(IpRangesTest.address(ip)).location(location).build();
    }

    private AccessDecision decide(String acco, String at, String ip, OriginatorLocation location)
            throws UnknownHostException {
        return engine.decide(facts(at, ip, location), List.of(withContexts(acco)), PrivilegeSet.PV);
    }

    private static List<String> reasons(AccessDecision d) {
        assertThat(d).isInstanceOf(AccessDecision.Deny.class);
        return ((AccessDecision.Deny) d).failures().get(0).reasons();
    }

    // --- OR across entries, AND within one ---

    @ParameterizedTest(name = "at {0} from {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            2026-11-23T10:00:00Z | 192.168.1.1 | true
            2026-11-23T20:00:00Z | 10.0.0.5    | true
            2026-11-23T10:00:00Z | 10.0.0.5    | true
            2026-11-23T20:00:00Z | 192.168.1.1 | false
            2026-11-21T10:00:00Z | -           | false
            """)
    void entriesAreAlternatives(String at, String ip, boolean expected) throws UnknownHostException {
        String acco = "[{'actw':['" + WORKING_HOURS + "']},{'acip':{'ipv4':['10.0.0.0/8']}}]";
        assertThat(decide(acco, at, ip, null).permitted()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "at {0} from {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            2026-11-23T10:00:00Z | 10.0.0.5    | true
            2026-11-23T10:00:00Z | 192.168.1.1 | false
            2026-11-23T20:00:00Z | 10.0.0.5    | false
            2026-11-23T20:00:00Z | 192.168.1.1 | false
            2026-11-23T10:00:00Z | -           | false
            """)
    void conditionsOfOneEntryMustAllHold(String at, String ip, boolean expected) throws UnknownHostException {
        String acco = "[{'actw':['" + WORKING_HOURS + "'],'acip':{'ipv4':['10.0.0.0/8']}}]";
        assertThat(decide(acco, at, ip, null).permitted()).isEqualTo(expected);
    }

    @Test
    void allThreeConditionsInOneEntry() throws UnknownHostException {
        String acco = "[{'actw':['" + WORKING_HOURS + "'],'acip':{'ipv4':['10.0.0.0/8']},'aclr':{'accc':['KR']}}]";
        OriginatorLocation korea = OriginatorLocation.inCountry("KR");
        assertThat(decide(acco, MONDAY_10, "10.0.0.5", korea).permitted()).isTrue();
        assertThat(decide(acco, MONDAY_10, "10.0.0.5", null).permitted()).isFalse();
        assertThat(decide(acco, MONDAY_10, "10.0.0.5", OriginatorLocation.inCountry("JP")).permitted()).isFalse();
        assertThat(decide(acco, MONDAY_04, "10.0.0.5", korea).permitted()).isFalse();
        assertThat(decide(acco, MONDAY_10, "11.0.0.5", korea).permitted()).isFalse();
    }

    @Test
    void contextsThatAdmitEverythingPermit() throws UnknownHostException {
        String acco = "[{'actw':['* * * * * * *'],'acip':{'ipv4':['0.0.0.0/0'],'ipv6':['::/0']},"
                + "'aclr':{'accr':[0, 0, 2.1E7]}}]";
        OriginatorLocation anywhere = OriginatorLocation.at(-45, 170);
        assertThat(decide(acco, MONDAY_04, "127.0.0.1", anywhere).permitted()).isTrue();
        assertThat(decide(acco, MONDAY_04, "::1", anywhere).permitted()).isTrue();
    }

    // --- the engine's decision and explanation ---

    @Test
    void aPermitByTimeWindowNamesTheRule() throws UnknownHostException {
        AccessDecision d = decide("[{'actw':['" + WORKING_HOURS + "']}]", MONDAY_10, "-", null);
        assertThat(d).isEqualTo(AccessDecision.byRule("acp1", PrivilegeSet.PV, 0));
        assertThat(d.explain()).isEqualTo("PERMIT: permitted by accessControlPolicy acp1 pv.acr[0]");
    }

    @Test
    void aDenyByIpAddressExplainsItself() throws UnknownHostException {
        AccessDecision d = decide("[{'acip':{'ipv4':['127.0.0.0/8']}}]", MONDAY_10, "10.0.0.5", null);
        assertThat(d.permitted()).isFalse();
        assertThat(d.explain()).isEqualTo("""
                DENY: no access control rule permits the request
                  - accessControlPolicy acp1 pv.acr[0]: acco[0].acip: 10.0.0.5 not in 127.0.0.0/8""");
    }

    @Test
    void aDenyByTimeWindowShowsTheUtcTimeAndTheWindows() throws UnknownHostException {
        AccessDecision d = decide("[{'actw':['" + WORKING_HOURS + "','0 0 12 * * * *']}]", MONDAY_04, "-", null);
        assertThat(reasons(d)).containsExactly("acco[0].actw: 2026-11-23T04:00:00Z is outside every window: '"
                + WORKING_HOURS + "', '0 0 12 * * * *'");
    }

    @Test
    void everyFailedConditionOfEveryEntryIsListed() throws UnknownHostException {
        String acco = "[{'actw':['" + WORKING_HOURS + "'],'acip':{'ipv4':['10.0.0.0/8']}},{'aclr':{'accc':['KR']}}]";
        assertThat(reasons(decide(acco, MONDAY_04, "192.168.1.1", null))).containsExactly(
                "acco[0].actw: 2026-11-23T04:00:00Z is outside every window: '" + WORKING_HOURS + "'",
                "acco[0].acip: 192.168.1.1 not in 10.0.0.0/8",
                "acco[1].aclr: originator location unavailable");
        assertThat(reasons(decide(acco, MONDAY_10, "192.168.1.1", null))).containsExactly(
                "acco[0].acip: 192.168.1.1 not in 10.0.0.0/8",
                "acco[1].aclr: originator location unavailable");
    }

    @ParameterizedTest(name = "{0} from {1}")
    @CsvSource(delimiter = '|', textBlock = """
            {'ipv4':['127.0.0.0/8']}                  | -               | source IP address unknown
            {'ipv6':['::1']}                          | 10.0.0.5        | 10.0.0.5 is IPv4 and acip lists only IPv6 blocks
            {'ipv4':['127.0.0.0/8']}                  | 2001:db8::5     | 2001:db8:0:0:0:0:0:5 is IPv6 and acip lists only IPv4 blocks
            {'ipv4':['127.0.0.0/8'],'ipv6':['::/0']}  | mapped:10.0.0.5 | 10.0.0.5 not in 127.0.0.0/8
            {'ipv4':['127.0.0.0/8'],'ipv6':['::ffff:10.9.0.0/112']} | 10.0.0.5 | 10.0.0.5 not in 127.0.0.0/8, 0:0:0:0:0:ffff:a09:0/112
            {'ipv6':['2001:db8:1::/64','::1']}        | 2001:db8::5     | 2001:db8:0:0:0:0:0:5 not in 2001:db8:1:0:0:0:0:0/64, 0:0:0:0:0:0:0:1/128
            {'ipv4':['1.0.0.0/8','2.0.0.0/8','3.0.0.0/8','4.0.0.0/8','5.0.0.0/8','6.0.0.0/8']} | 10.0.0.5 | 10.0.0.5 not in 1.0.0.0/8, 2.0.0.0/8, 3.0.0.0/8, 4.0.0.0/8 and 2 more
            """)
    void ipDeniesSayWhy(String acip, String ip, String reason) throws UnknownHostException {
        assertThat(reasons(decide("[{'acip':" + acip + "}]", MONDAY_10, ip, null)))
                .containsExactly("acco[0].acip: " + reason);
    }

    @Test
    void locationDeniesSayWhy() throws UnknownHostException {
        String circle = "[{'aclr':{'accr':[48.85, 2.35, 1500]}}]";
        String countries = "[{'aclr':{'accc':['KR','fr']}}]";
        assertThat(reasons(decide(circle, MONDAY_10, "-", null)))
                .containsExactly("acco[0].aclr: originator location unavailable");
        assertThat(reasons(decide(circle, MONDAY_10, "-", OriginatorLocation.inCountry("FR")))).containsExactly(
                "acco[0].aclr: originator location has no coordinates, which a circle region needs");
        assertThat(reasons(decide(circle, MONDAY_10, "-", OriginatorLocation.at(48.87, 2.35)))).containsExactly(
                "acco[0].aclr: originator is 2223.9 m from the centre (48.85, 2.35), beyond the radius of 1500.0 m");
        assertThat(reasons(decide(countries, MONDAY_10, "-", OriginatorLocation.at(48.85, 2.35)))).containsExactly(
                "acco[0].aclr: originator location has no country code, which a country region needs");
        assertThat(reasons(decide(countries, MONDAY_10, "-", OriginatorLocation.inCountry("de"))))
                .containsExactly("acco[0].aclr: originator country DE not in KR, FR");
        assertThat(decide(countries, MONDAY_10, "-", OriginatorLocation.inCountry("fr")).permitted()).isTrue();
        assertThat(decide(circle, MONDAY_10, "-", OriginatorLocation.at(48.86, 2.35)).permitted()).isTrue();
    }

    @Test
    void anEntryWithoutConditionsAdmitsNothing() throws UnknownHostException {
        List<AccessControlContext> contexts = List.of(new AccessControlContext(List.of()));
        RequestFacts f = facts(MONDAY_10, "10.0.0.5", null);
        assertThat(ContextEvaluator.satisfied(contexts, f)).isFalse();
        assertThat(ContextEvaluator.failures(contexts, f))
                .containsExactly("acco[0]: an entry without conditions admits nothing");
        assertThat(ContextEvaluator.satisfied(List.of(), f)).as("no contexts at all: no constraint").isTrue();
    }

    @Test
    void aPolicyTellsWhetherItNeedsTheLocation() {
        assertThat(withContexts("[{'actw':['* * * * * * *']},{'aclr':{'accc':['KR']}}]").usesLocation(PrivilegeSet.PV))
                .isTrue();
        assertThat(withContexts("[{'actw':['* * * * * * *']}]").usesLocation(PrivilegeSet.PV)).isFalse();
        assertThat(withContexts("[{'aclr':{'accc':['KR']}}]").usesLocation(PrivilegeSet.PVS))
                .as("the default pvs has no contexts").isFalse();
    }
}
