package io.bastion.security.location;

import io.bastion.core.geo.GeoCoordinates;
import io.bastion.security.acp.OriginatorLocation;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Where an originator was seen and when: the position a location source found (e.g. the latest instance of the
 * originator's location container, or its {@code loc}), the time it was observed, and where it came from, for
 * explanations. Whether it may still decide a request is {@link PositionFreshness}'s to say.
 *
 * @param point the position (latitude, longitude in WGS 84 degrees)
 * @param observedAt when the position was observed; for a content instance, its creation time {@code ct}, which this
 *     CSE's clock set
 * @param source where the position came from, for explanations and the audit log, e.g. a resource ID
 */
public record ObservedPosition(OriginatorLocation.Point point, Instant observedAt, String source) {
    public ObservedPosition {
        Objects.requireNonNull(point, "point");
        Objects.requireNonNull(observedAt, "observedAt");
        Objects.requireNonNull(source, "source");
    }

    /**
     * The position a location holds, when it is a Point ({@code typ} 1); a line or an area is no position of an
     * originator, so it gives none. GeoJSON's [longitude, latitude] becomes the point's (latitude, longitude).
     */
    public static Optional<ObservedPosition> of(GeoCoordinates location, Instant observedAt, String source) {
        return location.position().map(c -> new ObservedPosition(new OriginatorLocation.Point(c.y, c.x), observedAt,
                source));
    }
}
