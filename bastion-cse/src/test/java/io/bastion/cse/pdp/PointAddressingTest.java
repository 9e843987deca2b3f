package io.bastion.cse.pdp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bastion.core.resource.Resource;
import io.bastion.core.resource.ResourceTypes;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Which policies a PRP serves for a {@code to} ({@link PolicyRetrievalPoint#appliesTo}: the label
 * {@code bastion:policyFor=ADDRESS}, ADDRESS the target or an address above it, {@code *} every target) and who may
 * ask a point ({@link AuthorizationPointBehaviour#isCseId}: a CSE-ID, SP-relative or absolute).
 */
class PointAddressingTest {

    static Resource acp(String... labels) {
        ObjectNode a = JsonNodeFactory.instance.objectNode();
        var lbl = a.putArray("lbl");
        for (String l : labels) {
            lbl.add(l);
        }
        return new Resource("acp1", "cb", ResourceTypes.ACP, "cse-in/acp1", a, "CAdmin", null);
    }

    @ParameterizedTest(name = "{0} for {1}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            bastion:policyFor=/id-mn/cse-mn/ae/cnt  | /id-mn/cse-mn/ae/cnt     | true
            bastion:policyFor=/id-mn/cse-mn/ae      | /id-mn/cse-mn/ae/cnt     | true
            bastion:policyFor=/id-mn/cse-mn/        | /id-mn/cse-mn/ae/cnt     | true
            bastion:policyFor=/id-mn                | /id-mn/cse-mn/ae/cnt     | true
            bastion:policyFor=*                     | /id-mn/cse-mn/ae/cnt     | true
            bastion:policyFor=/id-mn/cse-mn/ae      | /id-mn/cse-mn/aeother    | false
            bastion:policyFor=/id-mn/cse-mn/ae/cnt  | /id-mn/cse-mn/ae         | false
            bastion:policyFor=/id-mn2               | /id-mn/cse-mn/ae         | false
            bastion:policyFor=                      | /id-mn/cse-mn/ae         | false
            bastion:policyFor=/id-mn/cse-mn/ae/cnt/ | /id-mn/cse-mn/ae/cnt     | false
            policyFor=/id-mn/cse-mn/ae              | /id-mn/cse-mn/ae         | false
            Bastion:policyFor=/id-mn/cse-mn/ae      | /id-mn/cse-mn/ae         | false
            room/1                                  | /id-mn/cse-mn/ae         | false
            """)
    void aLabelledPolicyAppliesToItsAddressAndBelow(String label, String to, boolean applies) {
        assertThat(PolicyRetrievalPoint.appliesTo(acp(label), to)).isEqualTo(applies);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            /id-mn                      | true
            //bastion.example/id-mn     | true
            /id-mn/Cae                  | false
            /id-mn/                     | false
            //bastion.example/id-mn/Cae | false
            //bastion.example           | false
            //bastion.example/          | false
            /                           | false
            Cae                         | false
            id-mn                       | false
            """)
    void onlyACseIdMayAskAPoint(String originator, boolean cse) {
        assertThat(AuthorizationPointBehaviour.isCseId(originator)).isEqualTo(cse);
    }
}
