package io.bastion.security.acp;

import static io.bastion.security.acp.TestPolicies.LOCAL;
import static io.bastion.security.acp.TestPolicies.NOW;
import static io.bastion.security.acp.TestPolicies.policy;
import static org.assertj.core.api.Assertions.assertThat;

import io.bastion.core.primitive.Operation;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * "No context or originator form fails open": for every originator form and every context element, a request with
 * bad or missing data is denied, and the deny says why. In each case every rule fails on exactly one condition,
 * the one given the bad data, so the deny is caused by that data alone. An exception during the evaluation denies
 * the whole request without a rule trail. Parse-time refusals of malformed policies are in {@link AcpParserTest} and
 * {@link OriginatorMatchingTest#refusesAmbiguousAndInapplicableForms}.
 */
class FailClosedTest {
    private static final AccessDecisionEngine ENGINE = new AccessDecisionEngine(LOCAL, GroupMembers.NONE);
    /** Monday 2026-11-23 10:00 UTC, inside the working-hours window below. */
    private static final Instant MONDAY_10 = Instant.parse("2026-11-23T10:00:00Z");
    private static final String WORKING_HOURS = "* * 8-17 * * 1-5 *";

    /** One case: an engine, the policies (pv), the request, and the reason the deny must give. */
    record Case(AccessDecisionEngine engine, List<AccessControlPolicy> policies, PrivilegeSet which,
                        RequestFacts facts, String reason) {
    }

    private static Arguments deny(String name, Case c) {
        return Arguments.of(name, c);
    }

    private static RequestFacts request(String originator, Operation op, UnaryOperator<RequestFacts.Builder> with) {
        return with.apply(RequestFacts.builder(originator, op).at(MONDAY_10)).build();
    }

    private static RequestFacts retrieve(UnaryOperator<RequestFacts.Builder> with) {
        return request("Cabc", Operation.RETRIEVE, with);
    }

    private static Case rule(String rule, RequestFacts facts, String reason) {
        return new Case(ENGINE, List.of(policy("acp1", "{'acr':[" + rule + "]}")), PrivilegeSet.PV, facts, reason);
    }

    private static Case acco(String acco, RequestFacts facts, String reason) {
        return rule("{'acor':['Cabc'],'acop':2,'acco':" + acco + "}", facts, reason);
    }

    /** A rule built in code, bypassing the parser: the engine alone must still deny. */
    private static Case built(List<AccessControlContext> contexts, RequestFacts facts, String reason) {
        AccessControlRule r = new AccessControlRule(List.of(AcorEntry.All.INSTANCE), 63, contexts, false, List.of());
        return new Case(ENGINE, List.of(new AccessControlPolicy("acp1", new SetOfAcrs(List.of(r)), SetOfAcrs.EMPTY)),
                PrivilegeSet.PV, facts, reason);
    }

    private static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static AccessDecisionEngine withGroups(Map<String, List<String>> groups) {
        return new AccessDecisionEngine(LOCAL, id -> Optional.ofNullable(groups.get(id)));
    }

    private static Case group(AccessDecisionEngine engine, String reason) {
        return new Case(engine, List.of(policy("acp1", "{'acr':[{'acor':['grp1'],'acop':2}]}")), PrivilegeSet.PV,
                retrieve(b -> b), reason);
    }

    static Stream<Arguments> cases() {
        Map<String, List<String>> cyclic = new HashMap<>();
        cyclic.put("grp1", List.of("grp2"));
        cyclic.put("grp2", List.of("grp1"));
        Map<String, List<String>> deep = new HashMap<>();
        deep.put("grp1", List.of("grp2"));
        deep.put("grp2", List.of("grp3"));
        deep.put("grp3", List.of("grp4"));
        deep.put("grp4", List.of("Cabc"));
        RoleMatcher throwingRoles = (entry, facts) -> {
            throw new IllegalStateException("role store down");
        };
        AccessDecisionEngine throwingRoleEngine = new AccessDecisionEngine(LOCAL, GroupMembers.NONE, throwingRoles,
                AccessDecisionEngine.DEFAULT_MAX_GROUP_DEPTH, AccessDecisionEngine.DEFAULT_MAX_GROUP_LOOKUPS);
        AccessControlPolicy permitsCabc = policy("acp1", "{'acr':[{'acor':['all'],'acop':63}]}");
        String evaluationFailed = AccessDecisionEngine.EVALUATION_FAILED;
        return Stream.of(
                // --- originator forms ---
                deny("all: no originator", rule("{'acor':['all'],'acop':2}", request(null, Operation.RETRIEVE,
                        b -> b), "the request has no originator, which no acor entry matches")),
                deny("all: empty originator", rule("{'acor':['all'],'acop':2}", request("", Operation.RETRIEVE,
                        b -> b), "the request has no originator, which no acor entry matches")),
                deny("all: malformed originator", rule("{'acor':['all'],'acop':2}", request("/id-in//Cabc",
                        Operation.RETRIEVE, b -> b), "originator /id-in//Cabc is not a well-formed ID")),
                deny("wildcard: originator that is a pattern", rule("{'acor':['C*'],'acop':2}", request("C*",
                        Operation.RETRIEVE, b -> b), "originator C* is not a well-formed ID")),
                deny("literal: other ID", rule("{'acor':['Cabd'],'acop':2}", retrieve(b -> b),
                        "originator Cabc not in acor")),
                deny("wildcard: other CSE", rule("{'acor':['/id-in2/C*'],'acop':2}", retrieve(b -> b),
                        "originator Cabc not in acor")),
                deny("wildcard: '*' does not cross '/'", rule("{'acor':['/id-in/*'],'acop':2}", request(
                        "/id-in/Cabc/x", Operation.RETRIEVE, b -> b), "originator /id-in/Cabc/x not in acor")),
                deny("domain: look-alike SP", rule("{'acor':['//sp.example'],'acop':2}", request(
                        "//sp.example.evil/id-in/Cabc", Operation.RETRIEVE, b -> b),
                        "originator //sp.example.evil/id-in/Cabc not in acor")),
                deny("unknown acor kind (URN)", rule("{'acor':['urn:example:Cabc'],'acop':2}", retrieve(b -> b),
                        "originator Cabc not in acor")),
                deny("unknown acor kind (keyword)", rule("{'acor':['any','ALL','none'],'acop':2}",
                        retrieve(b -> b), "originator Cabc not in acor")),
                deny("role ID while roles are disabled", rule("{'acor':['R-reader'],'acop':2}",
                        retrieve(b -> b.roleIds(List.of("R-reader"))), "originator Cabc not in acor")),
                deny("group: not a group", group(ENGINE, "originator Cabc not in acor")),
                deny("group: lookup throws", group(new AccessDecisionEngine(LOCAL, id -> {
                    throw new IllegalStateException("store down");
                }), "group grp1: lookup failed (IllegalStateException), treated as no match")),
                deny("group: lookup answers null", group(new AccessDecisionEngine(LOCAL, id -> null),
                        "originator Cabc not in acor")),
                deny("group: cycle", group(withGroups(cyclic), "originator Cabc not in acor")),
                deny("group: deeper than the bound", group(withGroups(deep),
                        "group grp1: members nested deeper than 3 levels are not followed")),
                // --- acaf, acop, acod ---
                deny("acaf without authentication", rule("{'acor':['Cabc'],'acop':2,'acaf':true}",
                        retrieve(b -> b.authenticated(false)), "acaf requires an authenticated association")),
                deny("acop lacks the operation", rule("{'acor':['Cabc'],'acop':61}", retrieve(b -> b),
                        "acop 61 lacks RETRIEVE")),
                deny("acod: other child type", rule("{'acor':['Cabc'],'acop':1,'acod':[{'chty':[4]}]}",
                        request("Cabc", Operation.CREATE, b -> b.create(23, 3)),
                        "acod allows no CREATE of ty 23 under a parent of ty 3")),
                deny("acod: other parent type", rule("{'acor':['Cabc'],'acop':1,'acod':[{'ty':3,'chty':[4]}]}",
                        request("Cabc", Operation.CREATE, b -> b.create(4, 2)),
                        "acod allows no CREATE of ty 4 under a parent of ty 2")),
                deny("acod: no child type", rule("{'acor':['Cabc'],'acop':1,'acod':[{'chty':[4]}]}",
                        request("Cabc", Operation.CREATE, b -> b), "acod needs the type of the resource to create")),
                deny("acod: specialization", rule(
                        "{'acor':['Cabc'],'acop':1,'acod':[{'ty':28,'spty':'org.x','chty':[23]}]}",
                        request("Cabc", Operation.CREATE, b -> b.create(23, 28)),
                        "specializationType is not evaluated yet")),
                // --- acco: actw ---
                deny("actw: outside every window", acco("[{'actw':['" + WORKING_HOURS + "']}]",
                        retrieve(b -> b.at(Instant.parse("2026-11-23T20:00:00Z"))),
                        "acco[0].actw: 2026-11-23T20:00:00Z is outside every window")),
                deny("actw: a time the schedule cannot name", acco("[{'actw':['* * * * * * *']}]",
                        retrieve(b -> b.at(Instant.parse("1999-12-31T23:59:59Z"))),
                        "acco[0].actw: 1999-12-31T23:59:59Z is outside every window")),
                // --- acco: acip ---
                deny("acip: no source IP", acco("[{'acip':{'ipv4':['0.0.0.0/0'],'ipv6':['::/0']}}]",
                        retrieve(b -> b), "acco[0].acip: source IP address unknown")),
                deny("acip: IPv6 source, IPv4 blocks", acco("[{'acip':{'ipv4':['0.0.0.0/0']}}]",
                        retrieve(b -> b.remoteIp(ip("2001:db8::5"))),
                        "is IPv6 and acip lists only IPv4 blocks")),
                deny("acip: IPv4 source, IPv6 blocks", acco("[{'acip':{'ipv6':['::/0']}}]",
                        retrieve(b -> b.remoteIp(ip("10.0.0.5"))), "10.0.0.5 is IPv4 and acip lists only IPv6 blocks")),
                deny("acip: outside the blocks", acco("[{'acip':{'ipv4':['127.0.0.0/8']}}]",
                        retrieve(b -> b.remoteIp(ip("10.0.0.5"))), "acco[0].acip: 10.0.0.5 not in 127.0.0.0/8")),
                // --- acco: aclr ---
                deny("aclr: no location (circle)", acco("[{'aclr':{'accr':[0, 0, 2.1E7]}}]", retrieve(b -> b),
                        "acco[0].aclr: originator location unavailable")),
                deny("aclr: no location (countries)", acco("[{'aclr':{'accc':['KR']}}]", retrieve(b -> b),
                        "acco[0].aclr: originator location unavailable")),
                deny("aclr: country only, circle region", acco("[{'aclr':{'accr':[0, 0, 2.1E7]}}]",
                        retrieve(b -> b.location(OriginatorLocation.inCountry("KR"))),
                        "originator location has no coordinates")),
                deny("aclr: point only, country region", acco("[{'aclr':{'accc':['KR']}}]",
                        retrieve(b -> b.location(OriginatorLocation.at(37.5, 127.0))),
                        "originator location has no country code")),
                deny("aclr: LocationSource.NONE", acco("[{'aclr':{'accc':['KR']}}]",
                        retrieve(b -> b.location(LocationSource.NONE.locate("Cabc", null, TestPolicies.NOW))),
                        "acco[0].aclr: originator location unavailable")),
                // --- contexts the engine is given but cannot evaluate (built in code, not parsed) ---
                deny("built: context entry without conditions", built(List.of(new AccessControlContext(List.of())),
                        retrieve(b -> b), "acco[0]: an entry without conditions admits nothing")),
                deny("built: time window without entries", built(List.of(new AccessControlContext(
                        List.of(new TimeWindows(List.of())))), retrieve(b -> b), "acco[0].actw:")),
                deny("built: IP ranges without blocks", built(List.of(new AccessControlContext(
                        List.of(new IpRanges(List.of(), List.of())))), retrieve(b -> b.remoteIp(ip("10.0.0.5"))),
                        "acco[0].acip: acip lists no address blocks")),
                // --- exceptions and missing arguments: deny, never propagate ---
                deny("role matcher throws", new Case(throwingRoleEngine, List.of(policy("acp1",
                        "{'acr':[{'acor':['R-x'],'acop':2},{'acor':['all'],'acop':2}]}")), PrivilegeSet.PV,
                        retrieve(b -> b), evaluationFailed + " (IllegalStateException), treated as deny")),
                deny("null facts", new Case(ENGINE, List.of(permitsCabc), PrivilegeSet.PV, null,
                        evaluationFailed + " (NullPointerException)")),
                deny("null policies", new Case(ENGINE, null, PrivilegeSet.PV, retrieve(b -> b),
                        evaluationFailed + " (NullPointerException)")),
                deny("null privilege set", new Case(ENGINE, List.of(permitsCabc), null, retrieve(b -> b),
                        evaluationFailed + " (NullPointerException)")),
                deny("a null policy in the list", new Case(ENGINE, java.util.Arrays.asList(null, permitsCabc),
                        PrivilegeSet.PV, retrieve(b -> b), evaluationFailed + " (NullPointerException)")),
                // --- no rules ---
                deny("no policy", new Case(ENGINE, List.of(), PrivilegeSet.PV, retrieve(b -> b),
                        "no accessControlPolicy applies")),
                deny("empty pv", new Case(ENGINE, List.of(policy("acp1", "{}")), PrivilegeSet.PV, retrieve(b -> b),
                        "accessControlPolicy acp1 has no rules in pv")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void deniesOnBadOrMissingData(String name, Case c) {
        AccessDecision d = c.engine().decide(c.facts(), c.policies(), c.which());
        assertThat(d.permitted()).as(name).isFalse();
        assertThat(d).isInstanceOf(AccessDecision.Deny.class);
        assertThat(d.explain()).as(name).contains(c.reason());
        assertThat(((AccessDecision.Deny) d).failures()).as(name)
                .allSatisfy(f -> assertThat(f.reasons()).hasSize(1));
    }
}
