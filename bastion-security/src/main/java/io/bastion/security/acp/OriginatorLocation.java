package io.bastion.security.acp;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code rq_loc} (TS-0003 table 7.1.2-2): where the originator of a request is, as far as a trusted source knows,
 * compared against {@code accessControlLocationRegion}. It holds a point (for circle regions), an ISO 3166-1 alpha-2
 * country code (for country regions), or both; a region of a kind the location cannot answer does not match. Where
 * the location comes from is a {@link LocationSource}'s business. Immutable.
 */
public final class OriginatorLocation {
    private final Point point;
    private final String countryCode;

    private OriginatorLocation(Point point, String countryCode) {
        this.point = point;
        this.countryCode = countryCode;
    }

    /**
     * A position on the earth in degrees (WGS 84, as in {@code circRegion}, TS-0004 6.3.5.28).
     *
     * @param latitude -90..90
     * @param longitude -180..180
     */
    public record Point(double latitude, double longitude) {
        public Point {
            if (!(latitude >= -90 && latitude <= 90)) {
                throw new IllegalArgumentException("latitude must be within -90..90");
            }
            if (!(longitude >= -180 && longitude <= 180)) {
                throw new IllegalArgumentException("longitude must be within -180..180");
            }
        }
    }

    /** The originator is at this point; its country is unknown. */
    public static OriginatorLocation at(double latitude, double longitude) {
        return new OriginatorLocation(new Point(latitude, longitude), null);
    }

    /**
     * The originator is in this country (e.g. derived from its IP address, TS-0003 F.2.2); its position is unknown.
     *
     * @throws IllegalArgumentException unless two ASCII letters (either case)
     */
    public static OriginatorLocation inCountry(String countryCode) {
        return new OriginatorLocation(null, countryCode(countryCode));
    }

    /** The originator is at this point, in this country. */
    public static OriginatorLocation of(double latitude, double longitude, String countryCode) {
        return new OriginatorLocation(new Point(latitude, longitude), countryCode(countryCode));
    }

    private static String countryCode(String code) {
        Objects.requireNonNull(code, "countryCode");
        if (code.length() != 2 || !isAsciiLetter(code.charAt(0)) || !isAsciiLetter(code.charAt(1))) {
            throw new IllegalArgumentException("a country code must be two letters (ISO 3166-1 alpha-2)");
        }
        return code.toUpperCase(Locale.ROOT);
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }

    /**
     * This location with its country taken from its position, when it has a position but no country and
     * {@code countries} names one there; otherwise this location unchanged. A country already known (e.g. from the IP
     * address, TS-0003 F.2.2) is kept: the position does not overrule it.
     */
    public OriginatorLocation withCountryFrom(CountryLookup countries) {
        if (point == null || countryCode != null) {
            return this;
        }
        return countries.countryAt(point).map(code -> new OriginatorLocation(point, countryCode(code))).orElse(this);
    }

    /** The position, when known. */
    public Optional<Point> point() {
        return Optional.ofNullable(point);
    }

    /** The country code in upper case, when known. */
    public Optional<String> countryCode() {
        return Optional.ofNullable(countryCode);
    }

    /** The position or null; for the decision's hot path. */
    Point pointOrNull() {
        return point;
    }

    /** The upper-case country code or null; for the decision's hot path. */
    String countryCodeOrNull() {
        return countryCode;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OriginatorLocation l && Objects.equals(l.point, point)
                && Objects.equals(l.countryCode, countryCode);
    }

    @Override
    public int hashCode() {
        return Objects.hash(point, countryCode);
    }

    @Override
    public String toString() {
        return "OriginatorLocation[point=" + point + ", countryCode=" + countryCode + "]";
    }
}
