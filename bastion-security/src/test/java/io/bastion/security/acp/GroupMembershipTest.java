package io.bastion.security.acp;

import static io.bastion.security.acp.TestPolicies.LOCAL;
import static io.bastion.security.acp.TestPolicies.facts;
import static io.bastion.security.acp.TestPolicies.oneRule;
import static io.bastion.security.acp.TestPolicies.policy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.primitive.Operation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** acor entries that are {@code <group>} resource IDs (TS-0001 9.6.2.1). */
class GroupMembershipTest {

    /** Groups in a map; records every lookup. */
    private static final class FakeGroups implements GroupMembers {
        final Map<String, List<String>> groups = new HashMap<>();
        final List<String> lookups = new ArrayList<>();

        FakeGroups with(String id, String... members) {
            groups.put(id, List.of(members));
            return this;
        }

        @Override
        public Optional<List<String>> membersOf(String id) {
            lookups.add(id);
            return Optional.ofNullable(groups.get(id));
        }
    }

    private final FakeGroups groups = new FakeGroups();
    private final AccessDecisionEngine engine = new AccessDecisionEngine(LOCAL, groups);

    private AccessDecision retrieve(String originator, AccessControlPolicy... policies) {
        return engine.decide(facts(originator, Operation.RETRIEVE), List.of(policies), PrivilegeSet.PV);
    }

    @Test
    void aMemberIsPermittedWhateverFormTheMemberIdHas() {
        groups.with("grp1", "Cabc", "/id-in/Cdef", "//sp.example/id-in/Cghi", "/id-mn");
        AccessControlPolicy acp = oneRule("acp1", 2, "grp1");
        for (String member : List.of("Cabc", "Cdef", "/id-in/Cghi", "/id-mn")) {
            assertThat(retrieve(member, acp).permitted()).as(member).isTrue();
        }
    }

    @Test
    void aNonMemberIsDenied() {
        groups.with("grp1", "Cabc");
        AccessDecision d = retrieve("Cxyz", oneRule("acp1", 2, "grp1"));
        assertThat(d.permitted()).isFalse();
        assertThat(d.explain()).contains("originator Cxyz not in acor");
    }

    @Test
    void groupIdsTakeNoWildcard() {
        // TS-0003 7.1.3 and TS-0004 table 7.3.3.15-1: not applicable to group IDs, so refused when written.
        groups.with("grp*", "Cabc");
        assertThatThrownBy(() -> oneRule("acp1", 2, "grp*")).isInstanceOf(OneM2MException.class)
                .hasMessageStartingWith("pv.acr[0].acor[0]: '*' is allowed only in a CSE-ID or AE-ID");
        assertThat(groups.lookups).isEmpty();
    }

    @Test
    void groupMembersAreIdsNeverPatternsOrKeywords() {
        groups.with("grp1", "*", "C*", "all", "//sp.example", "/*");
        for (String originator : List.of("Cabc", "/id-mn", "Sabc")) {
            assertThat(retrieve(originator, oneRule("acp1", 2, "grp1")).permitted()).as(originator).isFalse();
        }
    }

    @Test
    void aMemberListThatFailsWhileBeingReadDenies() {
        List<String> broken = new java.util.AbstractList<>() {
            @Override
            public String get(int index) {
                throw new IllegalStateException("store closed");
            }

            @Override
            public int size() {
                return 2;
            }
        };
        AccessDecisionEngine e = new AccessDecisionEngine(LOCAL, id -> Optional.of(broken));
        AccessControlPolicy acp = policy("acp1", "{'acr':[{'acor':['grp1'],'acop':2},{'acor':['Cabc'],'acop':4}]}");
        AccessDecision d = e.decide(facts("Cabc", Operation.RETRIEVE), List.of(acp), PrivilegeSet.PV);
        assertThat(d.permitted()).isFalse();
        assertThat(d.explain()).isEqualTo("DENY: the access decision could not be evaluated (IllegalStateException),"
                + " treated as deny");
    }

    @Test
    void nestedGroupsAreFollowedUpToTheDepthBound() {
        groups.with("grp1", "Cother", "grp2").with("grp2", "grp3").with("grp3", "Cabc");
        assertThat(retrieve("Cabc", oneRule("acp1", 2, "grp1")).permitted()).isTrue();
    }

