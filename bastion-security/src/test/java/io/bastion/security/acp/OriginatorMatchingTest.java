package io.bastion.security.acp;

import static io.bastion.security.acp.TestPolicies.LOCAL;
import static io.bastion.security.acp.TestPolicies.facts;
import static io.bastion.security.acp.TestPolicies.oneRule;
import static org.assertj.core.api.Assertions.assertThat;

import io.bastion.core.primitive.Operation;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code res_origs} for {@code all}, exact IDs in every form, wildcards and SP domains (no groups here). */
class OriginatorMatchingTest {
    private final AccessDecisionEngine engine = new AccessDecisionEngine(LOCAL, GroupMembers.NONE);

    @ParameterizedTest(name = "acor {0}, fr {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            all                      | Cabc                     | true
            all                      | /id-mn                   | true
            all                      | //other.sp/id-x/Cq       | true
            Cabc                     | Cabc                     | true
            Cabc                     | /id-in/Cabc              | true
            Cabc                     | //sp.example/id-in/Cabc  | true
            /id-in/Cabc              | Cabc                     | true
            //sp.example/id-in/Cabc  | Cabc                     | true
            //sp.example/id-in/Cabc  | /id-in/Cabc              | true
            Cabc                     | /id-mn/Cabc              | false
            Cabc                     | //other.sp/id-in/Cabc    | false
            Cabc                     | Cabcd                    | false
            Cabc                     | cabc                     | false
            Sabc                     | /Sabc                    | true
            /Sabc                    | Sabc                     | true
            Sabc                     | //sp.example/Sabc        | true
            Sabc                     | /id-in/Sabc              | false
            /id-mn                   | /id-mn                   | true
            /id-mn                   | //sp.example/id-mn       | true
            /id-mn                   | /id-mn/Cx                | false
            /id-mn                   | //other.sp/id-mn         | false
            /id-in/C*                | /id-in/C1                | true
            /id-in/C*                | C1                       | true
            /id-in/C*                | /id-in2/C1               | false
            /id-in/C*                | /id-in/S1                | false
            /id-in/C98*              | /id-in/C98abc            | true
            /id-in/C98*              | /id-in/C98               | true
            /id-in/C98*              | /id-in/C98/x             | false
            /id-in/C98*              | /id-in/C97               | false
            /myCSE*                  | /myCSE12                 | true
            /myCSE*                  | /myCSE12/Cabc            | false
            /myCSE*                  | /yourCSE                 | false
            /myCSE*/C98*             | /myCSE7/C9886            | true
            /SmyAE*                  | /SmyAE12                 | true
            /SmyAE*                  | SmyAE12                  | true
            //*/myCSEID              | //any.sp/myCSEID         | true
            //*/myCSEID              | /myCSEID                 | true
            //*/myCSE*/C9886         | //m2m.org/myCSE7/C9886   | true
            //*/myCSE*/C9886         | //m2m.org/myCSE7/x/C9886 | false
            /*CSE*/C*x*              | /myCSE1/Cabxc            | true
            /*CSE*/C*x*              | /myCSE1/Cabc             | false
            C98*                     | /id-in/C98zz             | true
            C98*                     | /id-mn/C98zz             | false
            *                        | Cabc                     | true
            *                        | /id-mn                   | false
            //sp.example             | Cabc                     | true
            //sp.example             | /id-mn                   | true
            //sp.example             | //other.sp/id-x/C1       | false
            //sp.example             | //sp.example.evil/id-x   | false
            //*.example              | //m2m.example/id-x/C1    | true
            //*.example              | //m2m.example.org/id-x   | false
            """)
    void matchesOriginatorsAgainstAcor(String acor, String originator, boolean expected) {
        AccessDecision d = engine.decide(facts(originator, Operation.RETRIEVE), List.of(oneRule("acp1", 2, acor)),
                PrivilegeSet.PV);
        assertThat(d.permitted()).isEqualTo(expected);
        if (!expected) {
            assertThat(d.explain()).contains("originator " + originator + " not in acor");
        }
    }

    @Test
    void aMissingOriginatorMatchesNothingNotEvenAll() {
        // TS-0003: acor is evaluated against the authenticated identity that matched From; without one there is
        // nothing to authorize. The absent-From AE registration is decided by the registration procedure instead.
        for (String none : new String[] {null, ""}) {
            AccessDecision d = engine.decide(facts(none, Operation.CREATE), List.of(oneRule("acp1", 63, "all")),
                    PrivilegeSet.PV);
            assertThat(d.permitted()).isFalse();
            assertThat(d.explain()).contains("the request has no originator");
        }
    }

    @Test
    void anyEntryOfTheListMayMatch() {
        AccessControlPolicy acp = oneRule("acp1", 2, "Cx", "/id-mn", "/id-in/C9*");
        assertThat(engine.decide(facts("C93", Operation.RETRIEVE), List.of(acp), PrivilegeSet.PV).permitted()).isTrue();
        assertThat(engine.decide(facts("/id-mn", Operation.RETRIEVE), List.of(acp), PrivilegeSet.PV).permitted())
                .isTrue();
        assertThat(engine.decide(facts("Cy", Operation.RETRIEVE), List.of(acp), PrivilegeSet.PV).permitted())
                .isFalse();
    }
}
