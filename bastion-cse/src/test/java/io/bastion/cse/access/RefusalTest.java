package io.bastion.cse.access;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.bastion.core.primitive.Operation;
import io.bastion.core.resource.Resource;
import io.bastion.core.resource.ResourceTypes;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What an originator is told when access control refuses it: the operation and why, never an ID it did not give. */
class RefusalTest {
    static final Resource CNT = resource("cnt7secret", ResourceTypes.CNT);
    static final Resource ACP = resource("acp3secret", ResourceTypes.ACP);
    static final Resource GRP = resource("grp2secret", ResourceTypes.GRP);
    static final String NO_POLICY = "no access control policy grants it to the originator";

    static Resource resource(String ri, int ty) {
        return new Resource(ri, "Cowner", ty, "cse-in/owner/" + ri, JsonNodeFactory.instance.objectNode(), "Cowner",
                Instant.parse("2030-01-01T00:00:00Z"));
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(Operation.RETRIEVE, null, CNT, PolicySource.Rules.ACPI, null, Refusal.Dynamic.NONE,
                        "RETRIEVE refused: " + NO_POLICY),
                Arguments.of(Operation.CREATE, ResourceTypes.CIN, CNT, PolicySource.Rules.ACPI, null,
                        Refusal.Dynamic.NONE, "CREATE of m2m:cin refused: " + NO_POLICY),
                Arguments.of(Operation.CREATE, 9999, CNT, PolicySource.Rules.ACPI, null, Refusal.Dynamic.NONE,
                        "CREATE of a resource of type 9999 refused: " + NO_POLICY),
                Arguments.of(Operation.DELETE, null, CNT, PolicySource.Rules.ACPI, null, Refusal.Dynamic.DENIED,
                        "DELETE refused: " + NO_POLICY + "; dynamic authorization did not grant it either"),
                Arguments.of(Operation.UPDATE, null, CNT, PolicySource.Rules.ACPI, null, Refusal.Dynamic.NOT_COVERED,
                        "UPDATE refused: " + NO_POLICY + "; what dynamic authorization granted does not cover it"),
                Arguments.of(Operation.RETRIEVE, null, CNT, PolicySource.Rules.ACPI, null, Refusal.Dynamic.TOKENS,
                        "RETRIEVE refused: " + NO_POLICY + "; the token request information (m2m:tqf) says where "
                                + "tokens may be requested"),
                Arguments.of(Operation.UPDATE, null, CNT, PolicySource.Rules.ACPI_SELF, null, Refusal.Dynamic.NONE,
                        "UPDATE of accessControlPolicyIDs (acpi) refused: it needs UPDATE in the selfPrivileges (pvs) "
                                + "of the policies linked now, which grant it not to the originator"),
                Arguments.of(Operation.DELETE, null, ACP, PolicySource.Rules.ACPI, null, Refusal.Dynamic.NONE,
                        "DELETE refused: the selfPrivileges (pvs) of the accessControlPolicy grant it not to the "
                                + "originator"),
                Arguments.of(Operation.CREATE, ResourceTypes.SUB, GRP, PolicySource.Rules.MACP, null,
                        Refusal.Dynamic.NONE, "CREATE of m2m:sub through the group's fanOutPoint (fopt) refused: the "
                                + "group's membersAccessControlPolicyIDs (macp), or its accessControlPolicyIDs when it "
                                + "has none, grant it not to the originator"),
                Arguments.of(Operation.RETRIEVE, null, CNT, PolicySource.Rules.ACPI,
                        "member cse-in/owner/c1 of memberIDs (mid)", Refusal.Dynamic.NONE,
                        "RETRIEVE of member cse-in/owner/c1 of memberIDs (mid) refused: " + NO_POLICY));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void saysTheOperationAndWhyInGeneralTerms(Operation op, Integer childTy, Resource target,
                                               PolicySource.Rules rules, String what, Refusal.Dynamic dynamic,
                                               String expected) {
        String message = Refusal.of(op, childTy, target, rules, what, dynamic);
        assertThat(message).isEqualTo(expected).doesNotContain(target.ri()).doesNotContain("secret");
    }
}
