package io.bastion.security.acp;

import static io.bastion.security.acp.TestPolicies.LOCAL;
import static io.bastion.security.acp.TestPolicies.NOW;
import static io.bastion.security.acp.TestPolicies.facts;
import static io.bastion.security.acp.TestPolicies.oneRule;
import static io.bastion.security.acp.TestPolicies.policy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.primitive.Operation;
import io.bastion.core.resource.ResourceTypes;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AccessDecisionEngineTest {
    private final AccessDecisionEngine engine = new AccessDecisionEngine(LOCAL, GroupMembers.NONE);

    private static RequestFacts create(String originator, int childType, int targetType) {
        return RequestFacts.builder(originator, Operation.CREATE).create(childType, targetType).at(NOW).build();
    }

    // --- acaf (TS-0003 table 7.1.5-1) ---

    @ParameterizedTest(name = "acaf {0}, authenticated {1} -> {2}")
    @CsvSource({"true,true,true", "true,false,false", "false,true,true", "false,false,true", ",true,true",
        ",false,true"})
    void authenticationFlagFollowsTable715(Boolean acaf, boolean authenticated, boolean expected) {
        String flag = acaf == null ? "" : ",'acaf':" + acaf;
        AccessControlPolicy acp = policy("acp1", "{'acr':[{'acor':['Cabc'],'acop':2" + flag + "}]}");
        RequestFacts f = RequestFacts.builder("Cabc", Operation.RETRIEVE).authenticated(authenticated).at(NOW).build();
        AccessDecision d = engine.decide(f, List.of(acp), PrivilegeSet.PV);
        assertThat(d.permitted()).isEqualTo(expected);
        if (!expected) {
            assertThat(d.explain()).contains("acaf requires an authenticated association");
        }
    }

    // --- acod (TS-0003 7.1.5, res_objd) ---

    @ParameterizedTest(name = "acod {0}: create ty {1} under ty {2} -> {3}")
    @CsvSource(delimiter = '|', textBlock = """
            [{'ty':3,'chty':[4]}]                     | 4 | 3 | true
            [{'ty':3,'chty':[4]}]                     | 4 | 2 | false
            [{'ty':3,'chty':[4]}]                     | 3 | 3 | false
            [{'chty':[3,4]}]                          | 3 | 2 | true
            [{'chty':[3,4]}]                          | 23 | 2 | false
            [{'ty':2,'chty':[3]},{'ty':3,'chty':[4]}] | 4 | 3 | true
            [{'ty':2,'chty':[3]},{'ty':3,'chty':[4]}] | 3 | 2 | true
            [{'ty':2,'chty':[3]},{'ty':3,'chty':[4]}] | 4 | 2 | false
            [{'ty':3,'chty':[]}]                      | 4 | 3 | false
            []                                        | 9 | 5 | true
            """)
    void objectDetailsRestrictWhatMayBeCreated(String acod, int child, int parent, boolean expected) {
        AccessControlPolicy acp = policy("acp1", "{'acr':[{'acor':['Cabc'],'acop':1,'acod':" + acod + "}]}");
        AccessDecision d = engine.decide(create("Cabc", child, parent), List.of(acp), PrivilegeSet.PV);
        assertThat(d.permitted()).isEqualTo(expected);
        if (!expected) {
            assertThat(d.explain()).contains("acod allows no CREATE of ty " + child + " under a parent of ty " + parent);
        }
    }

    @Test
    void aRuleWithoutObjectDetailsAppliesToEveryChildType() {
        AccessControlPolicy acp = oneRule("acp1", 1, "Cabc");
        assertThat(engine.decide(create("Cabc", ResourceTypes.SUB, ResourceTypes.CNT), List.of(acp), PrivilegeSet.PV)
                .permitted()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"RETRIEVE", "UPDATE", "DELETE", "NOTIFY", "DISCOVERY"})
    void objectDetailsApplyToCreateOnly(Operation op) {
        AccessControlPolicy acp = policy("acp1", "{'acr':[{'acor':['Cabc'],'acop':63,'acod':[{'ty':3,'chty':[4]}]}]}");
        assertThat(engine.decide(facts("Cabc", op), List.of(acp), PrivilegeSet.PV).permitted()).isTrue();
    }

    @Test
    void aCreateWithoutChildTypeNeverMatchesObjectDetails() {
        AccessControlPolicy acp = policy("acp1", "{'acr':[{'acor':['Cabc'],'acop':1,'acod':[{'chty':[4]}]}]}");
        AccessDecision d = engine.decide(facts("Cabc", Operation.CREATE), List.of(acp), PrivilegeSet.PV);
        assertThat(d.permitted()).isFalse();
        assertThat(d.explain()).contains("acod needs the type of the resource to create");
    }

    @Test
    void aSpecializationConstraintIsNotEvaluatedYetAndFailsClosed() {
        AccessControlPolicy acp = policy("acp1",
                "{'acr':[{'acor':['Cabc'],'acop':1,'acod':[{'ty':28,'spty':{'cnd':'org.x'},'chty':[23]}]}]}");
        AccessDecision d = engine.decide(create("Cabc", 23, 28), List.of(acp), PrivilegeSet.PV);
        assertThat(d.permitted()).isFalse();
        assertThat(d.explain()).contains("specializationType is not evaluated yet");
    }

    // --- contexts (evaluated in detail in AccessControlContextsTest) ---

    @Test
    void anEmptyContextListIsNoConstraint() {
        AccessControlPolicy acp = policy("acp1", "{'acr':[{'acor':['all'],'acop':2,'acco':[]}]}");
        assertThat(engine.decide(facts("Cabc", Operation.RETRIEVE), List.of(acp), PrivilegeSet.PV).permitted())
                .isTrue();
    }

    @Test
    void aRuleWithoutContextsStillPermitsBesideOneWhoseContextsFail() {
        AccessControlPolicy acp = policy("acp1", "{'acr':[{'acor':['all'],'acop':63,"
                + "'acco':[{'acip':{'ipv4':['0.0.0.0/0']}}]},{'acor':['Cabc'],'acop':2}]}");
        assertThat(engine.decide(facts("Cabc", Operation.RETRIEVE), List.of(acp), PrivilegeSet.PV))
                .isEqualTo(AccessDecision.byRule("acp1", PrivilegeSet.PV, 1));
    }

    // --- permit-overrides (TS-0003 7.1.5) ---

    @Test
    void anyRuleOfAnyPolicyPermits() {
        AccessControlPolicy acp1 = policy("acp1", "{'acr':[{'acor':['Cother'],'acop':63},{'acor':['Cabc'],'acop':8}]}");
        AccessControlPolicy acp2 = policy("acp2", "{'acr':[]}");
        AccessControlPolicy acp3 = policy("acp3", "{'acr':[{'acor':['Cx'],'acop':4},{'acor':['/id-in/Cabc'],'acop':6},"
                + "{'acor':['all'],'acop':4}]}");
        AccessDecision d = engine.decide(facts("Cabc", Operation.UPDATE), List.of(acp1, acp2, acp3), PrivilegeSet.PV);
        assertThat(d).isEqualTo(AccessDecision.byRule("acp3", PrivilegeSet.PV, 1));
        assertThat(d.explain()).isEqualTo("PERMIT: permitted by accessControlPolicy acp3 pv.acr[1]");
    }

    @Test
    void everyRuleFailingDenies() {
        AccessControlPolicy acp1 = policy("acp1", "{'acr':[{'acor':['Cother'],'acop':63},{'acor':['Cabc'],'acop':2}]}");
        AccessControlPolicy acp2 = policy("acp2", "{'acr':[{'acor':['all'],'acop':4,'acaf':true}]}");
        AccessDecision d = engine.decide(facts("Cabc", Operation.UPDATE), List.of(acp1, acp2), PrivilegeSet.PV);
        assertThat(d).isInstanceOfSatisfying(AccessDecision.Deny.class, deny -> assertThat(deny.failures())
                .containsExactly(
                        new AccessDecision.RuleFailure("acp1", PrivilegeSet.PV, 0,
                                List.of("originator Cabc not in acor")),
                        new AccessDecision.RuleFailure("acp1", PrivilegeSet.PV, 1, List.of("acop 2 lacks UPDATE")),
                        new AccessDecision.RuleFailure("acp2", PrivilegeSet.PV, 0,
                                List.of("acaf requires an authenticated association"))));
        assertThat(d.summary()).isEqualTo("no access control rule permits the request");
        assertThat(d.explain()).isEqualTo("""
                DENY: no access control rule permits the request
                  - accessControlPolicy acp1 pv.acr[0]: originator Cabc not in acor
                  - accessControlPolicy acp1 pv.acr[1]: acop 2 lacks UPDATE
                  - accessControlPolicy acp2 pv.acr[0]: acaf requires an authenticated association""");
    }

    @Test
    void aRuleFailingSeveralConditionsListsThemAll() {
        AccessControlPolicy acp = policy("acp1", "{'acr':[{'acor':['Cother'],'acop':2,'acaf':true,"
                + "'acco':[{'aclr':{'accc':['KR']}}],'acod':[{'chty':[4]}]}]}");
        AccessDecision d = engine.decide(create("Cabc", 3, 2), List.of(acp), PrivilegeSet.PV);
        assertThat(((AccessDecision.Deny) d).failures().get(0).reasons()).containsExactly(
                "acaf requires an authenticated association",
                "originator Cabc not in acor",
                "acop 2 lacks CREATE",
                "acco[0].aclr: originator location unavailable",
                "acod allows no CREATE of ty 3 under a parent of ty 2");
    }

    @Test
    void noPolicyDenies() {
        AccessDecision d = engine.decide(facts("Cabc", Operation.RETRIEVE), List.of(), PrivilegeSet.PV);
        assertThat(d.permitted()).isFalse();
        assertThat(d.summary()).isEqualTo("no accessControlPolicy applies");
        assertThat(d.explain()).isEqualTo("DENY: no accessControlPolicy applies");
    }

    @Test
    void emptyRuleSetsDenyAndAreNoted() {
        AccessDecision d = engine.decide(facts("Cabc", Operation.RETRIEVE), List.of(policy("acp1", "{}")),
                PrivilegeSet.PV);
        assertThat(d.permitted()).isFalse();
        assertThat(d.explain()).isEqualTo("DENY: accessControlPolicy acp1 has no rules in pv");
    }

    // --- pv versus pvs (TS-0003 7.1.1) ---

    @Test
    void privilegesAndSelfPrivilegesAreSeparate() {
        AccessControlPolicy acp = policy("acp1", "{'acr':[{'acor':['Cuser'],'acop':63}]}",
                "{'acr':[{'acor':['Cowner'],'acop':4}]}");
        RequestFacts owner = facts("Cowner", Operation.UPDATE);
        RequestFacts user = facts("Cuser", Operation.UPDATE);
        assertThat(engine.decide(owner, List.of(acp), PrivilegeSet.PVS))
                .isEqualTo(AccessDecision.byRule("acp1", PrivilegeSet.PVS, 0));
        assertThat(engine.decide(owner, List.of(acp), PrivilegeSet.PV).permitted()).isFalse();
        assertThat(engine.decide(user, List.of(acp), PrivilegeSet.PV).permitted()).isTrue();
        AccessDecision userOnPvs = engine.decide(user, List.of(acp), PrivilegeSet.PVS);
        assertThat(userOnPvs.permitted()).isFalse();
        assertThat(userOnPvs.explain()).contains("accessControlPolicy acp1 pvs.acr[0]: originator Cuser not in acor");
    }

    // --- roles: modelled, not enabled ---

    @Test
    void roleIdsNeverMatchByDefault() {
        RequestFacts f = RequestFacts.builder("Cabc", Operation.RETRIEVE).roleIds(List.of("R-reader")).at(NOW).build();
        AccessControlPolicy acp = oneRule("acp1", 2, "R-reader");
        assertThat(engine.decide(f, List.of(acp), PrivilegeSet.PV).permitted()).isFalse();

        AccessDecisionEngine withRoles = new AccessDecisionEngine(LOCAL, GroupMembers.NONE, RoleMatcher.literal(),
                AccessDecisionEngine.DEFAULT_MAX_GROUP_DEPTH, AccessDecisionEngine.DEFAULT_MAX_GROUP_LOOKUPS);
        assertThat(withRoles.decide(f, List.of(acp), PrivilegeSet.PV).permitted()).isTrue();
        assertThatThrownBy(() -> oneRule("acp1", 2, "R-read*")).as("no wildcards for Role-IDs")
                .isInstanceOf(OneM2MException.class).hasMessageStartingWith("pv.acr[0].acor[0]: '*' is allowed only");
    }

    // --- default grounds the CSE constructs ---

    @Test
    void defaultGroundsExplainThemselvesAndAreShared() {
        assertThat(AccessDecision.creator()).isSameAs(AccessDecision.creator());
        assertThat(AccessDecision.creator().explain())
                .isEqualTo("PERMIT: permitted by default rule 'creator' (the originator created the target resource)");
        assertThat(AccessDecision.admin().summary()).contains("'admin'");
        assertThat(AccessDecision.hostingCse().permitted()).isTrue();
        assertThat(AccessDecision.byDefault("custodian", "the originator is the custodian").explain())
                .isEqualTo("PERMIT: permitted by default rule 'custodian' (the originator is the custodian)");
        AccessDecision deny = AccessDecision.deny("no acpi and the originator is not the creator");
        assertThat(deny.permitted()).isFalse();
        assertThat(deny.explain()).isEqualTo("DENY: no acpi and the originator is not the creator");
    }
}
