package io.bastion.core.geo;

import com.fasterxml.jackson.databind.JsonNode;
import io.bastion.core.codec.Codec;
import io.bastion.core.codec.JacksonCodec;
import io.bastion.core.primitive.OneM2MException;
import java.nio.charset.StandardCharsets;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.operation.valid.IsValidOp;
import org.locationtech.jts.operation.valid.TopologyValidationError;

/**
 * Reads the coordinates of one geometry ({@code crd} of a location, {@code geom} of a geo-query) into a JTS geometry,
 * refusing (4000, naming the member) what RFC 7946 clause 3.1 does not allow or what would make the spatial
 * functions meaningless. The coordinates come as a JSON array or as text holding one (the ACME CSE writes
 * {@code "crd": "[1.0, 2.0]"}); text is read within the codec's own bounds ({@link io.bastion.core.codec.ContentLimits}).
 *
 * <p>Each geometry type takes the nesting GeoJSON gives it, and a polygon may also be one ring written directly as a
 * list of positions, as the ACME CSE reads it (its validator's {@code validateGeoLocation}): a
 * position starts with a number and a ring with a position, so the two forms cannot be confused.
 * <ul>
 *   <li>a position: {@code [longitude, latitude]} or {@code [longitude, latitude, altitude]} (3.1.1), numbers
 *       (integers too), longitude within -180..180 and latitude within -90..90; the altitude is kept and ignored by
 *       the spatial functions;</li>
 *   <li>a LineString: at least 2 positions (3.1.4);</li>
 *   <li>a Polygon: rings of at least 4 positions whose first and last are identical (3.1.6), the first the outer
 *       boundary and the others holes; the ring's orientation is not checked (3.1.6: parsers should not reject it);</li>
 *   <li>the Multi- types: at least one member;</li>
 *   <li>at most {@link GeoCoordinates#MAX_POSITIONS} positions in all, and a geometry JTS finds valid (no
 *       self-intersecting ring, no hole outside its polygon, no overlapping polygons of a MultiPolygon, no line
 *       without two distinct positions).</li>
 * </ul>
 * The coordinates are taken as plane coordinates (x the longitude, y the latitude), as GeoJSON does (3.1.9): a
 * geometry that crosses the antimeridian must be cut in two there, or it is read as spanning the other way round.
 */
final class CoordinatesReader {
    private static final GeometryFactory FACTORY = new GeometryFactory();
    private static final Codec JSON = JacksonCodec.json();

    private final String path;
    private int positions;

    private CoordinatesReader(String path) {
        this.path = path;
    }

    /**
     * The geometry of {@code type} that {@code crd} describes.
     *
     * @param path the member's name for messages, e.g. {@code loc.crd} or {@code geom}
     * @throws OneM2MException 4000 naming {@code path} (and the offending element) when the coordinates are malformed
     */
    static Geometry read(GeometryType type, JsonNode crd, String path) {
        CoordinatesReader reader = new CoordinatesReader(path);
        JsonNode coordinates = reader.array(crd);
        Geometry geometry = switch (type) {
            case POINT -> FACTORY.createPoint(reader.position(coordinates, path));
            case LINE_STRING -> reader.lineString(coordinates, path);
            case POLYGON -> reader.polygon(coordinates, path);
            case MULTI_POINT -> FACTORY.createMultiPoint(reader.points(coordinates));
            case MULTI_LINE_STRING -> FACTORY.createMultiLineString(reader.lineStrings(coordinates));
            case MULTI_POLYGON -> FACTORY.createMultiPolygon(reader.polygons(coordinates));
        };
        requireValid(geometry, type, path);
        return geometry;
    }

    private JsonNode array(JsonNode crd) {
        if (crd == null || crd.isMissingNode() || crd.isNull()) {
            throw invalid(path, "missing");
        }
        JsonNode node = crd.isTextual() ? decode(crd.textValue()) : crd;
        if (node == null || !node.isArray()) {
            throw invalid(path, "must be a JSON array of GeoJSON coordinates (RFC 7946 3.1), or text holding one");
        }
        return node;
    }

    private JsonNode decode(String text) {
        try {
            return JSON.decode(text.getBytes(StandardCharsets.UTF_8));
        } catch (OneM2MException e) {
            throw invalid(path, e.getMessage());
        }
    }

