package io.bastion.security.token;

import static io.bastion.security.token.TokenFixtures.DAS;
import static io.bastion.security.token.TokenFixtures.LOCAL;
import static io.bastion.security.token.TokenFixtures.NOW;
import static io.bastion.security.token.TokenFixtures.PARSER;
import static io.bastion.security.token.TokenFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.bastion.core.primitive.Operation;
import io.bastion.security.acp.AccessControlPolicy;
import io.bastion.security.acp.AccessDecision;
import io.bastion.security.acp.AccessDecisionEngine;
import io.bastion.security.acp.AcpWriter;
import io.bastion.security.acp.DynamicGrant;
import io.bastion.security.acp.Grants;
import io.bastion.security.acp.GroupMembers;
import io.bastion.security.acp.PrivilegeSet;
import io.bastion.security.acp.RequestFacts;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tokens, roles and dynamic grants in the access decision (TS-0003 7.3.2.5, 7.4.3), with their grounds. */
class TokenGrantsDecisionTest {
    private final AccessDecisionEngine engine = new AccessDecisionEngine(LOCAL, GroupMembers.NONE);
    /** The target's own policy: only Cowner may do anything; the role R-reader@aa.example may RETRIEVE. */
    private final AccessControlPolicy own = PARSER.parsePolicy("acp1",
            json("{'acr':[{'acor':['Cowner'],'acop':63},{'acor':['R-reader@aa.example'],'acop':2}]}"),
            json("{'acr':[{'acor':['Cowner'],'acop':63}]}"));

    private static VerifiedToken token(String tkps, Instant from, Instant until) {
        TokenClaims c = new TokenClaims("1", "tk-9@das.example", "Cae1", DAS, from, until, null, List.of("/id-in"),
                TokenPermissions.fromJson(json(tkps), PARSER), null);
        return new VerifiedToken(c, "compact-not-needed-here");
    }

    private static VerifiedToken token(String tkps) {
        return token(tkps, NOW.minusSeconds(10), NOW.plusSeconds(60));
    }

    private static RequestFacts facts(String originator, Operation op, Instant at) {
        return RequestFacts.builder(originator, op).at(at).build();
    }

    private AccessDecision decide(Operation op, Grants grants) {
        return engine.decide(facts("Cae1", op, NOW), List.of(own), PrivilegeSet.PV, grants);
    }

    @Test
    void aTokenPermissionWhoseRisNamesTheTargetPermitsAsAnAddedPolicy() {
        VerifiedToken t = token("{'pm':[{'ris':['/id-in/cnt-other']},"
                + "{'ris':['/id-in/cnt1'],'pv':{'acr':[{'acor':['Cae1'],'acop':3}]}}]}");
        Grants byRi = Grants.builder().target("cnt1", "cse-in/ae1/cnt").token(t).build();
        AccessDecision d = decide(Operation.RETRIEVE, byRi);
        assertThat(d).isEqualTo(AccessDecision.byToken("tk-9@das.example", 1, 0));
        assertThat(d.explain()).isEqualTo("PERMIT: permitted by token tk-9@das.example tkps.pm[1].pv.acr[0]");
        assertThat(decide(Operation.DELETE, byRi).permitted()).as("acop 3 has no DELETE").isFalse();
    }

