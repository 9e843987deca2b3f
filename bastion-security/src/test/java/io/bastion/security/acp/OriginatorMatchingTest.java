package io.bastion.security.acp;

import static io.bastion.security.acp.TestPolicies.LOCAL;
import static io.bastion.security.acp.TestPolicies.PARSER;
import static io.bastion.security.acp.TestPolicies.facts;
import static io.bastion.security.acp.TestPolicies.json;
import static io.bastion.security.acp.TestPolicies.oneRule;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.primitive.Operation;
import io.bastion.core.primitive.ResponseStatusCode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code res_origs} for {@code all}, exact IDs in every form, wildcards and SP domains (no groups here), and the
 * forms refused at ACP create/update. The decision on {@code *} is documented in {@code package-info.java}.
 * This CSE is {@code //sp.example/id-in}.
 */
class OriginatorMatchingTest {
    private final AccessDecisionEngine engine = new AccessDecisionEngine(LOCAL, GroupMembers.NONE);

    private AccessDecision retrieve(String originator, AccessControlPolicy acp) {
        return engine.decide(facts(originator, Operation.RETRIEVE), List.of(acp), PrivilegeSet.PV);
    }

    @ParameterizedTest(name = "acor {0}, fr {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            # all
            all                      | Cabc                     | true
            all                      | /id-mn                   | true
            all                      | //other.sp/id-x/Cq       | true
            # exact IDs, in every relative and absolute form
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
            # AE-ID-Stem patterns: C... are the AEs of this CSE, S... the SP-assigned AEs of this SP
            C*                       | Cabc                     | true
            C*                       | C                        | true
            C*                       | /id-in/Cabc              | true
            C*                       | /id-mn/Cabc              | false
            C*                       | //other.sp/id-in/Cabc    | false
            C*                       | Sabc                     | false
            C*                       | /id-in                   | false
            C98*                     | /id-in/C98zz             | true
            C98*                     | /id-mn/C98zz             | false
            C*x                      | Cabx                     | true
            C*x                      | Cabxy                    | false
            S*                       | Sabc                     | true
            S*                       | /Sabc                    | true
            S*                       | Cabc                     | false
            S*                       | /id-in/Sabc              | false
            # SP-relative patterns (TS-0003 table 7.1.3-2); '*' never crosses '/'
            /id-in/C*                | /id-in/C1                | true
            /id-in/C*                | C1                       | true
            /id-in/C*                | /id-in2/C1               | false
            /id-in/C*                | /id-in/S1                | false
            /id-in/C*                | /id-in/C1/x              | false
            /id-in/C*                | //other.sp/id-in/C1      | false
            /id-in/C98*              | /id-in/C98abc            | true
            /id-in/C98*              | /id-in/C98               | true
            /id-in/C98*              | /id-in/C98/x             | false
            /id-in/C98*              | /id-in/C97               | false
            /id-in/*                 | Cabc                     | true
            /id-in/*                 | /id-in                   | false
            /myCSE*                  | /myCSE12                 | true
            /myCSE*                  | /myCSE                   | true
            /myCSE*                  | /myCSE12/Cabc            | false
            /myCSE*                  | /yourCSE                 | false
            /myCSE*                  | //other.sp/myCSE12       | false
            /myCSE*/C98*             | /myCSE7/C9886            | true
            /myCSE*/C98*             | /myCSE7/x/C9886          | false
            /SmyAE*                  | /SmyAE12                 | true
            /SmyAE*                  | SmyAE12                  | true
            /*CSE*/C*x*              | /myCSE1/Cabxc            | true
            /*CSE*/C*x*              | /myCSE1/Cabc             | false
            # '/*': every one-segment ID of this SP (CSEs and S AEs), no C AE, no other SP
            /*                       | /id-mn                   | true
            /*                       | /id-in                   | true
            /*                       | Sabc                     | true
            /*                       | Cabc                     | false
            /*                       | //other.sp/id-mn         | false
            /*/*                     | /id-mn/Cabc              | true
            /*/*                     | Cabc                     | true
            /*/*                     | /id-mn                   | false
            # absolute patterns: the M2M-SP-ID written out or a whole-segment '*' (any SP)
            //*/myCSEID              | //any.sp/myCSEID         | true
            //*/myCSEID              | /myCSEID                 | true
            //*/myCSEID              | //any.sp/myCSEID/C1      | false
            //*/myCSE*/C9886         | //m2m.org/myCSE7/C9886   | true
            //*/myCSE*/C9886         | //m2m.org/myCSE7/x/C9886 | false
            //*/id-in/C*             | //other.sp/id-in/Cq      | true
            //*/id-in/C*             | Cq                       | true
            //*/*                    | //other.sp/id-x          | true
            //*/*                    | //other.sp/id-x/Cq       | false
            //sp.example/id-in/C*    | Cabc                     | true
            //sp.example/id-in/C*    | //sp.example.evil/id-in/Cabc | false
            # SP domains: exactly that M2M-SP-ID, not a look-alike, not a sub-domain
            //sp.example             | Cabc                     | true
            //sp.example             | Sabc                     | true
            //sp.example             | /id-mn                   | true
            //sp.example             | //sp.example/id-x/C1     | true
            //sp.example             | //other.sp/id-x/C1       | false
            //sp.example             | //sp.example.evil/id-x   | false
            //sp.example             | //m2m.sp.example/id-x    | false
            //example                | //m2m.example/id-x       | false
            """)
    void matchesOriginatorsAgainstAcor(String acor, String originator, boolean expected) {
        AccessDecision d = retrieve(originator, oneRule("acp1", 2, acor));
        assertThat(d.permitted()).isEqualTo(expected);
        if (!expected) {
            assertThat(d.explain()).contains("originator " + originator + " not in acor");
        }
    }

    /** Forms that the texts make ambiguous or that a wildcard cannot apply to: 4000 at ACP create/update. */
    @ParameterizedTest(name = "acor {0} refused")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            # a bare '*': 'all' to some readers, 'any AE of this CSE' to others
            *                     | a bare '*' is ambiguous: write 'all' for every originator, or 'C*' for every AE registered with this CSE
            **                    | a bare '*' is ambiguous: write 'all' for every originator, or 'C*' for every AE registered with this CSE
            # wildcards in SP domains (TS-0003 7.1.3 forbids, TS-0004 allows)
            //*                   | an SP domain takes no '*' (TS-0003 7.1.3); write 'all' for every originator
            //*.example           | an SP domain takes no '*' (TS-0003 7.1.3); write 'all' for every originator
            //sp*                 | an SP domain takes no '*' (TS-0003 7.1.3); write 'all' for every originator
            # a partial wildcard in the M2M-SP-ID of an absolute ID
            //sp*/id-in/C1        | '*' in the M2M-SP-ID of an absolute ID must stand alone ('//*/...'): a partial domain wildcard could match another provider's domain
            //sp.example*/id-in/C* | '*' in the M2M-SP-ID of an absolute ID must stand alone ('//*/...'): a partial domain wildcard could match another provider's domain
            //*.example/myCSE     | '*' in the M2M-SP-ID of an absolute ID must stand alone ('//*/...'): a partial domain wildcard could match another provider's domain
            # wildcards outside CSE-IDs and AE-IDs: relative patterns must be one C or S AE-ID-Stem
            *abc                  | '*' is allowed only in a CSE-ID or AE-ID (TS-0003 7.1.3): a relative pattern must be one AE-ID-Stem starting with 'C' or 'S' (group IDs and Role-IDs take no '*')
            *C1                   | '*' is allowed only in a CSE-ID or AE-ID (TS-0003 7.1.3): a relative pattern must be one AE-ID-Stem starting with 'C' or 'S' (group IDs and Role-IDs take no '*')
            grp*                  | '*' is allowed only in a CSE-ID or AE-ID (TS-0003 7.1.3): a relative pattern must be one AE-ID-Stem starting with 'C' or 'S' (group IDs and Role-IDs take no '*')
            R-read*               | '*' is allowed only in a CSE-ID or AE-ID (TS-0003 7.1.3): a relative pattern must be one AE-ID-Stem starting with 'C' or 'S' (group IDs and Role-IDs take no '*')
            C*/x                  | '*' is allowed only in a CSE-ID or AE-ID (TS-0003 7.1.3): a relative pattern must be one AE-ID-Stem starting with 'C' or 'S' (group IDs and Role-IDs take no '*')
            id-in/C*              | '*' is allowed only in a CSE-ID or AE-ID (TS-0003 7.1.3): a relative pattern must be one AE-ID-Stem starting with 'C' or 'S' (group IDs and Role-IDs take no '*')
            /id-in/C1/*           | a pattern must be a CSE-ID or AE-ID: at most two segments after the M2M-SP-ID (TS-0003 table 7.1.3-2)
            //*/a/b/c*            | a pattern must be a CSE-ID or AE-ID: at most two segments after the M2M-SP-ID (TS-0003 table 7.1.3-2)
            # empty segments, with or without '*'
            /                     | must not contain an empty segment ('//' after the start, or a trailing '/')
            ///x                  | must not contain an empty segment ('//' after the start, or a trailing '/')
            /id-in//C*            | must not contain an empty segment ('//' after the start, or a trailing '/')
            /id-in//C1            | must not contain an empty segment ('//' after the start, or a trailing '/')
            Cabc/                 | must not contain an empty segment ('//' after the start, or a trailing '/')
            //*/                  | must not contain an empty segment ('//' after the start, or a trailing '/')
            //                    | '//' names no SP domain
            """)
    void refusesAmbiguousAndInapplicableForms(String acor, String message) {
        assertThatThrownBy(() -> PARSER.parseSetOfAcrs(json("{'acr':[{'acor':['all','" + acor + "'],'acop':2}]}"),
                "pv", true))
                .isInstanceOfSatisfying(OneM2MException.class,
                        e -> assertThat(e.status()).isEqualTo(ResponseStatusCode.BAD_REQUEST))
                .hasMessage("pv.acr[0].acor[1]: " + message);
    }

    @Test
    void entriesBuiltInCodeObeyTheSameRules() {
        assertThatThrownBy(() -> new AcorEntry.Wildcard("*", "//sp.example/id-in/*"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("a bare '*' is ambiguous");
        assertThatThrownBy(() -> new AcorEntry.Domain("//*")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AcorEntry.Wildcard("C*", "//sp*/id-in/C*"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AcorEntry.Literal("C*", "//sp.example/id-in/C*"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AcorEntry.Literal("all", "//sp.example/id-in/all"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(AcorEntry.of("//*/myCSE*", LOCAL)).isEqualTo(new AcorEntry.Wildcard("//*/myCSE*", "//*/myCSE*"));
        assertThat(AcorEntry.of("/*", LOCAL)).isEqualTo(new AcorEntry.Wildcard("/*", "//sp.example/*"));
        assertThat(AcorEntry.of("S*", LOCAL)).isEqualTo(new AcorEntry.Wildcard("S*", "//sp.example/S*"));
    }

    @Test
    void anEmptyOriginatorListIsRefused() {
        assertThatThrownBy(() -> PARSER.parseSetOfAcrs(json("{'acr':[{'acor':[],'acop':2}]}"), "pv", true))
                .hasMessage("pv.acr[0].acor: must name at least one originator (write 'all' for every originator)");
    }

    /**
     * A missing, empty or malformed originator matches nothing, not even {@code all}. TS-0003 7.1.5: acor is
     * evaluated against the authenticated identity that matched From; without a well-formed one there is nothing
     * to authorize. The absent-From AE registration is decided by the registration procedure instead.
     */
    @ParameterizedTest(name = "fr [{0}]")
    @CsvSource(delimiter = '|', nullValues = "(null)", textBlock = """
            (null)              | the request has no originator, which no acor entry matches
            ''                  | the request has no originator, which no acor entry matches
            /                   | originator / is not a well-formed ID, which no acor entry matches
            //                  | originator // is not a well-formed ID, which no acor entry matches
            ///id-in/Cabc       | originator ///id-in/Cabc is not a well-formed ID, which no acor entry matches
            /id-in//Cabc        | originator /id-in//Cabc is not a well-formed ID, which no acor entry matches
            Cabc/               | originator Cabc/ is not a well-formed ID, which no acor entry matches
            //sp.example/       | originator //sp.example/ is not a well-formed ID, which no acor entry matches
            *                   | originator * is not a well-formed ID, which no acor entry matches
            C*                  | originator C* is not a well-formed ID, which no acor entry matches
            //*/id-in/Cabc      | originator //*/id-in/Cabc is not a well-formed ID, which no acor entry matches
            'Ca bc'             | originator Ca bc is not a well-formed ID, which no acor entry matches
            """)
    void aMissingOrMalformedOriginatorMatchesNothingNotEvenAll(String originator, String reason) {
        AccessControlPolicy acp = TestPolicies.policy("acp1", "{'acr':["
                + "{'acor':['all'],'acop':63},{'acor':['C*','S*','/*','/*/*','//*/*','//*/*/*'],'acop':63},"
                + "{'acor':['//sp.example'],'acop':63},{'acor':['Cabc','/id-in/Cabc','C*'],'acop':63}]}");
        AccessDecision d = engine.decide(facts(originator, Operation.CREATE), List.of(acp), PrivilegeSet.PV);
        assertThat(d.permitted()).isFalse();
        assertThat(((AccessDecision.Deny) d).failures()).hasSize(4)
                .allSatisfy(f -> assertThat(f.reasons()).containsExactly(reason));
    }

    @Test
    void aControlCharacterInAMalformedOriginatorIsNotEchoed() {
        AccessDecision d = retrieve("C\nforged", oneRule("acp1", 2, "all"));
        assertThat(d.permitted()).isFalse();
        assertThat(d.explain()).contains("originator C?forged is not a well-formed ID");
    }

    @Test
    void anyEntryOfTheListMayMatch() {
        AccessControlPolicy acp = oneRule("acp1", 2, "Cx", "/id-mn", "/id-in/C9*");
        assertThat(retrieve("C93", acp).permitted()).isTrue();
        assertThat(retrieve("/id-mn", acp).permitted()).isTrue();
        assertThat(retrieve("Cy", acp).permitted()).isFalse();
    }
}