    @Test
    void groupsNestedDeeperThanTheBoundDoNotMatch() {
        groups.with("grp1", "grp2").with("grp2", "grp3").with("grp3", "grp4").with("grp4", "Cabc");
        AccessDecision d = retrieve("Cabc", oneRule("acp1", 2, "grp1"));
        assertThat(d.permitted()).isFalse();
        assertThat(d.explain()).contains("group grp1: members nested deeper than 3 levels are not followed");
        assertThat(groups.lookups).doesNotContain("grp4");

        AccessDecisionEngine deeper = new AccessDecisionEngine(LOCAL, groups, RoleMatcher.NONE, 4, 32);
        assertThat(deeper.decide(facts("Cabc", Operation.RETRIEVE), List.of(oneRule("acp1", 2, "grp1")),
                PrivilegeSet.PV).permitted()).isTrue();
    }

    @Test
    void cyclesTerminateAndDeny() {
        groups.with("grp1", "grp2").with("grp2", "grp1", "grp2");
        AccessDecisionEngine deep = new AccessDecisionEngine(LOCAL, groups, RoleMatcher.NONE, 50, 1000);
        AccessDecision d = deep.decide(facts("Cabc", Operation.RETRIEVE), List.of(oneRule("acp1", 2, "grp1")),
                PrivilegeSet.PV);
        assertThat(d.permitted()).isFalse();
        assertThat(groups.lookups).containsExactly("grp1", "grp2");
    }

    @Test
    void aCycleStillFindsAMemberOnTheWay() {
        groups.with("grp1", "grp2").with("grp2", "grp1", "Cabc");
        assertThat(retrieve("Cabc", oneRule("acp1", 2, "grp1")).permitted()).isTrue();
    }

    @Test
    void anUnresolvableGroupMatchesNothing() {
        GroupMembers failing = id -> {
            throw new IllegalStateException("store down");
        };
        AccessDecisionEngine e = new AccessDecisionEngine(LOCAL, failing);
        AccessDecision d = e.decide(facts("Cabc", Operation.RETRIEVE), List.of(oneRule("acp1", 2, "grp1")),
                PrivilegeSet.PV);
        assertThat(d.permitted()).isFalse();
        assertThat(d.explain()).contains("group grp1: lookup failed (IllegalStateException), treated as no match");

        AccessDecisionEngine nullAnswer = new AccessDecisionEngine(LOCAL, id -> null);
        assertThat(nullAnswer.decide(facts("Cabc", Operation.RETRIEVE), List.of(oneRule("acp1", 2, "grp1")),
                PrivilegeSet.PV).permitted()).isFalse();
    }

    @Test
    void anIdThatIsNotAGroupMatchesNothing() {
        assertThat(retrieve("Cabc", oneRule("acp1", 2, "grpMissing")).permitted()).isFalse();
        assertThat(groups.lookups).containsExactly("grpMissing");
    }

    @Test
    void lookupsPerDecisionAreBounded() {
        List<String> members = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            members.add("sub" + i);
            groups.with("sub" + i, "Cnobody" + i);
        }
        groups.groups.put("grp1", members);
        AccessDecision d = retrieve("Cabc", oneRule("acp1", 2, "grp1"));
        assertThat(d.permitted()).isFalse();
        assertThat(groups.lookups).hasSize(AccessDecisionEngine.DEFAULT_MAX_GROUP_LOOKUPS);
        assertThat(d.explain()).contains("group lookups stopped after 32");
    }

    @Test
    void noGroupIsLookedUpWhenAnotherRulePermitsDirectly() {
        groups.with("grp1", "Cabc");
        AccessControlPolicy acp = policy("acp1",
                "{'acr':[{'acor':['grp1'],'acop':2},{'acor':['Cabc'],'acop':2}]}");
        AccessDecision d = retrieve("Cabc", acp);
        assertThat(d).isEqualTo(AccessDecision.byRule("acp1", PrivilegeSet.PV, 1));
        assertThat(groups.lookups).isEmpty();
    }

    @Test
    void noGroupIsLookedUpForARuleThatFailsAnotherConditionWhenSomethingPermits() {
        groups.with("grp1", "Cabc");
        AccessControlPolicy acp = policy("acp1",
                "{'acr':[{'acor':['grp1'],'acop':4},{'acor':['Cabc'],'acop':2}]}");
        assertThat(retrieve("Cabc", acp).permitted()).isTrue();
        assertThat(groups.lookups).isEmpty();
    }

    @Test
    void aGroupNamedByManyRulesIsResolvedOnce() {
        groups.with("grp1", "Cother");
        AccessControlPolicy acp = policy("acp1",
                "{'acr':[{'acor':['grp1'],'acop':2},{'acor':['grp1'],'acop':3},{'acor':['grp1'],'acop':8}]}");
        assertThat(retrieve("Cabc", acp).permitted()).isFalse();
        // Cother is looked up once too: a member might be a nested group.
        assertThat(groups.lookups).containsExactly("grp1", "Cother");
    }
}
