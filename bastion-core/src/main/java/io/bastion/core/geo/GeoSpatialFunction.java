package io.bastion.core.geo;

import io.bastion.core.primitive.OneM2MException;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.prep.PreparedGeometry;

/**
 * {@code m2m:geoSpatialFunctionType} ({@code gsf} of a geo-query, Release 4): the spatial relation a resource's
 * location must have with the query's geometry. Numbered 1 within, 2 contains, 3 intersects, as the ACME CSE numbers
 * them ({@code acme/etc/Types.py}, GeoSpatialFunctionType); the Release 3 texts this project holds do not define them.
 *
 * <p>The query's geometry is the subject and the resource's location the object, as in ACME
 * ({@code LocationManager.checkGeoLocation} calls {@code geoWithin(gmty, geom, typ, crd)}): {@code within} matches
 * a resource whose location contains the query's geometry (a query point inside a resource's area), {@code contains}
 * a resource whose location lies inside the query's geometry (resources inside a query area), {@code intersects} a
 * resource whose location shares any point with it. The relations are those of the OGC Simple Features model (the
 * DE-9IM), computed by JTS: a geometry lying wholly on the other's boundary is neither within nor contained (a point
 * on a polygon's edge, or on a line's end point), while it does intersect.
 */
public enum GeoSpatialFunction {
    WITHIN(1) {
        @Override
        boolean holds(PreparedGeometry query, Geometry location) {
            return query.within(location);
        }
    },
    CONTAINS(2) {
        @Override
        boolean holds(PreparedGeometry query, Geometry location) {
            return query.contains(location);
        }
    },
    INTERSECTS(3) {
        @Override
        boolean holds(PreparedGeometry query, Geometry location) {
            return query.intersects(location);
        }
    };

    private static final GeoSpatialFunction[] BY_CODE = values();

    private final int code;

    GeoSpatialFunction(int code) {
        this.code = code;
    }

    /** The number on the wire. */
    public int code() {
        return code;
    }

    /** {@code query} relates to {@code location} as this function asks. */
    abstract boolean holds(PreparedGeometry query, Geometry location);

    /**
     * The function numbered {@code code}.
     *
     * @param path the attribute for the message, e.g. {@code gsf}
     * @throws OneM2MException 4000 naming {@code path} when no function has that number
     */
    public static GeoSpatialFunction of(long code, String path) {
        if (code < 1 || code > BY_CODE.length) {
            throw OneM2MException.badRequest(path + ": must be a geoSpatialFunction: 1 (within), 2 (contains) or "
                    + "3 (intersects)");
        }
        return BY_CODE[(int) code - 1];
    }
}
