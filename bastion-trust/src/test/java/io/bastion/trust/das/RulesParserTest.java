package io.bastion.trust.das;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class RulesParserTest {

    static String rules(String... rules) {
        return ("{'rules':[" + String.join(",", rules) + "]}").replace('\'', '"');
    }

    @Test
    void readsEveryMemberOfARule() {
        List<DasRule> rules = RulesParser.parse(rules("{'name':'r1','originators':['/id-in/C*'],"
                + "'targets':['/id-in/cse-in/lights/**'],'operations':['retrieve','discovery'],'lifetime':60,"
                + "'grant':'both','hostingCses':['/id-in'],'ip':['192.0.2.0/24','2001:db8::/32'],"
                + "'schedule':['* * 8-17 * * 1-5 *'],'roles':['reader@das.example.com']}"));
        DasRule r = rules.get(0);
        assertThat(r.name()).isEqualTo("r1");
        assertThat(r.operations()).isEqualTo(2 | 32);
        assertThat(r.lifetime()).isEqualTo(Duration.ofSeconds(60));
        assertThat(r.delivery()).isEqualTo(Delivery.BOTH);
        assertThat(r.ipBlocks()).hasSize(2);
        assertThat(r.schedule()).hasSize(1);
        assertThat(r.roleIds()).containsExactly("reader@das.example.com");
        assertThat(r.hostingCses()).extracting(IdPattern::text).containsExactly("/id-in");
    }

    @Test
    void operationsMayBeAcopBitsAndAnEmptyRuleListIsValid() {
        assertThat(RulesParser.parse(rules("{'name':'n','originators':['a'],'targets':['t'],'operations':3,"
                + "'lifetime':1,'grant':'token'}")).get(0).operations()).isEqualTo(3);
        assertThat(RulesParser.parse(rules())).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unknown rule member | {'name':'n','originators':['a'],'targets':['t'],'operations':3,'lifetime':1,'grant':'token','ips':['1.2.3.4']} | rules[0].ips: unknown member
            missing name        | {'originators':['a'],'targets':['t'],'operations':3,'lifetime':1,'grant':'token'} | rules[0].name
            no originators      | {'name':'n','originators':[],'targets':['t'],'operations':3,'lifetime':1,'grant':'token'} | rules[0].originators: must be a non-empty list
            originator space    | {'name':'n','originators':['a b'],'targets':['t'],'operations':3,'lifetime':1,'grant':'token'} | rules[0].originators[0]: must not contain spaces
            bad target          | {'name':'n','originators':['a'],'targets':['/a/**/b'],'operations':3,'lifetime':1,'grant':'token'} | rules[0].targets[0]: '**' may only end a path
            bad operation       | {'name':'n','originators':['a'],'targets':['t'],'operations':['read'],'lifetime':1,'grant':'token'} | rules[0].operations[0]: must be one of
            acop out of range   | {'name':'n','originators':['a'],'targets':['t'],'operations':64,'lifetime':1,'grant':'token'} | rules[0].operations: must be acop bits
            zero lifetime       | {'name':'n','originators':['a'],'targets':['t'],'operations':3,'lifetime':0,'grant':'token'} | rules[0].lifetime: must be a number of seconds
            huge lifetime       | {'name':'n','originators':['a'],'targets':['t'],'operations':3,'lifetime':99999999,'grant':'token'} | rules[0].lifetime
            bad grant           | {'name':'n','originators':['a'],'targets':['t'],'operations':3,'lifetime':1,'grant':'all'} | rules[0].grant: must be
            bad ip              | {'name':'n','originators':['a'],'targets':['t'],'operations':3,'lifetime':1,'grant':'token','ip':['300.1.1.1']} | rules[0].ip[0]
            bad schedule        | {'name':'n','originators':['a'],'targets':['t'],'operations':3,'lifetime':1,'grant':'token','schedule':['* *']} | rules[0].schedule[0]
            """)
    void refusesInvalidRulesNamingThePlace(String name, String rule, String message) {
        assertThatThrownBy(() -> RulesParser.parse(rules(rule)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    @Test
    void refusesWhatIsNotARulesFile() {
        assertThatThrownBy(() -> RulesParser.parse("{\"rules\": [}")).hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> RulesParser.parse("[]")).hasMessageContaining("must be a JSON object");
        assertThatThrownBy(() -> RulesParser.parse("{\"rule\":[]}")).hasMessageContaining("rule: unknown member");
        assertThatThrownBy(() -> RulesParser.parse("{\"rules\":{}}")).hasMessageContaining("rules: must be a list");
        assertThatThrownBy(() -> RulesParser.parse("{\"rules\":[],\"rules\":[]}")).hasMessageContaining("JSON");
    }
}
