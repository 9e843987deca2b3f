package io.bastion.security.acp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.bastion.core.primitive.Operation;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code res_loc}: circles by great-circle distance, countries by code, and no location means no match. */
class LocationRegionTest {

    private static boolean holds(LocationRegion region, OriginatorLocation location) {
        RequestFacts facts = RequestFacts.builder("Cabc", Operation.RETRIEVE).location(location)
                .at(TestPolicies.NOW).build();
        return ContextEvaluator.holds(region, facts);
    }

    @ParameterizedTest(name = "circle ({0}, {1}) r={2} m admits ({3}, {4}) -> {5}")
    @CsvSource(delimiter = '|', textBlock = """
            # inside, outside (about 1112 m per 0.01 degree of latitude)
            48.85  | 2.35    | 1500   | 48.85   | 2.35    | true
            48.85  | 2.35    | 1500   | 48.86   | 2.35    | true
            48.85  | 2.35    | 1500   | 48.87   | 2.35    | false
            48.85  | 2.35    | 1500   | 48.85   | 2.37    | true
            48.85  | 2.35    | 1500   | 48.85   | 2.38    | false
            # across the antimeridian: 0.1 degree apart, not 359.9
            0      | 179.95  | 12000  | 0       | -179.95 | true
            0      | 179.95  | 12000  | 0       | -179.8  | false
            65     | 179.99  | 1000   | 65      | -179.99 | true
            0      | 180     | 1      | 0       | -180    | true
            # near a pole every longitude is close
            90     | 0       | 1000   | 89.995  | 123     | true
            89.9   | 0       | 25000  | 89.9    | 180     | true
            # the whole earth: half the circumference is the farthest any point can be
            0      | 0       | 2.1E7  | 0       | 180     | true
            0      | 0       | 2.0E7  | 0       | 180     | false
            """)
    void aCircleAdmitsPointsWithinItsRadius(double lat, double lon, double radius, double pLat, double pLon,
                                            boolean expected) {
        assertThat(holds(new LocationRegion.Circle(lat, lon, radius), OriginatorLocation.at(pLat, pLon)))
                .isEqualTo(expected);
    }

    @Test
    void aPointExactlyOnTheCircleIsInside() {
        double d = LocationRegion.Circle.distanceMetres(48.85, 2.35, 48.8566, 2.3722);
        OriginatorLocation p = OriginatorLocation.at(48.8566, 2.3722);
        assertThat(holds(new LocationRegion.Circle(48.85, 2.35, d), p)).isTrue();
        assertThat(holds(new LocationRegion.Circle(48.85, 2.35, Math.nextDown(d)), p)).isFalse();
        assertThat(holds(new LocationRegion.Circle(48.85, 2.35, Math.nextUp(d)), p)).isTrue();
    }

    @Test
    void distancesAreGreatCircleDistancesOnTheMeanEarthSphere() {
        assertThat(LocationRegion.Circle.distanceMetres(0, 0, 0, 1))
                .isCloseTo(LocationRegion.Circle.EARTH_RADIUS_METRES * Math.PI / 180, within(1e-6));
        assertThat(LocationRegion.Circle.distanceMetres(48.8566, 2.3522, 51.5074, -0.1278))
                .as("Paris to London").isCloseTo(343_556.5, within(1.0));
        assertThat(LocationRegion.Circle.distanceMetres(0, 0, 0, 180))
                .isCloseTo(Math.PI * LocationRegion.Circle.EARTH_RADIUS_METRES, within(1e-3));
        assertThat(LocationRegion.Circle.distanceMetres(-33.8688, 151.2093, -33.8688, 151.2093)).isZero();
    }

    @ParameterizedTest(name = "countries {0} admit {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            KR FR | FR | true
            KR FR | fr | true
            kr    | KR | true
            KR FR | DE | false
            ZZ    | ZZ | true
            """)
    void countriesMatchTheCodeIgnoringCase(String codes, String country, boolean expected) {
        LocationRegion.Countries region = new LocationRegion.Countries(List.of(codes.split(" ")));
        assertThat(holds(region, OriginatorLocation.inCountry(country))).isEqualTo(expected);
        assertThat(holds(region, OriginatorLocation.of(10, 20, country))).isEqualTo(expected);
    }

    @Test
    void aLocationThatCannotAnswerTheRegionDoesNotMatch() {
        LocationRegion circle = new LocationRegion.Circle(48.85, 2.35, 1.0E7);
        LocationRegion countries = new LocationRegion.Countries(List.of("FR"));
        assertThat(holds(circle, null)).as("no location").isFalse();
        assertThat(holds(countries, null)).as("no location").isFalse();
        assertThat(holds(circle, OriginatorLocation.inCountry("FR"))).as("no coordinates").isFalse();
        assertThat(holds(countries, OriginatorLocation.at(48.85, 2.35))).as("no country").isFalse();
    }

    @Test
    void aLocationSourceThatKnowsNothingLeavesTheLocationUnknown() {
        RequestFacts facts = RequestFacts.builder("Cabc", Operation.RETRIEVE)
                .location(LocationSource.NONE.locate("Cabc", null, TestPolicies.NOW)).at(TestPolicies.NOW).build();
        assertThat(facts.location()).isEmpty();
        assertThat(ContextEvaluator.holds(new LocationRegion.Countries(List.of("FR")), facts)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "F", "FRA", "F1", "É1", "ÉS", " F"})
    void refusesCountryCodesThatAreNotTwoLetters(String code) {
        assertThatThrownBy(() -> OriginatorLocation.inCountry(code)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "({0}, {1})")
    @CsvSource({"91,0", "-90.5,0", "0,180.5", "0,-181", "NaN,0", "0,NaN", "Infinity,0"})
    void refusesPointsOffTheEarth(double lat, double lon) {
        assertThatThrownBy(() -> OriginatorLocation.at(lat, lon)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aLocationKeepsWhatItKnows() {
        OriginatorLocation l = OriginatorLocation.of(37.5, 127.0, "kr");
        assertThat(l.countryCode()).contains("KR");
        assertThat(l.point()).contains(new OriginatorLocation.Point(37.5, 127.0));
        assertThat(OriginatorLocation.inCountry("KR").point()).isEmpty();
        assertThat(OriginatorLocation.at(1, 2).countryCode()).isEmpty();
        assertThat(l).isEqualTo(OriginatorLocation.of(37.5, 127.0, "KR")).hasSameHashCodeAs(
                OriginatorLocation.of(37.5, 127.0, "KR"));
    }
}
