package io.bastion.core.geo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.bastion.core.primitive.FilterCriteria;
import io.bastion.core.primitive.OneM2MException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;

/**
 * A geo-query of the filter criteria (Release 4; {@code gq} of {@code m2m:filterCriteria}, with the members
 * {@code gmty} geometryType, {@code geom} geometry and {@code gsf} geoSpatialFunction; over HTTP the three as query
 * parameters): a resource matches when its location ({@code loc}) relates to the query's geometry as the function asks
 * ({@link GeoSpatialFunction}: the query's geometry is the subject, so {@code within} finds the resources whose
 * location contains the query's geometry and {@code contains} those whose location lies inside it). A resource
 * without a location matches no geo-query. The geometry is read like a location's coordinates
 * ({@link GeoCoordinates}: GeoJSON, [longitude, latitude]) and prepared once, so that a discovery tests each
 * candidate against the same indexed geometry. Immutable.
 */
public final class GeoQuery implements FilterCriteria.GeoCondition {
    private static final Set<String> MEMBERS = Set.of("gmty", "geom", "gsf");

    private final GeoCoordinates geometry;
    private final GeoSpatialFunction function;
    private final PreparedGeometry prepared;

    /** The query: resources whose location relates to {@code geometry} as {@code function} asks. */
    public GeoQuery(GeoCoordinates geometry, GeoSpatialFunction function) {
        this.geometry = Objects.requireNonNull(geometry, "geometry");
        this.function = Objects.requireNonNull(function, "function");
        this.prepared = PreparedGeometryFactory.prepare(geometry.geometry());
    }

    /**
     * The query from the three conditions of a request, as a binding has them (the geometry as a JSON array or as
     * text holding one). A geo-query needs all three; none at all means no geo-query.
     *
     * @return empty when all three are absent (null)
     * @throws OneM2MException 4000 naming the condition that is missing while another is given, or that is malformed
     */
    public static Optional<GeoQuery> of(Integer gmty, JsonNode geom, Integer gsf) {
        boolean hasGeometry = geom != null && !geom.isMissingNode() && !geom.isNull();
        if (gmty == null && !hasGeometry && gsf == null) {
            return Optional.empty();
        }
        if (gmty == null || !hasGeometry || gsf == null) {
            throw OneM2MException.badRequest((gmty == null ? "gmty" : !hasGeometry ? "geom" : "gsf")
                    + ": missing; a geo-query needs gmty, geom and gsf together");
        }
        GeometryType type = GeometryType.of(gmty, "gmty");
        return Optional.of(new GeoQuery(GeoCoordinates.of(type, geom, "geom"), GeoSpatialFunction.of(gsf, "gsf")));
    }

    /** {@link #of(Integer, JsonNode, Integer)} with the geometry as the text of a query parameter (or null). */
    public static Optional<GeoQuery> of(Integer gmty, String geom, Integer gsf) {
        return of(gmty, geom == null ? null : TextNode.valueOf(geom), gsf);
    }

    /**
     * Reads an {@code m2m:geoQuery} object, {@code {"gmty": 3, "geom": "[[...]]", "gsf": 2}}.
     *
     * @param attribute the member's name for messages, e.g. {@code fc.gq}
     * @throws OneM2MException 4000 naming the member: not an object, an unknown or missing member, a malformed one
     */
    public static GeoQuery parse(JsonNode gq, String attribute) {
        GeoCoordinates.requireObject(gq, attribute, MEMBERS, "gmty, geom and gsf");
        GeometryType type = GeometryType.of(GeoCoordinates.integer(gq.get("gmty"), attribute + ".gmty"),
                attribute + ".gmty");
        GeoSpatialFunction function = GeoSpatialFunction.of(
                GeoCoordinates.integer(gq.get("gsf"), attribute + ".gsf"), attribute + ".gsf");
        return new GeoQuery(GeoCoordinates.of(type, gq.get("geom"), attribute + ".geom"), function);
    }

    /** The resource whose location is {@code location} matches; a resource without one (null) never does. */
    public boolean matches(GeoCoordinates location) {
        return location != null && function.holds(prepared, location.geometry());
    }

    /**
     * The resource whose stored {@code loc} is {@code location} matches. A stored location was checked when it was
     * written; one that no longer reads (stored under other rules) matches no geo-query rather than failing a
     * discovery.
     */
    @Override
    public boolean matchesLocation(JsonNode location) {
        if (location == null || location.isNull()) {
            return false;
        }
        try {
            return matches(GeoCoordinates.parse(location, "loc"));
        } catch (OneM2MException e) {
            return false;
        }
    }

    /** The query's geometry ({@code gmty}, {@code geom}). */
    public GeoCoordinates geometry() {
        return geometry;
    }

    /** The spatial function ({@code gsf}). */
    public GeoSpatialFunction function() {
        return function;
    }

    @Override
    public String toString() {
        return "GeoQuery[" + function + " " + geometry.type().geoJsonName() + "]";
    }
}
