package io.bastion.core.geo;

import com.fasterxml.jackson.databind.JsonNode;
import io.bastion.core.codec.Codec;
import io.bastion.core.codec.JacksonCodec;
import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.text.Excerpt;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;

/**
 * {@code m2m:geoCoordinates} (Release 4): a location as a GeoJSON geometry, {@code typ} (an {@link GeometryType}) and
 * {@code crd} (its coordinates, RFC 7946 clause 3.1), read into a JTS geometry; the value of a resource's {@code loc}
 * and of a location container's content. The Release 4 short-name table lists {@code typ} and {@code crd} as the
 * members of {@code location} ({@code loc}). What the coordinates may hold is {@link CoordinatesReader}'s to say.
 *
 * <h2>Axis order: [longitude, latitude]</h2>
 *
 * <p>A position is {@code [longitude, latitude]} or {@code [longitude, latitude, altitude]}, in degrees of WGS 84, in
 * GeoJSON's order (RFC 7946 3.1.1: "longitude, latitude"; x before y, as JTS and every GeoJSON library take it).
 * {@code crd} holds GeoJSON coordinates (the ACME CSE reads them with a GeoJSON library too; the Release 4 text itself
 * is not among this project's references), so a client that builds them with a GeoJSON library gets this order
 * without thinking about it; read the other way round, Paris ({@code [2.35, 48.86]}) would lie in the Indian Ocean
 * off Somalia. Note that the access control policy's circle region {@code accr} keeps its own
 * order, {@code [latitude, longitude, radius]} (TS-0004 6.3.5.28); only {@code crd}, {@code geom} and the contents of a
 * location container follow GeoJSON. A latitude outside -90..90 or a longitude outside -180..180 is refused, which
 * catches most swapped pairs.
 *
 * <p>The geometry is shared, not copied: callers must not change it.
 *
 * @param type the geometry type ({@code typ})
 * @param geometry the geometry, x the longitude and y the latitude
 */
public record GeoCoordinates(GeometryType type, Geometry geometry) {
    /**
     * Positions one geometry may hold: the spatial functions cost about n log n in them, and a discovery evaluates one
     * per candidate resource; a geofence or a district's outline needs far fewer.
     */
    public static final int MAX_POSITIONS = 10_000;

    private static final Set<String> MEMBERS = Set.of("typ", "crd");
    private static final Codec JSON = JacksonCodec.json();

    public GeoCoordinates {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(geometry, "geometry");
    }

    /**
     * Reads an {@code m2m:geoCoordinates} object, {@code {"typ": 1, "crd": "[2.35, 48.86]"}}.
     *
     * @param attribute the attribute's name for messages, e.g. {@code loc}
     * @throws OneM2MException 4000 naming the attribute and its member: not an object, an unknown or missing member,
     *     a {@code typ} that is no geometryType, malformed coordinates
     */
    public static GeoCoordinates parse(JsonNode loc, String attribute) {
        requireObject(loc, attribute, MEMBERS, "typ and crd");
        GeometryType type = GeometryType.of(integer(loc.get("typ"), attribute + ".typ"), attribute + ".typ");
        return of(type, loc.get("crd"), attribute + ".crd");
    }

    /**
     * A position written as content (the {@code con} of an instance in a location container): an
     * {@code m2m:geoCoordinates} Point, as a JSON object or as text holding one (content of {@code cnf}
     * {@code application/json:0}), {@code {"typ": 1, "crd": [longitude, latitude]}}.
     *
     * @param attribute the attribute's name for messages, e.g. {@code con}
     * @throws OneM2MException 4000 naming the attribute when the content is no Point of m2m:geoCoordinates
     */
    public static GeoCoordinates point(JsonNode content, String attribute) {
        JsonNode node = content;
        if (content != null && content.isTextual()) {
            try {
                node = JSON.decode(content.textValue().getBytes(StandardCharsets.UTF_8));
            } catch (OneM2MException e) {
                throw OneM2MException.badRequest(attribute + ": must be a position {\"typ\": 1, \"crd\": [longitude, "
                        + "latitude]}, as an object or as JSON text: " + e.getMessage());
            }
        }
        GeoCoordinates location = parse(node, attribute);
        if (location.type() != GeometryType.POINT) {
            throw OneM2MException.badRequest(attribute + ".typ: must be 1 (Point): a position is one point");
        }
        return location;
    }

    /**
     * The geometry of {@code type} described by {@code coordinates}, a JSON array or text holding one.
     *
     * @param path the member's name for messages, e.g. {@code loc.crd} or {@code geom}
     * @throws OneM2MException 4000 naming {@code path} when the coordinates are malformed
     */
    public static GeoCoordinates of(GeometryType type, JsonNode coordinates, String path) {
        return new GeoCoordinates(type, CoordinatesReader.read(type, coordinates, path));
    }

    /** The position of a Point (x the longitude, y the latitude, z the altitude or NaN); empty for other types. */
    public Optional<Coordinate> position() {
        return type == GeometryType.POINT ? Optional.of(geometry.getCoordinate().copy()) : Optional.empty();
    }

    /** An object of an m2m complex type with no members but {@code members} ({@code what} names them). */
    static void requireObject(JsonNode node, String attribute, Set<String> members, String what) {
        if (node == null || !node.isObject()) {
            throw OneM2MException.badRequest(attribute + ": must be an object with " + what);
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!members.contains(name)) {
                throw OneM2MException.badRequest(attribute + "." + Excerpt.of(name) + ": unknown member");
            }
        }
    }

    /** An integer member of an m2m complex type: an enumeration's number. */
    static long integer(JsonNode node, String path) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            throw OneM2MException.badRequest(path + ": missing");
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw OneM2MException.badRequest(path + ": must be an integer");
        }
        return node.longValue();
    }
}
