package io.bastion.security.acp;

import java.util.Optional;

/**
 * The country a position lies in, so that an {@code accc} rule (a list of country codes, TS-0004 6.3.5.28) can be
 * decided for an originator whose position is known but whose country is not. TS-0003 annex F.2.2 lets the Hosting
 * CSE "distinguish the country using the location" and leaves how out of scope. A pure function of the position; an
 * implementation answers empty whenever it cannot name exactly one country, so that a doubtful position permits
 * nothing (TS-0003 7.1.4).
 */
@FunctionalInterface
public interface CountryLookup {
    /** Knows no country: positions give none, and country regions deny unless the country came from elsewhere. */
    CountryLookup NONE = point -> Optional.empty();

    /**
     * The country at {@code point}.
     *
     * @return an ISO 3166-1 alpha-2 code in upper case, or empty at sea, in no country's area or where two meet
     */
    Optional<String> countryAt(OriginatorLocation.Point point);
}
