package io.bastion.core.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.primitive.ResponseStatusCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.locationtech.jts.geom.Coordinate;

/** Reading m2m:geoCoordinates: GeoJSON coordinates in [longitude, latitude] order, bounded and checked (RFC 7946 3.1). */
class GeoCoordinatesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** A loc object whose crd is the text of a JSON array, as ACME and most clients send it. */
    private static JsonNode loc(int typ, String crdText) {
        ObjectNode loc = JsonNodeFactory.instance.objectNode();
        loc.put("typ", typ);
        loc.put("crd", crdText);
        return loc;
    }

    @Test
    void aPointIsLongitudeThenLatitude() {
        GeoCoordinates paris = GeoCoordinates.parse(loc(1, "[2.3522, 48.8566]"), "loc");

        assertThat(paris.type()).isEqualTo(GeometryType.POINT);
        Coordinate c = paris.position().orElseThrow();
        assertThat(c.x).as("longitude").isEqualTo(2.3522);
        assertThat(c.y).as("latitude").isEqualTo(48.8566);
        assertThat(c.getZ()).isNaN();
    }

    @Test
    void coordinatesMayComeAsAnArrayAndAsIntegers() {
        GeoCoordinates fromArray = GeoCoordinates.parse(json("{\"typ\":1,\"crd\":[2,48]}"), "loc");
        GeoCoordinates fromText = GeoCoordinates.parse(loc(1, "[2.0, 48.0]"), "loc");

        assertThat(fromArray.geometry().equalsExact(fromText.geometry())).isTrue();
    }

    @Test
    void anAltitudeIsKept() {
        Coordinate c = GeoCoordinates.parse(loc(1, "[2.3522, 48.8566, 35.5]"), "loc").position().orElseThrow();

        assertThat(c.getZ()).isEqualTo(35.5);
    }

    @Test
    void onlyAPointHasAPosition() {
        assertThat(GeoCoordinates.parse(loc(4, "[[2.35, 48.86]]"), "loc").position()).isEmpty();
    }

    @Test
    void bothPolygonFormsReadTheSame() {
        String ring = "[[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0], [0.0, 0.0]]";
        GeoCoordinates oneRing = GeoCoordinates.parse(loc(3, ring), "loc");
        GeoCoordinates geoJson = GeoCoordinates.parse(loc(3, "[" + ring + "]"), "loc");

        assertThat(oneRing.geometry().equalsExact(geoJson.geometry())).isTrue();
        assertThat(oneRing.geometry().getArea()).isEqualTo(1.0);
    }

    @Test
    void aPolygonMayHaveHoles() {
        GeoCoordinates withHole = GeoCoordinates.parse(loc(3, "[[[0,0],[4,0],[4,4],[0,4],[0,0]],"
                + "[[1,1],[1,2],[2,2],[2,1],[1,1]]]"), "loc");

        assertThat(withHole.geometry().getArea()).isEqualTo(15.0);
    }

    @Test
    void bothMultiPolygonFormsReadTheSame() {
        String a = "[[0,0],[1,0],[1,1],[0,1],[0,0]]";
        String b = "[[2,2],[3,2],[3,3],[2,3],[2,2]]";
        GeoCoordinates rings = GeoCoordinates.parse(loc(6, "[" + a + "," + b + "]"), "loc");
        GeoCoordinates geoJson = GeoCoordinates.parse(loc(6, "[[" + a + "],[" + b + "]]"), "loc");

        assertThat(rings.geometry().equalsExact(geoJson.geometry())).isTrue();
        assertThat(rings.geometry().getNumGeometries()).isEqualTo(2);
    }

    @Test
    void everyTypeReadsItsGeoJsonNesting() {
        assertThat(GeoCoordinates.parse(loc(2, "[[1.0, 2.0], [3.0, 4.0]]"), "loc").geometry().getGeometryType())
                .isEqualTo("LineString");
        assertThat(GeoCoordinates.parse(loc(4, "[[1.0, 2.0], [3.0, 4.0]]"), "loc").geometry().getNumGeometries())
                .isEqualTo(2);
        assertThat(GeoCoordinates.parse(loc(5, "[[[1.0, 2.0], [3.0, 4.0]], [[5.0, 6.0], [7.0, 8.0]]]"), "loc")
                .geometry().getGeometryType()).isEqualTo("MultiLineString");
    }

    /** Each malformed value is a 4000 whose message names the member and says what is wrong. */
    @ParameterizedTest(name = "typ {0} crd {1}")
    @CsvSource(delimiter = '|', value = {
            // a position: two or three numbers, GeoJSON order, in range
            "1 | [1.0]                              | loc.crd: must be a position",
            "1 | [1.0, 2.0, 3.0, 4.0]               | loc.crd: must be a position",
            "1 | [[1.0, 2.0], [3.0, 4.0]]           | loc.crd[0]: must be a number",
            "1 | [\"1.0\", 2.0]                     | loc.crd[0]: must be a number",
            "1 | [1.0, null]                        | loc.crd[1]: must be a number",
            "1 | [180.5, 10.0]                      | loc.crd[0]: longitude must be within -180..180",
            "1 | [151.21, -33.87]                   | ",
            "1 | [-33.87, 151.21]                   | loc.crd[1]: latitude must be within -90..90",
            // the text must hold one JSON array
            "1 | 1.0                                | loc.crd: must be a JSON array",
            "1 | ''                                 | loc.crd: must be a JSON array",
            "1 | [1.0,                              | loc.crd: malformed JSON content",
            "1 | [1.0, 2.0] [3.0, 4.0]              | loc.crd: malformed JSON content",
            // lines and rings (RFC 7946 3.1.4, 3.1.6)
            "2 | [[1.0, 2.0]]                       | loc.crd: must be a LineString",
            "2 | [[1.0, 2.0], [1.0, 2.0]]           | loc.crd: not a valid LineString: Too few distinct points",
            "3 | [[1.0, 2.0]]                       | loc.crd: must be a ring",
            "3 | []                                 | loc.crd: must be a Polygon",
            "3 | [[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]] | loc.crd: must be a ring",
            "3 | [[0,0], [1,0], [1,1], [0,1]]       | loc.crd: must be a closed ring",
            "3 | [[[0,0], [1,0], [1,1], [0,1], [0,0]], [[5,5], [6,5], [5,6]]] | loc.crd[1]: must be a ring",
            "3 | [[0,0], [1,1], [1,0], [0,1], [0,0]] | loc.crd: not a valid Polygon: Self-intersection at [0.5, 0.5]",
            "3 | [[[0,0],[1,0],[1,1],[0,1],[0,0]],[[5,5],[6,5],[6,6],[5,6],[5,5]]] | loc.crd: not a valid Polygon: Hole lies outside shell",
            // the Multi- types
            "4 | [1.0, 2.0]                         | loc.crd[0]: must be a position",
            "4 | [[[1.0, 2.0], [3.0, 4.0]]]         | loc.crd[0][0]: must be a number",
            "4 | []                                 | loc.crd: must be a MultiPoint",
            "5 | [[1.0, 2.0]]                       | loc.crd[0][0]: must be a position",
            "5 | [[[1.0, 2.0]]]                     | loc.crd[0]: must be a LineString",
            "6 | [[1.0, 2.0]]                       | loc.crd[0][0]: must be a ring",
            "6 | [[[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]] | loc.crd[0]: must be a ring",
            "6 | [[[0,0],[2,0],[2,2],[0,2],[0,0]], [[1,1],[3,1],[3,3],[1,3],[1,1]]] | loc.crd: not a valid MultiPolygon",
    })
    void malformedCoordinatesAreRefusedNamingTheMember(int typ, String crd, String message) {
        if (message == null) {
            assertThat(GeoCoordinates.parse(loc(typ, crd), "loc").position()).isPresent();
            return;
        }
        assertThatThrownBy(() -> GeoCoordinates.parse(loc(typ, crd), "loc"))
                .isInstanceOfSatisfying(OneM2MException.class,
                        e -> assertThat(e.status()).isEqualTo(ResponseStatusCode.BAD_REQUEST))
                .hasMessageStartingWith(message);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "\"wrong\"                                    | loc: must be an object with typ and crd",
            "{\"crd\":\"[1.0, 2.0]\"}                     | loc.typ: missing",
            "{\"typ\":\"1\",\"crd\":\"[1.0, 2.0]\"}       | loc.typ: must be an integer",
            "{\"typ\":1.5,\"crd\":\"[1.0, 2.0]\"}         | loc.typ: must be an integer",
            "{\"typ\":0,\"crd\":\"[1.0, 2.0]\"}           | loc.typ: must be a geometryType from 1 (Point) to 6 (MultiPolygon)",
            "{\"typ\":7,\"crd\":\"[1.0, 2.0]\"}           | loc.typ: must be a geometryType",
            "{\"typ\":99999999999999999999,\"crd\":\"[1.0, 2.0]\"} | loc.typ: must be an integer",
            "{\"typ\":1}                                  | loc.crd: missing",
            "{\"typ\":1,\"crd\":null}                     | loc.crd: missing",
            "{\"typ\":1,\"crd\":{}}                       | loc.crd: must be a JSON array",
            "{\"typ\":1,\"crd\":\"[1.0, 2.0]\",\"wrong\":1} | loc.wrong: unknown member",
    })
    void malformedLocationsAreRefusedNamingTheMember(String loc, String message) {
        assertThatThrownBy(() -> GeoCoordinates.parse(json(loc), "loc"))
                .isInstanceOf(OneM2MException.class)
                .hasMessageStartingWith(message);
    }

    @Test
    void aNumberThatIsNotFiniteIsRefused() {
        ArrayNode crd = JsonNodeFactory.instance.arrayNode().add(Double.NaN).add(1.0);

        assertThatThrownBy(() -> GeoCoordinates.of(GeometryType.POINT, crd, "geom"))
                .isInstanceOf(OneM2MException.class).hasMessage("geom[0]: must be a number");
    }

    @Test
    void atMostMaxPositionsAreRead() {
        assertThat(GeoCoordinates.of(GeometryType.MULTI_POINT, positions(GeoCoordinates.MAX_POSITIONS), "geom")
                .geometry().getNumPoints()).isEqualTo(GeoCoordinates.MAX_POSITIONS);

        assertThatThrownBy(() -> GeoCoordinates.of(GeometryType.MULTI_POINT,
                positions(GeoCoordinates.MAX_POSITIONS + 1), "geom"))
                .isInstanceOf(OneM2MException.class).hasMessage("geom: more than 10000 positions");
    }

    private static ArrayNode positions(int n) {
        ArrayNode list = JsonNodeFactory.instance.arrayNode();
        for (int i = 0; i < n; i++) {
            list.addArray().add(-180 + 360.0 * i / n).add(-80 + 160.0 * (i % 97) / 97);
        }
        return list;
    }

    @Test
    void textNestedBeyondTheContentLimitIsRefusedAsMalformed() {
        String deep = "[".repeat(100) + "]".repeat(100);

        assertThatThrownBy(() -> GeoCoordinates.parse(loc(3, deep), "loc"))
                .isInstanceOf(OneM2MException.class)
                .hasMessageStartingWith("loc.crd: malformed JSON content")
                .hasMessageContaining("nested deeper than");
    }

    @Test
    void aGeometryTypeIsNamedByItsNumber() {
        for (GeometryType t : GeometryType.values()) {
            assertThat(GeometryType.of(t.code(), "gmty")).isSameAs(t);
        }
        assertThat(GeometryType.MULTI_POLYGON.code()).isEqualTo(6);
    }
}
