package io.bastion.security.acp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bastion.core.primitive.Operation;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** An originator known only by its position answers a country rule through a {@link CountryLookup}. */
class CountryFromPositionTest {
    /** France for any point west of 5 degrees east, nothing elsewhere: a stand-in for real outlines. */
    private static final CountryLookup WEST_IS_FRANCE = p -> p.longitude() < 5 ? Optional.of("FR") : Optional.empty();

    private static boolean admits(List<String> codes, OriginatorLocation location) {
        RequestFacts facts = RequestFacts.builder("Cabc", Operation.RETRIEVE).location(location)
                .at(TestPolicies.NOW).build();
        return ContextEvaluator.holds(new LocationRegion.Countries(codes), facts);
    }

    @Test
    void aPositionAloneSatisfiesNoCountryRule() {
        assertThat(admits(List.of("FR"), OriginatorLocation.at(48.8566, 2.3522))).isFalse();
    }

    @Test
    void aPositionGivesItsCountryThroughTheLookup() {
        OriginatorLocation paris = OriginatorLocation.at(48.8566, 2.3522).withCountryFrom(WEST_IS_FRANCE);

        assertThat(paris.countryCode()).contains("FR");
        assertThat(paris.point()).contains(new OriginatorLocation.Point(48.8566, 2.3522));
        assertThat(admits(List.of("FR"), paris)).isTrue();
        assertThat(admits(List.of("DE"), paris)).isFalse();
    }

    @Test
    void whereTheLookupKnowsNoCountryTheLocationIsUnchanged() {
        OriginatorLocation berlin = OriginatorLocation.at(52.52, 13.405);

        assertThat(berlin.withCountryFrom(WEST_IS_FRANCE)).isSameAs(berlin);
        assertThat(berlin.withCountryFrom(CountryLookup.NONE).countryCode()).isEmpty();
        assertThat(admits(List.of("FR", "DE"), berlin.withCountryFrom(WEST_IS_FRANCE))).isFalse();
    }

    @Test
    void aCountryAlreadyKnownIsKeptAndNoPositionAsksNothing() {
        OriginatorLocation byAddress = OriginatorLocation.of(48.8566, 2.3522, "KR");
        OriginatorLocation countryOnly = OriginatorLocation.inCountry("DE");
        CountryLookup mustNotBeAsked = p -> {
            throw new AssertionError("asked for " + p);
        };

        assertThat(byAddress.withCountryFrom(WEST_IS_FRANCE)).isSameAs(byAddress);
        assertThat(countryOnly.withCountryFrom(mustNotBeAsked)).isSameAs(countryOnly);
    }

    @Test
    void aLookupAnsweringSomethingThatIsNoCountryCodeIsRefused() {
        CountryLookup broken = p -> Optional.of("France");

        assertThatThrownBy(() -> OriginatorLocation.at(48.8566, 2.3522).withCountryFrom(broken))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
