package io.bastion.core.primitive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The result content table (TS-0001 table 8.1.2-1; TS-0004 7.3.3.17.x) as this CSE serves it, operation by
 * operation: which values are accepted, which one an absent {@code rcn} means, and the 4000 for every other value.
 */
class ResultContentTest {

    /** operation | accepted codes | default code ("-": none, and no rcn is accepted). */
    static final List<String> TABLE = List.of(
            "CREATE|0 1 2 3|1",
            "RETRIEVE|1 4 5 6 8|1",
            "DISCOVERY|11|11",
            "UPDATE|0 1 9|1",
            "DELETE|0 1|0",
            "NOTIFY||-");

    @Test
    void theTableOfEachOperation() {
        for (String row : TABLE) {
            String[] f = row.split("\\|", -1);
            Operation op = Operation.valueOf(f[0]);
            assertThat(ResultContent.allowed(op).stream().map(ResultContent::code).collect(Collectors.toSet()))
                    .as(row).isEqualTo(codes(f[1]));
            ResultContent d = ResultContent.defaultFor(op);
            assertThat(d == null ? "-" : String.valueOf(d.code())).as(row).isEqualTo(f[2]);
        }
        assertThat(TABLE).hasSize(Operation.values().length);
    }

    @Test
    void aRequestGetsWhatItAsksForOrItsOperationsDefault() {
        for (String row : TABLE) {
            String[] f = row.split("\\|", -1);
            Operation op = Operation.valueOf(f[0]);
            for (int code : codes(f[1])) {
                assertThat(ResultContent.of(request(op, code))).as(row).isSameAs(ResultContent.fromCode(code));
            }
            assertThat(ResultContent.of(request(op, null))).as(row).isSameAs(ResultContent.defaultFor(op));
        }
    }

    @Test
    void everyOtherValueIsRefusedWith4000NamingTheOperation() {
        for (String row : TABLE) {
            String[] f = row.split("\\|", -1);
            Operation op = Operation.valueOf(f[0]);
            String named = op == Operation.DISCOVERY ? "discovery" : op.name();
            for (int code = -1; code <= 12; code++) {
                if (codes(f[1]).contains(code)) {
                    continue;
                }
                int rcn = code;
                assertThatThrownBy(() -> ResultContent.of(request(op, rcn))).as(row + " rcn " + rcn)
                        .isInstanceOfSatisfying(OneM2MException.class, e -> {
                            assertThat(e.status()).isEqualTo(ResponseStatusCode.BAD_REQUEST);
                            assertThat(e.getMessage())
                                    .isEqualTo("result content (rcn) " + rcn + " is not valid for " + named);
                        });
            }
        }
    }

    @Test
    void everyValueHasItsCode() {
        for (ResultContent rc : ResultContent.values()) {
            assertThat(ResultContent.fromCode(rc.code())).isSameAs(rc);
        }
        assertThat(ResultContent.fromCode(12)).isNull();
        assertThat(ResultContent.fromCode(-1)).isNull();
    }

    private static Set<Integer> codes(String list) {
        return list.isEmpty() ? Set.of()
                : Arrays.stream(list.split(" ")).map(Integer::valueOf).collect(Collectors.toSet());
    }

    /** A request for {@code op}; for {@link Operation#DISCOVERY} a RETRIEVE with filterUsage 1. */
    private static Request request(Operation op, Integer rcn) {
        boolean discovery = op == Operation.DISCOVERY;
        FilterCriteria fc = discovery
                ? new FilterCriteria(FilterCriteria.USAGE_DISCOVERY, null, null, null, null, null, null, null, null,
                null, List.of(), List.of(), null, null, null, null, null, null)
                : null;
        return Request.builder(discovery ? Operation.RETRIEVE : op, "cse-in").fr("Cx").rqi("1").rvi("3").rcn(rcn)
                .fc(fc).build();
    }
}
