package io.bastion.security.acp;

import static io.bastion.security.acp.TestPolicies.LOCAL;
import static io.bastion.security.acp.TestPolicies.facts;
import static io.bastion.security.acp.TestPolicies.oneRule;
import static org.assertj.core.api.Assertions.assertThat;

import io.bastion.core.primitive.Operation;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code acop} bits (TS-0004 table 6.3.4.2.29-1) for every value 1..63 and every operation, DISCOVERY included. */
class OperationBitsTest {
    private final AccessDecisionEngine engine = new AccessDecisionEngine(LOCAL, GroupMembers.NONE);

    static Stream<Arguments> everyAcopAndOperation() {
        List<Arguments> all = new ArrayList<>();
        for (int acop = 1; acop <= 63; acop++) {
            for (Operation op : Operation.values()) {
                all.add(Arguments.of(acop, op));
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "acop {0}, {1}")
    @MethodSource("everyAcopAndOperation")
    void aRulePermitsExactlyTheOperationsWhoseBitIsSet(int acop, Operation op) {
        AccessDecision d = engine.decide(facts("Cabc", op), List.of(oneRule("acp1", acop, "Cabc")), PrivilegeSet.PV);
        assertThat(d.permitted()).isEqualTo((acop & op.acopBit()) != 0);
        if (!d.permitted()) {
            assertThat(d.explain()).contains("acop " + acop + " lacks " + op.name());
        }
    }

    @ParameterizedTest(name = "{0} is bit {1}")
    @CsvSource({"CREATE,1", "RETRIEVE,2", "UPDATE,4", "DELETE,8", "NOTIFY,16", "DISCOVERY,32"})
    void theBitValuesAreThoseOfTheSpecification(Operation op, int bit) {
        assertThat(op.acopBit()).isEqualTo(bit);
        assertThat(engine.decide(facts("Cabc", op), List.of(oneRule("acp1", bit, "Cabc")), PrivilegeSet.PV)
                .permitted()).isTrue();
        assertThat(engine.decide(facts("Cabc", op), List.of(oneRule("acp1", 63 - bit, "Cabc")), PrivilegeSet.PV)
                .permitted()).isFalse();
    }
}
