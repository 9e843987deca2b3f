package io.bastion.cse.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bastion.core.geo.GeoQuery;
import io.bastion.core.primitive.AttributeCondition;
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

    private static Resource ae() throws Exception {
        ObjectNode a = (ObjectNode) new ObjectMapper().readTree("{\"ty\":2,\"ri\":\"a1\",\"rn\":\"app\","
                + "\"api\":\"Nmy.app\",\"rr\":true,\"poa\":[\"http://10.0.0.1:80/a\",\"mqtt://b\"],"
                + "\"srv\":[\"3\"],\"nl\":\"nod1\",\"mni\":10,\"lat\":1.50,\"st\":2,"
                + "\"rqp\":{\"x\":\"y\"}}");
        return new Resource("a1", "cse", 2, "cse-in/app", a, "Capp", null);
    }

    private static FilterCriteria attributes(int fu, Integer fo, List<Integer> ty, AttributeCondition... atr) {
        return new FilterCriteria(fu, fo, null, null, null, null, null, null, null, null, List.of(), ty, null, null,
                null, null, null, null, null, List.of(atr));
    }

    private static boolean discovers(AttributeCondition... atr) throws Exception {
        return FilterMatcher.matches(attributes(1, null, List.of(), atr), ae());
    }

    @Test
    void anAttributeConditionComparesTheValueAsText() throws Exception {
        assertThat(discovers(new AttributeCondition("api", "Nmy.app"))).isTrue();
        assertThat(discovers(new AttributeCondition("api", "Nmy"))).isFalse();
        assertThat(discovers(new AttributeCondition("mni", "10"))).isTrue();
        assertThat(discovers(new AttributeCondition("mni", "1"))).isFalse();
        assertThat(discovers(new AttributeCondition("rr", "true"))).isTrue();
        assertThat(discovers(new AttributeCondition("lat", "1.5"))).as("a decimal by value").isTrue();
        assertThat(discovers(new AttributeCondition("lat", "x"))).isFalse();
    }

    @Test
    void aListMatchesByAnyElementAndAStructuredValueNever() throws Exception {
        assertThat(discovers(new AttributeCondition("poa", "mqtt://b"))).isTrue();
        assertThat(discovers(new AttributeCondition("srv", "3"))).isTrue();
        assertThat(discovers(new AttributeCondition("rqp", "{\"x\":\"y\"}"))).isFalse();
        assertThat(discovers(new AttributeCondition("absent", "x"))).isFalse();
    }

    @Test
    void wildcardsCountInADiscoveryOnly() throws Exception {
        assertThat(discovers(new AttributeCondition("poa", "http://10.0.0.*"))).isTrue();
        assertThat(FilterMatcher.matches(attributes(2, null, List.of(), new AttributeCondition("api", "N*")), ae()))
                .as("conditional retrieval compares the star as a character").isFalse();
    }

    @Test
    void severalPairsAreOneConditionMetByAnyAndCombineWithTheOthers() throws Exception {
        assertThat(discovers(new AttributeCondition("api", "other"), new AttributeCondition("nl", "nod1"))).isTrue();
        assertThat(FilterMatcher.matches(attributes(1, null, List.of(3), new AttributeCondition("nl", "nod1")),
                ae())).as("AND with ty").isFalse();
        assertThat(FilterMatcher.matches(attributes(1, 2, List.of(3), new AttributeCondition("nl", "nod1")),
                ae())).as("OR with ty").isTrue();
    }

    @Test
    void noConditionMatchesEverything() throws Exception {
        assertThat(FilterMatcher.matches(FilterCriteria.none(), cin())).isTrue();
    }

    private static Resource located(String loc) throws Exception {
        ObjectNode a = (ObjectNode) new ObjectMapper().readTree("{\"ty\":3,\"ri\":\"k\",\"rn\":\"k\"}");
        if (loc != null) {
            a.set("loc", new ObjectMapper().readTree(loc));
        }
        return new Resource("k", "p", 3, "cse-in/x/k", a, "Cx", CT.plusSeconds(3600));
    }

    private static FilterCriteria geo(Integer fo, List<Integer> ty, String polygon) {
        GeoQuery gq = GeoQuery.of(3, polygon, 2).orElseThrow(); // resources whose loc lies in the polygon
        return new FilterCriteria(1, fo, null, null, null, null, null, null, null, null, List.of(), ty, null, null,
                null, null, null, null, gq, List.of());
    }

    private static final String SQUARE = "[[[0,0],[10,0],[10,10],[0,10],[0,0]]]";

    @Test
    void aGeoQueryMatchesTheLocationInsideItsArea() throws Exception {
        assertThat(FilterMatcher.matches(geo(null, List.of(), SQUARE), located("{\"typ\":1,\"crd\":[5,5]}")))
                .isTrue();
        assertThat(FilterMatcher.matches(geo(null, List.of(), SQUARE), located("{\"typ\":1,\"crd\":\"[15, 5]\"}")))
                .isFalse();
        assertThat(FilterMatcher.matches(geo(null, List.of(), SQUARE), located(null))).isFalse();
    }

    @Test
    void aGeoQueryIsOneConditionOfTheFilterOperation() throws Exception {
        Resource outside = located("{\"typ\":1,\"crd\":[15,5]}");
        assertThat(FilterMatcher.matches(geo(null, List.of(3), SQUARE), outside)).isFalse();
        assertThat(FilterMatcher.matches(geo(2, List.of(3), SQUARE), outside)).isTrue();
        assertThat(FilterMatcher.matches(geo(null, List.of(4), SQUARE), located("{\"typ\":1,\"crd\":[5,5]}")))
                .isFalse();
    }

    @Test
    void aStoredLocationThatNoLongerReadsMatchesNoGeoQuery() throws Exception {
        assertThat(FilterMatcher.matches(geo(null, List.of(), SQUARE), located("{\"typ\":9,\"crd\":[5,5]}")))
                .isFalse();
    }
}
