package io.bastion.cse.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bastion.core.primitive.FilterCriteria;
import io.bastion.core.resource.Resource;
import io.bastion.core.time.Timestamps;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class FilterMatcherTest {
    private static final Instant CT = Instant.parse("2026-01-10T10:00:00Z");

    private static Resource cin() throws Exception {
        ObjectNode a = (ObjectNode) new ObjectMapper().readTree(
                "{\"ty\":4,\"ri\":\"c1\",\"rn\":\"one\",\"lbl\":[\"a\",\"b\"],\"cs\":10,\"st\":3}");
        a.put("ct", Timestamps.format(CT));
        a.put("lt", Timestamps.format(CT.plusSeconds(60)));
        return new Resource("c1", "p", 4, "cse-in/x/one", a, "Cx", CT.plusSeconds(3600));
    }

    private static FilterCriteria fc(Integer fo, List<String> lbl, List<Integer> ty, Instant cra, Integer sts) {
        return new FilterCriteria(1, fo, cra, null, null, null, sts, null, null, null, lbl, ty, null, null, null,
                null, null, null);
    }

    @Test
    void andRequiresEveryCondition() throws Exception {
        assertThat(FilterMatcher.matches(fc(null, List.of("b"), List.of(4), null, null), cin())).isTrue();
        assertThat(FilterMatcher.matches(fc(null, List.of("b"), List.of(3), null, null), cin())).isFalse();
    }

    @Test
    void orNeedsOneCondition() throws Exception {
        assertThat(FilterMatcher.matches(fc(2, List.of("zz"), List.of(4), null, null), cin())).isTrue();
        assertThat(FilterMatcher.matches(fc(2, List.of("zz"), List.of(3), null, null), cin())).isFalse();
    }

    @Test
    void anyLabelOfSeveralMatches() throws Exception {
        assertThat(FilterMatcher.matches(fc(null, List.of("x", "a"), List.of(), null, null), cin())).isTrue();
    }

    @Test
    void createdAfterIsStrictAndStateTagSmallerCompares() throws Exception {
        assertThat(FilterMatcher.matches(fc(null, List.of(), List.of(), CT, null), cin())).isFalse();
        assertThat(FilterMatcher.matches(fc(null, List.of(), List.of(), CT.minusSeconds(1), null), cin())).isTrue();
        assertThat(FilterMatcher.matches(fc(null, List.of(), List.of(), null, 4), cin())).isTrue();
        assertThat(FilterMatcher.matches(fc(null, List.of(), List.of(), null, 3), cin())).isFalse();
    }

    @Test
    void noConditionMatchesEverything() throws Exception {
        assertThat(FilterMatcher.matches(FilterCriteria.none(), cin())).isTrue();
    }
}
