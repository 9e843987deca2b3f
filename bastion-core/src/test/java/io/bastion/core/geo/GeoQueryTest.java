package io.bastion.core.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bastion.core.primitive.OneM2MException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Geo-queries: the query's geometry relates to the resource's location as gsf asks (1 within, 2 contains,
 * 3 intersects; the query's geometry is the subject, as in the ACME CSE), with JTS's predicates.
 */
class GeoQueryTest {
    private static final String SQUARE = "[[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0], [0.0, 0.0]]";
    /** Central Paris, roughly the area inside the Boulevard Périphérique, [longitude, latitude]. */
    private static final String PARIS = "[[[2.25, 48.815], [2.42, 48.815], [2.42, 48.902], [2.25, 48.902], [2.25, 48.815]]]";

    private static GeoCoordinates location(int typ, String crd) {
        ObjectNode loc = JsonNodeFactory.instance.objectNode();
        loc.put("typ", typ);
        loc.put("crd", crd);
        return GeoCoordinates.parse(loc, "loc");
    }

    private static boolean matches(int gmty, String geom, int gsf, int typ, String crd) {
        return GeoQuery.of(gmty, geom, gsf).orElseThrow().matches(location(typ, crd));
    }

    /** The cases of the ACME CSE's geo-query tests (tests/testLocation.py), which fix how gsf reads. */
    @ParameterizedTest(name = "gmty {0} geom {1} gsf {2} vs typ {3} {4} -> {5}")
    @CsvSource(delimiter = '|', value = {
            // within: the query's geometry lies inside the resource's location
            "1 | [0.5, 0.5]                        | 1 | 3 | " + SQUARE + " | true",
            "1 | [2.0, 2.0]                        | 1 | 3 | " + SQUARE + " | false",
            "1 | [1.0, 1.0]                        | 1 | 1 | [1.0, 1.0]     | true",
            "1 | [1.0, 1.0]                        | 1 | 2 | [[1.0, 1.0], [2.0, 2.0]] | false",
            "1 | [1.5, 1.5]                        | 1 | 2 | [[1.0, 1.0], [2.0, 2.0]] | true",
            "2 | [[0.5, 0.5], [0.6, 0.6]]          | 1 | 3 | " + SQUARE + " | true",
            "2 | [[2.0, 2.0], [3.0, 3.0]]          | 1 | 3 | " + SQUARE + " | false",
            "3 | [[0.5,0.5],[0.6,0.5],[0.6,0.6],[0.5,0.6],[0.5,0.5]] | 1 | 3 | " + SQUARE + " | true",
            "3 | [[2.0,2.0],[3.0,2.0],[3.0,3.0],[2.0,3.0],[2.0,2.0]] | 1 | 3 | " + SQUARE + " | false",
            "3 | [[0.5,0.5],[1.5,0.5],[1.5,1.5],[0.5,1.5],[0.5,0.5]] | 1 | 3 | " + SQUARE + " | false",
            "4 | [[0.5, 0.5], [0.6, 0.6]]          | 1 | 3 | " + SQUARE + " | true",
            "4 | [[2.0, 2.0], [3.0, 3.0]]          | 1 | 3 | " + SQUARE + " | false",
            // contains: the resource's location lies inside the query's geometry
            "1 | [1.0, 1.0]                        | 2 | 1 | [1.0, 1.0]     | true",
            "1 | [0.5, 0.5]                        | 2 | 3 | " + SQUARE + " | false",
            "2 | [[1.0, 1.0], [2.0, 2.0]]          | 2 | 2 | [[1.0, 1.0], [2.0, 2.0]] | true",
            "2 | [[0.5, 0.5], [0.6, 0.6]]          | 2 | 3 | " + SQUARE + " | false",
            "3 | [[0.0,0.0],[2.0,0.0],[2.0,2.0],[0.0,2.0],[0.0,0.0]] | 2 | 3 | " + SQUARE + " | true",
            "3 | [[0.0,0.0],[2.0,0.0],[2.0,2.0],[0.0,2.0],[0.0,0.0]] | 2 | 3 | [[0,0],[3,0],[3,3],[0,3],[0,0]] | false",
            "4 | [[0.5, 0.5], [0.6, 0.6]]          | 2 | 1 | [0.5, 0.5]     | true",
            "4 | [[0.4, 0.4], [0.6, 0.6]]          | 2 | 1 | [0.5, 0.5]     | false",
            // intersects: any common point, the boundary included
            "1 | [1.0, 1.0]                        | 3 | 1 | [1.0, 1.0]     | true",
            "1 | [2.0, 2.0]                        | 3 | 1 | [1.0, 1.0]     | false",
            "1 | [0.0, 0.5]                        | 3 | 3 | " + SQUARE + " | true",
            "1 | [1.5, 1.5]                        | 3 | 2 | [[1.0, 1.0], [2.0, 2.0]] | true",
            "2 | [[2.0, 1.0], [1.0, 2.0]]          | 3 | 2 | [[1.0, 1.0], [2.0, 2.0]] | true",
            "2 | [[3.0, 3.0], [4.0, 4.0]]          | 3 | 2 | [[1.0, 1.0], [2.0, 2.0]] | false",
            "3 | [[0.5,0.5],[2.0,0.5],[2.0,2.0],[0.5,2.0],[0.5,0.5]] | 3 | 3 | " + SQUARE + " | true",
            "3 | [[1.5,1.5],[2.0,1.5],[2.0,2.0],[1.5,2.0],[1.5,1.5]] | 3 | 3 | " + SQUARE + " | false",
            "1 | [0.0, 0.0]                        | 3 | 4 | [[0.0, 0.0], [1.0, 0.0]] | true",
            "1 | [0.5, 0.0]                        | 3 | 4 | [[0.0, 0.0], [1.0, 0.0]] | false",
    })
    void theQueryGeometryIsTheSubjectOfTheFunction(int gmty, String geom, int gsf, int typ, String crd,
                                                   boolean expected) {
        assertThat(matches(gmty, geom, gsf, typ, crd)).isEqualTo(expected);
    }

    @Test
    void resourcesInsideAnAreaAreFoundWithContains() {
        GeoQuery inParis = GeoQuery.of(3, PARIS, 2).orElseThrow();

        assertThat(inParis.matches(location(1, "[2.2945, 48.8584]"))).as("Eiffel Tower").isTrue();
        assertThat(inParis.matches(location(1, "[2.3522, 48.8566]"))).as("Hôtel de Ville").isTrue();
        assertThat(inParis.matches(location(1, "[13.4050, 52.5200]"))).as("Berlin").isFalse();
        assertThat(inParis.matches(location(1, "[48.8584, 2.2945]"))).as("the Eiffel Tower's pair swapped").isFalse();
    }

    @Test
    void aPointInAHoleIsNotInThePolygon() {
        GeoQuery ring = GeoQuery.of(3, "[[[0,0],[4,0],[4,4],[0,4],[0,0]],[[1,1],[1,3],[3,3],[3,1],[1,1]]]", 2)
                .orElseThrow();

        assertThat(ring.matches(location(1, "[2.0, 2.0]"))).isFalse();
        assertThat(ring.matches(location(1, "[0.5, 0.5]"))).isTrue();
    }

    @Test
    void aResourceWithoutALocationMatchesNoQuery() {
        for (int gsf = 1; gsf <= 3; gsf++) {
            assertThat(GeoQuery.of(3, SQUARE, gsf).orElseThrow().matches(null)).isFalse();
        }
    }

    @Test
    void noConditionsMeanNoGeoQuery() {
        assertThat(GeoQuery.of(null, (String) null, null)).isEmpty();
        assertThat(GeoQuery.of(null, (JsonNode) null, null)).isEmpty();
    }

    @ParameterizedTest(name = "gmty {0} geom {1} gsf {2}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "1 | -           | -  | geom: missing; a geo-query needs gmty, geom and gsf together",
            "- | [1.0, 2.0]  | -  | gmty: missing",
            "- | -           | 1  | gmty: missing",
            "1 | [1.0, 2.0]  | -  | gsf: missing",
            "1 | 1.0         | 1  | geom: must be a JSON array",
            "7 | [1.0, 2.0]  | 1  | gmty: must be a geometryType",
            "1 | [1.0, 2.0]  | 0  | gsf: must be a geoSpatialFunction: 1 (within), 2 (contains) or 3 (intersects)",
            "1 | [1.0, 2.0]  | 4  | gsf: must be a geoSpatialFunction",
            "3 | [[2.0,2.0],[3.0,3.0]] | 1 | geom: must be a ring",
            "1 | [200.0, 2.0] | 1 | geom[0]: longitude must be within -180..180",
    })
    void incompleteOrMalformedQueriesAreRefusedNamingTheCondition(Integer gmty, String geom, Integer gsf,
                                                                  String message) {
        assertThatThrownBy(() -> GeoQuery.of(gmty, geom, gsf))
                .isInstanceOf(OneM2MException.class)
                .hasMessageStartingWith(message);
    }

    @Test
    void theGeoQueryObjectOfAFilterCriteriaIsRead() throws Exception {
        JsonNode gq = new ObjectMapper().readTree("{\"gmty\": 3, \"geom\": " + PARIS + ", \"gsf\": 2}");

        GeoQuery q = GeoQuery.parse(gq, "fc.gq");

        assertThat(q.function()).isEqualTo(GeoSpatialFunction.CONTAINS);
        assertThat(q.geometry().type()).isEqualTo(GeometryType.POLYGON);
        assertThat(q.matches(location(1, "[2.2945, 48.8584]"))).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "[]                                               | fc.gq: must be an object with gmty, geom and gsf",
            "{\"gmty\": 1, \"geom\": [1.0, 2.0]}              | fc.gq.gsf: missing",
            "{\"geom\": [1.0, 2.0], \"gsf\": 1}               | fc.gq.gmty: missing",
            "{\"gmty\": 1, \"gsf\": 1}                        | fc.gq.geom: missing",
            "{\"gmty\": 1, \"geom\": [1.0, 2.0], \"gsf\": \"1\"} | fc.gq.gsf: must be an integer",
            "{\"gmty\": 1, \"geom\": [1.0, 2.0], \"gsf\": 1, \"x\": 0} | fc.gq.x: unknown member",
    })
    void aMalformedGeoQueryObjectIsRefusedNamingTheMember(String gq, String message) throws Exception {
        JsonNode node = new ObjectMapper().readTree(gq);

        assertThatThrownBy(() -> GeoQuery.parse(node, "fc.gq"))
                .isInstanceOf(OneM2MException.class)
                .hasMessageStartingWith(message);
    }

    @Test
    void aFunctionIsNamedByItsNumber() {
        assertThat(GeoSpatialFunction.of(1, "gsf")).isEqualTo(GeoSpatialFunction.WITHIN);
        assertThat(GeoSpatialFunction.of(2, "gsf")).isEqualTo(GeoSpatialFunction.CONTAINS);
        assertThat(GeoSpatialFunction.of(3, "gsf")).isEqualTo(GeoSpatialFunction.INTERSECTS);
    }
}
