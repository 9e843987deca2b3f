package io.bastion.security.location;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bastion.security.acp.OriginatorLocation;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The country of a position, from the GeoNames outlines that reverse-country-code ships. */
class GeoNamesCountriesTest {
    private static final GeoNamesCountries COUNTRIES = GeoNamesCountries.bundled();

    private static String countryAt(double latitude, double longitude) {
        return COUNTRIES.countryAt(new OriginatorLocation.Point(latitude, longitude)).orElse("-");
    }

    @ParameterizedTest(name = "{0} ({1}, {2}) -> {3}")
    @CsvSource(delimiter = '|', textBlock = """
            Paris               | 48.8566  | 2.3522    | FR
            Berlin              | 52.5200  | 13.4050   | DE
            Seoul               | 37.5665  | 126.9780  | KR
            New York            | 40.7128  | -74.0060  | US
            Canberra            | -35.2809 | 149.1300  | AU
            Rio de Janeiro      | -22.9068 | -43.1729  | BR
            Nairobi             | -1.2921  | 36.8219   | KE
            Suva, by the antimeridian | -18.1416 | 178.4419 | FJ
            Geneva              | 46.2044  | 6.1432    | CH
            Strasbourg          | 48.5734  | 7.7521    | FR
            Mid-Atlantic        | 40.0     | -30.0     | -
            Sydney harbour, beyond the simplified coast | -33.8688 | 151.2093 | -
            Pacific, Point Nemo | -48.8767 | -123.3933 | -
            Antarctica          | -80.0    | 0.0       | -
            North Pole          | 90.0     | 0.0       | -
            """)
    void wellKnownPointsLieInTheirCountry(String place, double latitude, double longitude, String expected) {
        assertThat(countryAt(latitude, longitude)).as(place).isEqualTo(expected);
    }

    @Test
    void theShippedDataCoversTheWorldsCountries() {
        assertThat(COUNTRIES.countries()).isEqualTo(247);
        assertThat(COUNTRIES.polygons()).isGreaterThan(COUNTRIES.countries());
        assertThat(GeoNamesCountries.bundled()).as("read once").isSameAs(COUNTRIES);
    }

    // A two-country world: A is [0,2]x[0,2], B is [1,3]x[0,2]; they overlap on [1,2]x[0,2].
    private static final String SHAPES = """
            {"type": "FeatureCollection", "features": [
              {"type": "Feature", "properties": {"geoNameId": "1"}, "geometry": {"type": "Polygon",
               "coordinates": [[[0,0],[2,0],[2,2],[0,2],[0,0]]]}},
              {"type": "Feature", "properties": {"geoNameId": "2"}, "geometry": {"type": "MultiPolygon",
               "coordinates": [[[[1,0],[3,0],[3,2],[1,2],[1,0]]], [[[10,10],[11,10],[11,11],[10,11],[10,10]]]]}}
            ]}""";
    private static final String INFO = "# ISO\tISO3\n"
            + "AA\tAAA\t001\t\tA-land\t\t\t\t\t\t\t\t\t\t\t\t1\t\t\n"
            + "BB\tBBB\t002\t\tB-land\t\t\t\t\t\t\t\t\t\t\t\t2\t\t\n";

    private static GeoNamesCountries twoCountries() throws Exception {
        return GeoNamesCountries.read(stream(SHAPES), stream(INFO));
    }

    private static InputStream stream(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aPositionHeldByTwoCountriesHasNoCountry() throws Exception {
        GeoNamesCountries world = twoCountries();

        assertThat(world.countryAt(new OriginatorLocation.Point(1.0, 0.5))).contains("AA");
        assertThat(world.countryAt(new OriginatorLocation.Point(1.0, 2.5))).contains("BB");
        assertThat(world.countryAt(new OriginatorLocation.Point(10.5, 10.5))).as("B's island").contains("BB");
        assertThat(world.countryAt(new OriginatorLocation.Point(1.0, 1.5))).as("in both outlines").isEmpty();
        assertThat(world.countryAt(new OriginatorLocation.Point(5.0, 5.0))).as("in neither").isEmpty();
    }

    @Test
    void aBoundaryBelongsToTheCountryItBounds() throws Exception {
        GeoNamesCountries world = twoCountries();

        assertThat(world.countryAt(new OriginatorLocation.Point(0.0, 0.5))).contains("AA");
        assertThat(world.countryAt(new OriginatorLocation.Point(2.0, 3.0))).contains("BB");
    }

    @Test
    void dataInAnotherFormIsRefused() {
        assertThatThrownBy(() -> GeoNamesCountries.read(stream("{\"type\": \"Feature\"}"), stream(INFO)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("FeatureCollection");
        assertThatThrownBy(() -> GeoNamesCountries.read(stream(SHAPES), stream("AA\tAAA\n")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("countryInfo");
        assertThatThrownBy(() -> GeoNamesCountries.read(stream(SHAPES), stream(INFO.replace("\t2\t", "\t3\t"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("geoNameId 2");
        assertThatThrownBy(() -> GeoNamesCountries.read(stream(SHAPES.replace("[[0,0],[2,0],[2,2],[0,2],[0,0]]",
                "[[0,0],[2,0],[0,0]]")), stream(INFO)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fewer than 4");
    }
}