    @Test
    void risIsComparedWithEveryFormOfTheTargetButNeverAsAPrefix() {
        String rule = "'pv':{'acr':[{'acor':['Cae1'],'acop':2}]}";
        for (String ris : List.of("cnt1", "/id-in/cnt1", "//sp.example/id-in/cnt1", "cse-in/ae1/cnt",
                "//sp.example/id-in/cse-in/ae1/cnt")) {
            Grants g = Grants.builder().target("cnt1", "cse-in/ae1/cnt")
                    .token(token("{'pm':[{'ris':['" + ris + "']," + rule + "}]}")).build();
            assertThat(decide(Operation.RETRIEVE, g).permitted()).as(ris).isTrue();
        }
        for (String ris : List.of("cnt", "cse-in/ae1", "/id-other/cnt1", "//other.example/id-in/cnt1")) {
            Grants g = Grants.builder().target("cnt1", "cse-in/ae1/cnt")
                    .token(token("{'pm':[{'ris':['" + ris + "']," + rule + "}]}")).build();
            AccessDecision d = decide(Operation.RETRIEVE, g);
            assertThat(d.permitted()).as(ris).isFalse();
            assertThat(d.explain()).contains("token tk-9@das.example tkps.pm[0]: ris does not name the target");
        }
        Grants noTarget = Grants.builder().token(token("{'pm':[{'ris':['cnt1']," + rule + "}]}")).build();
        assertThat(decide(Operation.RETRIEVE, noTarget).permitted()).as("no target ids, no ris match").isFalse();
    }

    @Test
    void tokenRoleIdsMatchAcorLiterallyAndTheGroundSaysSo() {
        Grants g = Grants.builder().target("cnt1").token(token("{'pm':[{'rids':['R-reader@aa.example']}]}")).build();
        AccessDecision d = decide(Operation.RETRIEVE, g);
        assertThat(d).isEqualTo(AccessDecision.byRole("R-reader@aa.example", "token tk-9@das.example",
                new AccessDecision.RuleGround("acp1", PrivilegeSet.PV, 1)));
        assertThat(d.summary()).isEqualTo("permitted by role R-reader@aa.example (verified by token tk-9@das.example)"
                + " named in accessControlPolicy acp1 pv.acr[1]");
        assertThat(decide(Operation.UPDATE, g).permitted()).isFalse();
        Grants otherTarget = Grants.builder().target("cnt2")
                .token(token("{'pm':[{'ris':['cnt1'],'rids':['R-reader@aa.example']}]}")).build();
        assertThat(decide(Operation.RETRIEVE, otherTarget).permitted()).as("rids limited by ris").isFalse();
    }

    @Test
    void verifiedRolesMatchButClaimedRidsNeverDo() {
        RequestFacts claiming = RequestFacts.builder("Cae1", Operation.RETRIEVE).at(NOW)
                .roleIds(List.of("R-reader@aa.example")).build();
        assertThat(engine.decide(claiming, List.of(own), PrivilegeSet.PV).permitted()).isFalse();
        assertThat(engine.decide(claiming, List.of(own), PrivilegeSet.PV, Grants.NONE).permitted()).isFalse();
        Grants verified = Grants.builder().role("R-reader@aa.example", "<role> /id-in/rol1").build();
        AccessDecision d = engine.decide(claiming, List.of(own), PrivilegeSet.PV, verified);
        assertThat(d.summary()).isEqualTo("permitted by role R-reader@aa.example (verified by <role> /id-in/rol1)"
                + " named in accessControlPolicy acp1 pv.acr[1]");
        Grants wrongCase = Grants.builder().role("r-reader@aa.example", "<role> /id-in/rol2").build();
        AccessDecision deny = engine.decide(claiming, List.of(own), PrivilegeSet.PV, wrongCase);
        assertThat(deny.permitted()).as("literal, case-sensitive").isFalse();
        assertThat(deny.explain()).contains("accessControlPolicy acp1 pv.acr[1]: originator Cae1 not in acor, "
                + "nor is any verified role (r-reader@aa.example)");
    }

