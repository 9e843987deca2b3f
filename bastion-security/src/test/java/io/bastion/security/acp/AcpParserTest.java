package io.bastion.security.acp;

import static io.bastion.security.acp.TestPolicies.PARSER;
import static io.bastion.security.acp.TestPolicies.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.primitive.ResponseStatusCode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AcpParserTest {

    @Test
    void parsesEveryElementOfARule() {
        SetOfAcrs set = PARSER.parseSetOfAcrs(json("""
                {'acr':[{
                  'acor':['all','Cabc','/id-in/C98*','//sp.example'],
                  'acop':34,
                  'acaf':true,
                  'acco':[{
                     'actw':['* 0-5 2,6,10 * * * *'],
                     'acip':{'ipv4':['10.125.0.0/16','122.77.12.1'],'ipv6':['fadf:ddd0::/32']},
                     'aclr':{'accr':[48.85, 2.35, 1500]}
                  },{
                     'aclr':{'accc':['kr','FR']}
                  }],
                  'acod':[{'ty':3,'chty':[4,23]},{'ty':28,'spty':{'cnd':'org.example.cnd'},'chty':[23]},{'chty':[3]}]
                },{
                  'acor':['CAdmin'],'acop':1
                }]}"""), "pv", true);

        assertThat(set.rules()).hasSize(2);
        AccessControlRule rule = set.rules().get(0);
        assertThat(rule.originators()).containsExactly(
                new AcorEntry.All(),
                new AcorEntry.Literal("Cabc", "//sp.example/id-in/Cabc"),
                new AcorEntry.Wildcard("/id-in/C98*", "//sp.example/id-in/C98*"),
                new AcorEntry.Domain("//sp.example"));
        assertThat(rule.operations()).isEqualTo(34);
        assertThat(rule.authenticationRequired()).isTrue();
        assertThat(rule.contexts()).hasSize(2);
        List<ContextCondition> first = rule.contexts().get(0).conditions();
        assertThat(first).hasSize(3);
        assertThat(first.get(0)).isInstanceOfSatisfying(TimeWindows.class,
                w -> assertThat(w.entries()).extracting(ScheduleEntry::text).containsExactly("* 0-5 2,6,10 * * * *"));
        assertThat(first.get(1)).isInstanceOfSatisfying(IpRanges.class, ip -> {
            assertThat(ip.ipv4()).extracting(CidrBlock::toString).containsExactly("10.125.0.0/16", "122.77.12.1/32");
            assertThat(ip.ipv6()).extracting(CidrBlock::toString).containsExactly("fadf:ddd0:0:0:0:0:0:0/32");
        });
        assertThat(first.get(2)).isEqualTo(new LocationRegion.Circle(48.85, 2.35, 1500));
        assertThat(rule.contexts().get(1).conditions())
                .containsExactly(new LocationRegion.Countries(List.of("KR", "FR")));
        assertThat(rule.objectDetails()).containsExactly(
                new ObjectDetails(3, null, List.of(4, 23)),
                new ObjectDetails(28, new SpecializationType("org.example.cnd", null), List.of(23)),
                new ObjectDetails(null, null, List.of(3)));

        AccessControlRule second = set.rules().get(1);
        assertThat(second.authenticationRequired()).as("acaf absent means false").isFalse();
        assertThat(second.contexts()).isEmpty();
        assertThat(second.objectDetails()).isEmpty();
    }

    @Test
    void acceptsTheBareFormsOfSpecializationType() {
        SetOfAcrs set = PARSER.parseSetOfAcrs(json(
                "{'acr':[{'acor':['all'],'acop':1,'acod':[{'ty':13,'spty':1001,'chty':[4]},"
                        + "{'ty':28,'spty':'org.x','chty':[4]},{'ty':13,'spty':{'mgd':1002},'chty':[4]}]}]}"), "pv", true);
        assertThat(set.rules().get(0).objectDetails()).extracting(ObjectDetails::specialization).containsExactly(
                new SpecializationType(null, 1001), new SpecializationType("org.x", null),
                new SpecializationType(null, 1002));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{'acr':[]}"})
    void emptyPrivilegesAreAllowedInPv(String pv) {
        assertThat(PARSER.parseSetOfAcrs(json(pv), "pv", true).rules()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{'acr':[]}"})
    void emptySelfPrivilegesAreRefused(String pvs) {
        // TC_CSE_SEC_ACP_CRE_004 expects 4000; TS-0001 9.6.2: selfPrivileges shall contain at least one tuple.
        assertBadRequest(() -> PARSER.parseSetOfAcrs(json(pvs), "pvs", false), "pvs.acr: must contain at least one rule");
        assertBadRequest(() -> PARSER.parsePolicy("acp1", json("{}"), json(pvs)),
                "pvs.acr: must contain at least one rule");
    }

    @Test
    void aMissingAttributeIsNamed() {
        assertBadRequest(() -> PARSER.parsePolicy("acp1", null, json("{'acr':[{'acor':['all'],'acop':1}]}")),
                "pv: missing");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            []                                                          | pv: must be an object (m2m:setOfAcrs)
            'x'                                                         | pv: must be an object (m2m:setOfAcrs)
            {'acr':{}}                                                  | pv.acr: must be a list
            {'acr':[], 'acp':1}                                         | pv.acp: unknown member
            {'acr':[5]}                                                 | pv.acr[0]: must be an object (m2m:accessControlRule)
            {'acr':[{'acop':63}]}                                       | pv.acr[0].acor: missing
            {'acr':[{'acor':'all','acop':63}]}                          | pv.acr[0].acor: must be a list of non-empty strings
            {'acr':[{'acor':[''],'acop':63}]}                           | pv.acr[0].acor[0]: must be a non-empty string
            {'acr':[{'acor':['all',7],'acop':63}]}                      | pv.acr[0].acor[1]: must be a non-empty string
            {'acr':[{'acor':['a b'],'acop':63}]}                        | pv.acr[0].acor[0]: must not contain spaces or control characters
            {'acr':[{'acor':['//'],'acop':63}]}                         | pv.acr[0].acor[0]: '//' names no SP domain
            {'acr':[{'acor':['all']}]}                                  | pv.acr[0].acop: missing
            {'acr':[{'acor':['all'],'acop':0}]}                         | pv.acr[0].acop: must be an integer 1..63
            {'acr':[{'acor':['all'],'acop':64}]}                        | pv.acr[0].acop: must be an integer 1..63
            {'acr':[{'acor':['all'],'acop':-1}]}                        | pv.acr[0].acop: must be an integer 1..63
            {'acr':[{'acor':['all'],'acop':'63'}]}                      | pv.acr[0].acop: must be an integer 1..63
            {'acr':[{'acor':['all'],'acop':3.5}]}                       | pv.acr[0].acop: must be an integer 1..63
            {'acr':[{'acor':['all'],'acop':99999999999}]}               | pv.acr[0].acop: must be an integer 1..63
            {'acr':[{'acor':['all'],'acop':1},{'acor':['all'],'acop':2},{'acor':['all'],'acop':128}]} | pv.acr[2].acop: must be an integer 1..63
            {'acr':[{'acor':['all'],'acop':1,'acaf':'true'}]}           | pv.acr[0].acaf: must be a boolean
            {'acr':[{'acor':['all'],'acop':1,'acaf':null}]}             | pv.acr[0].acaf: must be a boolean
            {'acr':[{'acor':['all'],'acop':1,'acui':['x']}]}            | pv.acr[0].acui: unknown member
            {'acr':[{'acor':['all'],'acop':1,'acco':{}}]}               | pv.acr[0].acco: must be a list
            {'acr':[{'acor':['all'],'acop':1,'acco':[3]}]}              | pv.acr[0].acco[0]: must be an object
            {'acr':[{'acor':['all'],'acop':1,'acco':[{}]}]}             | pv.acr[0].acco[0]: must contain at least one of actw, acip, aclr
            {'acr':[{'acor':['all'],'acop':1,'acco':[{'actw':[]}]}]}    | pv.acr[0].acco[0]: must contain at least one of actw, acip, aclr
            {'acr':[{'acor':['all'],'acop':1,'acco':[{'acec':1}]}]}     | pv.acr[0].acco[0].acec: unknown member
            {'acr':[{'acor':['all'],'acop':1,'acco':[{'actw':'* * * * * * *'}]}]} | pv.acr[0].acco[0].actw: must be a list of schedule entries
            {'acr':[{'acor':['all'],'acop':1,'acco':[{'actw':[5]}]}]}   | pv.acr[0].acco[0].actw[0]: must be a schedule entry string
            {'acr':[{'acor':['all'],'acop':1,'acco':[{'actw':['* * 25 * * * *']}]}]} | pv.acr[0].acco[0].actw[0]: hour field: '25' is outside 0..23
            {'acr':[{'acor':['all'],'acop':1,'acco':[{'actw':['* * * * * *']}]}]} | pv.acr[0].acco[0].actw[0]: must have 7 fields (second minute hour day month weekday year), found 6
            {'acr':[{'acor':['all'],'acop':1,'acco':[{'acip':[]}]}]}    | pv.acr[0].acco[0].acip: must be an object with ipv4 and/or ipv6
            {'acr':[{'acor':['all'],'acop':1,'acco':[{'acip':{}}]}]}    | pv.acr[0].acco[0].acip: must contain ipv4 and/or ipv6
            {'acr':[{'acor':['all'],'acop':1,'acco':[{'acip':{'ip':[]}}]}]} | pv.acr[0].acco[0].acip.ip: unknown member
            {'acr':[{'acor':['all'],'acop':1,'acco':[{'acip':{'ipv4':[]}}]}]} | pv.acr[0].acco[0].acip: must list at least one address block
            {'acr':[{'acor':['all'],'acop':1,'acco':[{'acip':{'ipv4':[],'ipv6':[]}}]}]} | pv.acr[0].acco[0].acip: must list at least one address block
            {'acr':[{'acor':[],'acop':63}]}                             | pv.acr[0].acor: must name at least one originator (write 'all' for every originator)
            {'acr':[{'acor':['*'],'acop':63}]}                          | pv.acr[0].acor[0]: a bare '*' is ambiguous: write 'all' for every originator, or 'C*' for every AE registered with this CSE
            {'acr':[{'acor':['all'],'acop':1,'acco':[{'acip':{'ipv4':'10.0.0.1'}}]}]} | pv.acr[0].acco[0].acip.ipv4: must be a list of addresses
            {'acr':[{'acor':['all'],'acop':1,'acco':[{'acip':{'ipv4':['10.0.0.256']}}]}]} | pv.acr[0].acco[0].acip.ipv4[0]: '10.0.0.256' is not an IPv4 address
            {'acr':[{'acor':['all'],'acop':1,'acco':[{'acip':{'ipv4':['10.0.0.0/33']}}]}]} | pv.acr[0].acco[0].acip.ipv4[0]: '10.0.0.0/33' has a prefix length outside 0..32
            {'acr':[{'acor':['all'],'acop':1,'acco':[{'acip':{'ipv4':['::1']}}]}]} | pv.acr[0].acco[0].acip.ipv4[0]: '::1' is not an IPv4 address
            {'acr':[{'acor':['all'],'acop':1,'acco':[{'acip':{'ipv6':['fe80::1::2']}}]}]} | pv.acr[0].acco[0].acip.ipv6[0]: 'fe80::1::2' is not an IPv6 address
            {'acr':[{'acor':['all'],'acop':1,'acco':[{'acip':{'ipv6':[1]}}]}]} | pv.acr[0].acco[0].acip.ipv6[0]: must be an IPv6 address with optional /prefix
            {'acr':[{'acor':['all'],'acop':1,'acco':[{'aclr':{}}]}]}    | pv.acr[0].acco[0].aclr: must contain exactly one of accr and accc
            {'acr':[{'acor':['all'],'acop':1,'acco':[{'aclr':{'accr':[1,2,3],'accc':['KR']}}]}]} | pv.acr[0].acco[0].aclr: must contain exactly one of accr and accc
            {'acr':[{'acor':['all'],'acop':1,'acco':[{'aclr':{'accr':[1,2]}}]}]} | pv.acr[0].acco[0].aclr.accr: must be [latitude, longitude, radius]
            {'acr':[{'acor':['all'],'acop':1,'acco':[{'aclr':{'accr':[91,2,3]}}]}]} | pv.acr[0].acco[0].aclr.accr[0]: latitude must be within -90..90
            {'acr':[{'acor':['all'],'acop':1,'acco':[{'aclr':{'accr':[1,-181,3]}}]}]} | pv.acr[0].acco[0].aclr.accr[1]: longitude must be within -180..180
            {'acr':[{'acor':['all'],'acop':1,'acco':[{'aclr':{'accr':[1,2,0]}}]}]} | pv.acr[0].acco[0].aclr.accr[2]: radius must be a positive number of metres
            {'acr':[{'acor':['all'],'acop':1,'acco':[{'aclr':{'accr':[1,'2',3]}}]}]} | pv.acr[0].acco[0].aclr.accr[1]: must be a number
            {'acr':[{'acor':['all'],'acop':1,'acco':[{'aclr':{'accc':['KOR']}}]}]} | pv.acr[0].acco[0].aclr.accc[0]: must be a 2-letter ISO 3166-1 country code
            {'acr':[{'acor':['all'],'acop':1,'acco':[{'aclr':{'accc':[]}}]}]} | pv.acr[0].acco[0].aclr.accc: must be a non-empty list of country codes
            {'acr':[{'acor':['all'],'acop':1,'acod':{'chty':[4]}}]}     | pv.acr[0].acod: must be a list
            {'acr':[{'acor':['all'],'acop':1,'acod':[{'ty':3}]}]}       | pv.acr[0].acod[0].chty: missing
            {'acr':[{'acor':['all'],'acop':1,'acod':[{'chty':4}]}]}     | pv.acr[0].acod[0].chty: must be a list of resource types
            {'acr':[{'acor':['all'],'acop':1,'acod':[{'chty':['4']}]}]} | pv.acr[0].acod[0].chty[0]: must be a positive integer
            {'acr':[{'acor':['all'],'acop':1,'acod':[{'ty':0,'chty':[4]}]}]} | pv.acr[0].acod[0].ty: must be a positive integer
            {'acr':[{'acor':['all'],'acop':1,'acod':[{'chty':[4],'rn':'x'}]}]} | pv.acr[0].acod[0].rn: unknown member
            {'acr':[{'acor':['all'],'acop':1,'acod':[{'spty':{'cnd':'a','mgd':1},'chty':[4]}]}]} | pv.acr[0].acod[0].spty: must contain exactly one of cnd and mgd
            {'acr':[{'acor':['all'],'acop':1,'acod':[{'spty':{'cnd':''},'chty':[4]}]}]} | pv.acr[0].acod[0].spty.cnd: must be a non-empty string
            {'acr':[{'acor':['all'],'acop':1,'acod':[{'spty':true,'chty':[4]}]}]} | pv.acr[0].acod[0].spty: must be an object with cnd or mgd
            """)
    void malformedInputIsRefusedNamingTheElement(String pv, String message) {
        assertBadRequest(() -> PARSER.parseSetOfAcrs(json(pv), "pv", true), message);
    }

    @Test
    void overlongIdentifiersAreRefused() {
        String longId = "C" + "x".repeat(AcpParser.MAX_ID_LENGTH);
        assertBadRequest(() -> PARSER.parseSetOfAcrs(json("{'acr':[{'acor':['" + longId + "'],'acop':1}]}"), "pv", true),
                "pv.acr[0].acor[0]: longer than 2048 characters");
    }

    private static void assertBadRequest(Runnable call, String message) {
        assertThatThrownBy(call::run)
                .isInstanceOfSatisfying(OneM2MException.class,
                        e -> assertThat(e.status()).isEqualTo(ResponseStatusCode.BAD_REQUEST))
                .hasMessage(message);
    }
}
