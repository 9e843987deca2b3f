package io.bastion.cse.config;

import java.time.Duration;
import java.util.Objects;

/**
 * How the CSE knows where originators are, for the location regions of access control ({@code aclr}).
 *
 * @param maxAge how far from a request's time a position may have been observed and still decide it
 *        ({@code location.max-age}, seconds)
 * @param deviceReported whether positions an originator reports itself (the instances it writes into the location
 *        container of its {@code <locationPolicy>}) may decide access ({@code location.device-reported}); false by
 *        default, since TS-0003 annex F.2.1 asks for a network-based location, a device's own report being easily
 *        spoofed: then every location region denies
 */
public record LocationConfig(Duration maxAge, boolean deviceReported) {
    /** The default largest age of a usable position, 60 s. */
    public static final Duration DEFAULT_MAX_AGE = Duration.ofSeconds(60);

    public LocationConfig {
        Objects.requireNonNull(maxAge, "maxAge");
        if (maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("location.max-age must be positive");
        }
    }

    /** Positions at most 60 s old, device-reported ones not trusted. */
    public static LocationConfig defaults() {
        return new LocationConfig(DEFAULT_MAX_AGE, false);
    }
}