    @Test
    void aDynamicGrantAppliesUntilItExpires() {
        AccessControlPolicy granted = PARSER.parsePolicy("dyn-1",
                json("{'acr':[{'acor':['Cae1'],'acop':2}]}"), json("{'acr':[{'acor':['Cae1'],'acop':2}]}"));
        Instant expires = NOW.plusSeconds(60);
        Grants g = Grants.builder().dynamic(new DynamicGrant("/id-in/dac1", granted, expires)).build();
        AccessDecision d = engine.decide(facts("Cae1", Operation.RETRIEVE, NOW), List.of(own), PrivilegeSet.PV, g);
        assertThat(d).isEqualTo(AccessDecision.byDynamicGrant("/id-in/dac1", expires, 0));
        assertThat(d.summary()).isEqualTo("permitted by dynamic authorization through /id-in/dac1 (granted privileges "
                + "acr[0], valid until 2026-03-14T10:16:30Z)");
        AccessDecision later = engine.decide(facts("Cae1", Operation.RETRIEVE, expires), List.of(own),
                PrivilegeSet.PV, g);
        assertThat(later.permitted()).isFalse();
        assertThat(later.explain()).contains("dynamic grant of /id-in/dac1 expired at 2026-03-14T10:16:30Z");
        assertThat(engine.decide(facts("Cae1", Operation.RETRIEVE, NOW), List.of(own), PrivilegeSet.PVS, g)
                .permitted()).as("a grant is for its target, also when it is an ACP").isTrue();
    }

    @Test
    void aTokenOutsideItsWindowGrantsNothing() {
        String tkps = "{'pm':[{'ris':['cnt1'],'pv':{'acr':[{'acor':['Cae1'],'acop':2}]}}]}";
        Grants expired = Grants.builder().target("cnt1").token(token(tkps, NOW.minusSeconds(60), NOW)).build();
        AccessDecision d = decide(Operation.RETRIEVE, expired);
        assertThat(d.permitted()).isFalse();
        assertThat(d.explain()).contains("token tk-9@das.example expired at 2026-03-14T10:15:30Z");
        Grants early = Grants.builder().target("cnt1").token(token(tkps, NOW.plusSeconds(1), NOW.plusSeconds(9)))
                .build();
        assertThat(decide(Operation.RETRIEVE, early).explain()).contains("is not valid before");
    }

    @Test
    void aDenyTrailListsTheAddedRuleSetsAndTheirFailures() {
        Grants g = Grants.builder().target("cnt1")
                .token(token("{'pm':[{'ris':['cnt1'],'pv':{'acr':[{'acor':['Cae1'],'acop':2}]}}]}")).build();
        AccessDecision d = decide(Operation.UPDATE, g);
        assertThat(d.explain()).isEqualTo("""
                DENY: no access control rule permits the request
                  - accessControlPolicy acp1 pv.acr[0]: originator Cae1 not in acor
                  - accessControlPolicy acp1 pv.acr[1]: originator Cae1 not in acor; acop 2 lacks UPDATE
                  - token tk-9@das.example tkps.pm[0].pv.acr[0]: acop 2 lacks UPDATE""");
    }

    @Test
    void withoutGrantsTheDecisionIsThePlainOne() {
        RequestFacts f = facts("Cowner", Operation.DELETE, NOW);
        assertThat(engine.decide(f, List.of(own), PrivilegeSet.PV, Grants.NONE))
                .isEqualTo(engine.decide(f, List.of(own), PrivilegeSet.PV))
                .isEqualTo(AccessDecision.byRule("acp1", PrivilegeSet.PV, 0));
        assertThat(Grants.builder().build()).isSameAs(Grants.NONE);
    }

    @Test
    void tokenPrivilegesSurviveTheJsonRoundTrip() {
        String pv = "{'acr':[{'acor':['Cae1','/id-in/C*','//sp.example'],'acop':35,'acco':[{'actw':['* * 0-5 * * 2,6 *'],"
                + "'acip':{'ipv4':['10.0.0.0/8'],'ipv6':['fe80::/10']}},{'aclr':{'accr':[1.5,2.5,100.0]}},"
                + "{'aclr':{'accc':['FR']}}],'acaf':true,'acod':[{'ty':2,'spty':{'cnd':'x.y'},'chty':[3,4]}]}]}";
        var parsed = PARSER.parseSetOfAcrs(json(pv), "pv", false);
        var written = AcpWriter.setOfAcrs(parsed.rules());
        assertThat(PARSER.parseSetOfAcrs(written, "pv", false)).isEqualTo(parsed);
    }
}