    /** {@code [longitude, latitude]} or {@code [longitude, latitude, altitude]} (RFC 7946 3.1.1). */
    private Coordinate position(JsonNode p, String at) {
        if (!p.isArray() || p.size() < 2 || p.size() > 3) {
            throw invalid(at, "must be a position [longitude, latitude] or [longitude, latitude, altitude]");
        }
        if (++positions > GeoCoordinates.MAX_POSITIONS) {
            throw invalid(path, "more than " + GeoCoordinates.MAX_POSITIONS + " positions");
        }
        double longitude = number(p, 0, at);
        double latitude = number(p, 1, at);
        if (!(longitude >= -180 && longitude <= 180)) {
            throw invalid(at + "[0]", "longitude must be within -180..180 (GeoJSON order: [longitude, latitude])");
        }
        if (!(latitude >= -90 && latitude <= 90)) {
            throw invalid(at + "[1]", "latitude must be within -90..90 (GeoJSON order: [longitude, latitude])");
        }
        return p.size() == 3 ? new Coordinate(longitude, latitude, number(p, 2, at))
                : new Coordinate(longitude, latitude);
    }

    private static double number(JsonNode p, int i, String at) {
        JsonNode n = p.get(i);
        if (!n.isNumber() || !Double.isFinite(n.doubleValue())) {
            throw invalid(at + "[" + i + "]", "must be a number");
        }
        return n.doubleValue();
    }

    private Coordinate[] positions(JsonNode list, String at) {
        Coordinate[] out = new Coordinate[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = position(list.get(i), at + "[" + i + "]");
        }
        return out;
    }

    private LineString lineString(JsonNode list, String at) {
        if (!list.isArray() || list.size() < 2) {
            throw invalid(at, "must be a LineString: a list of at least 2 positions");
        }
        return FACTORY.createLineString(positions(list, at));
    }

    /** A closed ring of at least 4 positions (RFC 7946 3.1.6). */
    private LinearRing ring(JsonNode list, String at) {
        if (!list.isArray() || list.size() < 4) {
            throw invalid(at, "must be a ring: a list of at least 4 positions, the last equal to the first");
        }
        Coordinate[] ring = positions(list, at);
        if (!ring[0].equals3D(ring[ring.length - 1])) {
            throw invalid(at, "must be a closed ring: its first and last positions must be identical");
        }
        return FACTORY.createLinearRing(ring);
    }

    /** GeoJSON's list of rings (outer boundary, then holes), or one ring listed directly. */
    private Polygon polygon(JsonNode list, String at) {
        if (!list.isArray() || list.isEmpty()) {
            throw invalid(at, "must be a Polygon: a list of rings (the outer boundary first), or one ring");
        }
        if (isPositionList(list)) {
            return FACTORY.createPolygon(ring(list, at));
        }
        LinearRing shell = ring(list.get(0), at + "[0]");
        LinearRing[] holes = new LinearRing[list.size() - 1];
        for (int i = 0; i < holes.length; i++) {
            holes[i] = ring(list.get(i + 1), at + "[" + (i + 1) + "]");
        }
        return FACTORY.createPolygon(shell, holes);
    }

    /** The list's first element is a position (it starts with a number), so the list is one ring. */
    private static boolean isPositionList(JsonNode list) {
        JsonNode first = list.get(0);
        return first.isArray() && !first.isEmpty() && first.get(0).isNumber();
    }

    private Point[] points(JsonNode list) {
        requireMembers(list, "a MultiPoint: a list of positions");
        Point[] out = new Point[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = FACTORY.createPoint(position(list.get(i), path + "[" + i + "]"));
        }
        return out;
    }

    private LineString[] lineStrings(JsonNode list) {
        requireMembers(list, "a MultiLineString: a list of LineStrings");
        LineString[] out = new LineString[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = lineString(list.get(i), path + "[" + i + "]");
        }
        return out;
    }

    private Polygon[] polygons(JsonNode list) {
        requireMembers(list, "a MultiPolygon: a list of Polygons");
        Polygon[] out = new Polygon[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = polygon(list.get(i), path + "[" + i + "]");
        }
        return out;
    }

    private void requireMembers(JsonNode list, String what) {
        if (list.isEmpty()) {
            throw invalid(path, "must be " + what + ", with at least one");
        }
    }

    /** What JTS finds wrong with the geometry's topology (a self-intersecting ring, a hole outside its shell…). */
    private static void requireValid(Geometry geometry, GeometryType type, String path) {
        TopologyValidationError error = new IsValidOp(geometry).getValidationError();
        if (error != null) {
            Coordinate at = error.getCoordinate();
            throw invalid(path, "not a valid " + type.geoJsonName() + ": " + error.getMessage()
                    + (at == null ? "" : " at [" + at.x + ", " + at.y + "]"));
        }
    }

    private static OneM2MException invalid(String at, String why) {
        return OneM2MException.badRequest(at + ": " + why);
    }
}
