package io.bastion.core.geo;

import io.bastion.core.primitive.OneM2MException;

/**
 * {@code m2m:geometryType} (Release 4; {@code typ} of a location, {@code gmty} of a geo-query): which GeoJSON geometry
 * (RFC 7946 clause 3.1) the coordinates describe. The numbers are not in the Release 3 texts this project holds; they
 * are those of the Release 4 enumeration as the ACME CSE implements it ({@code acme/etc/Types.py}, GeometryType):
 * 1 Point to 6 MultiPolygon, in the order RFC 7946 lists them.
 */
public enum GeometryType {
    POINT(1, "Point"),
    LINE_STRING(2, "LineString"),
    POLYGON(3, "Polygon"),
    MULTI_POINT(4, "MultiPoint"),
    MULTI_LINE_STRING(5, "MultiLineString"),
    MULTI_POLYGON(6, "MultiPolygon");

    private static final GeometryType[] BY_CODE = values();

    private final int code;
    private final String geoJsonName;

    GeometryType(int code, String geoJsonName) {
        this.code = code;
        this.geoJsonName = geoJsonName;
    }

    /** The number on the wire. */
    public int code() {
        return code;
    }

    /** The GeoJSON name of the type, e.g. {@code MultiPolygon}. */
    public String geoJsonName() {
        return geoJsonName;
    }

    /**
     * The type numbered {@code code}.
     *
     * @param path the attribute (or member path) for the message, e.g. {@code loc.typ}
     * @throws OneM2MException 4000 naming {@code path} when no type has that number
     */
    public static GeometryType of(long code, String path) {
        if (code < 1 || code > BY_CODE.length) {
            throw OneM2MException.badRequest(path + ": must be a geometryType from 1 (Point) to 6 (MultiPolygon)");
        }
        return BY_CODE[(int) code - 1];
    }
}
