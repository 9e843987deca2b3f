package io.bastion.security.location;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bastion.core.geo.GeoCoordinates;
import io.bastion.security.acp.CountryLookup;
import io.bastion.security.acp.OriginatorLocation;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A position decides a request only while it is fresh: observed within the allowed age of the request time. */
class PositionFreshnessTest {
    private static final Instant REQUEST = Instant.parse("2026-03-14T10:15:30Z");
    private static final OriginatorLocation.Point PARIS = new OriginatorLocation.Point(48.8566, 2.3522);
    private static final PositionFreshness ONE_MINUTE = PositionFreshness.withinSeconds(60);

    private static ObservedPosition parisAt(Instant observedAt) {
        return new ObservedPosition(PARIS, observedAt, "cin123");
    }

    @ParameterizedTest(name = "observed {0} ms from the request -> {1}")
    @CsvSource({
            "0, true",
            "-59999, true",
            "-60000, true",
            "-60001, false",
            "-86400000, false",
            "1500, true",
            "60000, true",
            "60001, false",
            "31536000000, false",
    })
    void freshMeansObservedWithinTheAllowedAgeOfTheRequestTime(long offsetMillis, boolean fresh) {
        ObservedPosition p = parisAt(REQUEST.plusMillis(offsetMillis));

        assertThat(ONE_MINUTE.isFresh(p, REQUEST)).isEqualTo(fresh);
        assertThat(ONE_MINUTE.usable(Optional.of(p), REQUEST, CountryLookup.NONE).isPresent()).isEqualTo(fresh);
    }

    @Test
    void aFreshPositionGivesTheOriginatorsLocationWithItsCountry() {
        CountryLookup france = point -> Optional.of("FR");

        OriginatorLocation location = ONE_MINUTE.usable(Optional.of(parisAt(REQUEST.minusSeconds(10))), REQUEST,
                france).orElseThrow();

        assertThat(location.point()).contains(PARIS);
        assertThat(location.countryCode()).contains("FR");
    }

    @Test
    void noPositionGivesNoLocation() {
        assertThat(ONE_MINUTE.usable(Optional.empty(), REQUEST, CountryLookup.NONE)).isEmpty();
    }

    @Test
    void theExplanationShowsThePositionItsAgeAndTheVerdict() {
        assertThat(ONE_MINUTE.describe(parisAt(REQUEST.minusSeconds(12)), REQUEST)).isEqualTo(
                "position (48.8566, 2.3522) from cin123, observed 12 s before the request: fresh (within 60 s)");
        assertThat(ONE_MINUTE.describe(parisAt(REQUEST.minusSeconds(75)), REQUEST)).isEqualTo(
                "position (48.8566, 2.3522) from cin123, observed 75 s before the request: stale (more than 60 s)");
        assertThat(ONE_MINUTE.describe(parisAt(REQUEST.plusMillis(250)), REQUEST)).isEqualTo(
                "position (48.8566, 2.3522) from cin123, observed 0.250 s after the request: fresh (within 60 s)");
    }

    @Test
    void theAllowedAgeMustBePositive() {
        assertThatThrownBy(() -> new PositionFreshness(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PositionFreshness.withinSeconds(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new PositionFreshness(PositionFreshness.DEFAULT_MAX_AGE).maxAge()).hasSeconds(60);
    }

    private static GeoCoordinates location(int typ, String crd) {
        ObjectNode loc = JsonNodeFactory.instance.objectNode();
        loc.put("typ", typ);
        loc.put("crd", crd);
        return GeoCoordinates.parse(loc, "con");
    }

    @Test
    void aGeoJsonPointBecomesAPositionWithLatitudeAndLongitudeInTheirPlaces() {
        ObservedPosition p = ObservedPosition.of(location(1, "[2.3522, 48.8566]"), REQUEST, "cin123").orElseThrow();

        assertThat(p.point()).isEqualTo(PARIS);
        assertThat(p.observedAt()).isEqualTo(REQUEST);
        assertThat(p.source()).isEqualTo("cin123");
    }

    @Test
    void aLineOrAnAreaIsNoPosition() {
        assertThat(ObservedPosition.of(location(2, "[[2.35, 48.85], [2.36, 48.86]]"), REQUEST, "cin1")).isEmpty();
        assertThat(ObservedPosition.of(location(3, "[[2.3,48.8],[2.4,48.8],[2.4,48.9],[2.3,48.8]]"), REQUEST, "cin1"))
                .isEmpty();
        assertThat(ObservedPosition.of(location(4, "[[2.3522, 48.8566]]"), REQUEST, "cin1")).isEmpty();
    }
}
