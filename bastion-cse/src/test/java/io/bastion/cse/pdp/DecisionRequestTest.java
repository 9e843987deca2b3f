package io.bastion.cse.pdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.primitive.Operation;
import io.bastion.core.primitive.ResponseStatusCode;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The request attributes of a decision request as TS-0004 7.4.43.2.3 step 1 checks them ({@link DecisionRequest}). */
class DecisionRequestTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Instant NOW = Instant.parse("2026-12-06T10:00:00Z");
    static final String MINIMAL = "\"to\":\"/id-mn/cse-mn/ae/cnt\",\"fr\":\"/id-mn/Cae\",\"op\":2";

    static DecisionRequest parse(String attributes) throws Exception {
        return DecisionRequest.parse((ObjectNode) JSON.readTree("{" + attributes + "}"), NOW);
    }

    @Test
    void everyAttributeIsRead() throws Exception {
        DecisionRequest r = parse(MINIMAL + ",\"rrt\":4,\"rids\":[\"r1\",\"r2\"],\"tids\":[\"t1\"],"
                + "\"tkns\":[\"eyJ.x.y\"],\"rtm\":\"20261206T093000\",\"oip\":{\"ip4\":\"192.0.2.7\"},"
                + "\"fu\":{},\"olo\":{}");
        assertThat(r.to()).isEqualTo("/id-mn/cse-mn/ae/cnt");
        assertThat(r.fr()).isEqualTo("/id-mn/Cae");
        assertThat(r.op()).isEqualTo(Operation.RETRIEVE);
        assertThat(r.rrt()).isEqualTo(4);
        assertThat(r.rids()).containsExactly("r1", "r2");
        assertThat(r.tids()).containsExactly("t1");
        assertThat(r.tkns()).containsExactly("eyJ.x.y");
        assertThat(r.rtm()).isEqualTo(Instant.parse("2026-12-06T09:30:00Z"));
        assertThat(r.oip().getHostAddress()).isEqualTo("192.0.2.7");
    }

    @Test
    void withoutOptionalAttributesTheTimeIsNowAndTheListsEmpty() throws Exception {
        DecisionRequest r = parse(MINIMAL);
        assertThat(r.rrt()).isNull();
        assertThat(r.rids()).isEmpty();
        assertThat(r.tids()).isEmpty();
        assertThat(r.tkns()).isEmpty();
        assertThat(r.rtm()).isEqualTo(NOW);
        assertThat(r.oip()).isNull();
        assertThat(parse(MINIMAL + ",\"oip\":{\"ip6\":\"2001:db8::1\"}").oip().getHostAddress())
                .isEqualTo("2001:db8:0:0:0:0:0:1");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            no to                 | `"fr":"/id-mn/Cae","op":2`                        | to is mandatory
            to not a string       | `"to":5,"fr":"/id-mn/Cae","op":2`                 | to is a non-empty string
            to empty              | `"to":"","fr":"/id-mn/Cae","op":2`                | to is a non-empty string
            no fr                 | `"to":"/id-mn/x","op":2`                          | fr is mandatory
            fr a list             | `"to":"/id-mn/x","fr":["a"],"op":2`               | fr is a non-empty string
            no op                 | `"to":"/id-mn/x","fr":"/id-mn/Cae"`               | op is mandatory
            op a string           | `"to":"/id-mn/x","fr":"/id-mn/Cae","op":"2"`      | op is mandatory
            op a fraction         | `"to":"/id-mn/x","fr":"/id-mn/Cae","op":2.5`      | op is mandatory
            op out of range       | `"to":"/id-mn/x","fr":"/id-mn/Cae","op":9`        | op is mandatory
            op zero               | `"to":"/id-mn/x","fr":"/id-mn/Cae","op":0`        | op is mandatory
            rrt a string          | `MINIMAL,"rrt":"cin"`                             | rrt is an m2m:resourceType
            rrt a fraction        | `MINIMAL,"rrt":4.5`                               | rrt is an m2m:resourceType
            fu not an object      | `MINIMAL,"fu":1`                                  | fu is an object
            olo not an object     | `MINIMAL,"olo":"here"`                            | olo is an object
            rtm no timestamp      | `MINIMAL,"rtm":"yesterday"`                       | rtm is an m2m:timestamp
            oip a string          | `MINIMAL,"oip":"192.0.2.7"`                       | oip is an m2m:ipAddress
            oip a host name       | `MINIMAL,"oip":{"ip4":"example.com"}`             | oip is an m2m:ipAddress
            oip ip6 no address    | `MINIMAL,"oip":{"ip6":"zz::1"}`                   | oip is an m2m:ipAddress
            rids not a list       | `MINIMAL,"rids":"r1"`                             | rids is a list of at most 16
            rids with a number    | `MINIMAL,"rids":[1]`                              | rids is a list of non-empty strings
            tids with an empty    | `MINIMAL,"tids":[""]`                             | tids is a list of non-empty strings
            tkns too many         | `MINIMAL,"tkns":[MANY]`                           | tkns is a list of at most 16
            """)
    void aWrongAttributeIs4000NamingIt(String what, String attributes, String message) {
        String many = String.join(",", java.util.Collections.nCopies(17, "\"t\""));
        String text = attributes.replace("MINIMAL", MINIMAL).replace("MANY", many);
        assertThatThrownBy(() -> parse(text)).as(what).isInstanceOf(OneM2MException.class)
                .hasMessageStartingWith(message)
                .satisfies(e -> assertThat(((OneM2MException) e).status()).isEqualTo(ResponseStatusCode.BAD_REQUEST));
    }

    @Test
    void everyOperationCodeIsItsOperation() throws Exception {
        for (Operation op : List.of(Operation.CREATE, Operation.RETRIEVE, Operation.UPDATE, Operation.DELETE,
                Operation.NOTIFY)) {
            assertThat(parse("\"to\":\"/id-mn/x\",\"fr\":\"/id-mn/Cae\",\"op\":" + op.code()).op()).isEqualTo(op);
        }
    }
}
