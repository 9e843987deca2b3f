package io.bastion.security.location;

import io.bastion.security.acp.CountryLookup;
import io.bastion.security.acp.OriginatorLocation;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * When an observed position may still decide a request: only while it is fresh, that is observed within
 * {@link #maxAge()} of the request time, before or after it. A position that is too old says where the originator
 * was, not where it is, so a location rule given a stale one must deny (TS-0003 F.2.1 step 2 lets the Hosting CSE
 * deny when it has no current location). A position stamped after the request time is normal when it was written
 * while the request was decided, and is accepted within the same bound; beyond it the stamp is not believable (a
 * clock far ahead, or a time the device chose), and a far-future stamp must not keep a position fresh for ever.
 * Pure: the request time is given, never read from a clock.
 *
 * @param maxAge how far from the request time a position may have been observed; positive
 */
public record PositionFreshness(Duration maxAge) {
    /**
     * A suggested default: a device that writes its position once a minute, as a location policy's
     * {@code locationUpdatePeriod} of {@code PT1M} asks, always has one that is usable.
     */
    public static final Duration DEFAULT_MAX_AGE = Duration.ofSeconds(60);

    public PositionFreshness {
        Objects.requireNonNull(maxAge, "maxAge");
        if (maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("the largest age of a usable position must be positive");
        }
    }

    /** Fresh within {@code seconds} of the request time. */
    public static PositionFreshness withinSeconds(long seconds) {
        return new PositionFreshness(Duration.ofSeconds(seconds));
    }

    /** The position was observed within {@link #maxAge()} of {@code requestTime}, either side of it included. */
    public boolean isFresh(ObservedPosition position, Instant requestTime) {
        Duration age = Duration.between(position.observedAt(), requestTime);
        return age.abs().compareTo(maxAge) <= 0;
    }

    /**
     * The originator's location for a request at {@code requestTime}: the position and, from {@code countries}, its
     * country, when the position is fresh; empty when there is none or it is not fresh, so that every location
     * region denies.
     */
    public Optional<OriginatorLocation> usable(Optional<ObservedPosition> position, Instant requestTime,
                                               CountryLookup countries) {
        return position.filter(p -> isFresh(p, requestTime))
                .map(p -> OriginatorLocation.at(p.point().latitude(), p.point().longitude())
                        .withCountryFrom(countries));
    }

    /**
     * The position and whether it was usable, for an explanation, e.g. {@code position (48.8566, 2.3522) from cin123,
     * observed 75 s before the request: stale (more than 60 s)}.
     */
    public String describe(ObservedPosition position, Instant requestTime) {
        Duration age = Duration.between(position.observedAt(), requestTime);
        String when = age.isNegative() ? seconds(age.negated()) + " after the request"
                : seconds(age) + " before the request";
        return String.format(Locale.ROOT, "position (%s, %s) from %s, observed %s: %s (%s %s)",
                position.point().latitude(), position.point().longitude(), position.source(), when,
                isFresh(position, requestTime) ? "fresh" : "stale",
                isFresh(position, requestTime) ? "within" : "more than", seconds(maxAge));
    }

    private static String seconds(Duration d) {
        long millis = d.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : String.format(Locale.ROOT, "%.3f s", millis / 1000.0);
    }
}
