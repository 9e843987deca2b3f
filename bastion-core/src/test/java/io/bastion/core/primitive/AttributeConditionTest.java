package io.bastion.core.primitive;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The value matching of an attribute condition (TS-0004 7.3.3.17.9), with and without wildcards. */
class AttributeConditionTest {

    @ParameterizedTest(name = "{0} ~ {1}: {2}")
    @CsvSource({
            "CAE-ID*, CAE-ID123, true",
            "*ID123, CAE-ID123, true",
            "*ID123, CAE-ID1234, false",
            "a*b*c, axxbyyc, true",
            "a*b*c, axxbyy, false",
            "*, '', true",
            "**, anything, true",
            "N*app, Nmyapp, true",
            "N*app, Nmyapps, false",
            "exact, exact, true",
            "exact, exactly, false",
            "a*a*a*a*a*b, aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaac, false",
    })
    void wildcardsMatchAnyRunOfCharacters(String pattern, String text, boolean expected) {
        assertThat(new AttributeCondition("cr", pattern).matchesText(text, true)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} ~ {1}: {2}")
    @CsvSource({
            "CAE-ID*, CAE-ID123, false",
            "CAE-ID*, CAE-ID*, true",
    })
    void withoutWildcardsTheStarIsACharacter(String pattern, String text, boolean expected) {
        assertThat(new AttributeCondition("cr", pattern).matchesText(text, false)).isEqualTo(expected);
    }
}
