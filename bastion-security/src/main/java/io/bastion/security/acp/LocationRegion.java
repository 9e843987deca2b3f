package io.bastion.security.acp;

import java.util.List;
import java.util.Locale;

/**
 * {@code aclr}: the originator's location ({@code rq_loc}) must lie in this region, a circle or a set of countries
 * (TS-0003 7.1.3 and annex F.1; TS-0004 6.3.5.28). A location that cannot answer the question (unknown, or only a
 * country for a circle, or only a point for countries) does not lie in the region.
 */
public sealed interface LocationRegion extends ContextCondition {

    /**
     * {@code accr}: a circle on the earth. A point lies in it when its great-circle distance from the centre, by the
     * haversine formula on a sphere of the mean earth radius ({@link #EARTH_RADIUS_METRES}), is at most the radius;
     * a point exactly on the circle lies in it. The formula needs no special case at the antimeridian or the poles.
     *
     * @param latitude degrees, -90..90
     * @param longitude degrees, -180..180
     * @param radiusMetres greater than zero
     */
    record Circle(double latitude, double longitude, double radiusMetres) implements LocationRegion {
        /** The mean radius of the earth (IUGG), metres; the sphere's error against WGS 84 stays below 0.5 %. */
        public static final double EARTH_RADIUS_METRES = 6_371_008.8;

        /** The point lies in the circle; false for null. */
        boolean admits(OriginatorLocation.Point p) {
            // NaN (impossible for validated inputs) compares false, so it cannot admit.
            return p != null && distanceMetres(latitude, longitude, p.latitude(), p.longitude()) <= radiusMetres;
        }

        /** Haversine great-circle distance in metres between two points given in degrees. */
        static double distanceMetres(double lat1, double lon1, double lat2, double lon2) {
            double phi1 = Math.toRadians(lat1);
            double phi2 = Math.toRadians(lat2);
            double sinHalfDPhi = Math.sin((phi2 - phi1) / 2);
            double sinHalfDLambda = Math.sin(Math.toRadians(lon2 - lon1) / 2);
            double a = sinHalfDPhi * sinHalfDPhi + Math.cos(phi1) * Math.cos(phi2) * sinHalfDLambda * sinHalfDLambda;
            a = Math.min(1.0, Math.max(0.0, a));
            return 2 * EARTH_RADIUS_METRES * Math.atan2(Math.sqrt(a), Math.sqrt(1 - a));
        }
    }

    /** {@code accc}: ISO 3166-1 alpha-2 codes, stored upper-case; a country matches when equal, ignoring case. */
    record Countries(List<String> codes) implements LocationRegion {
        public Countries {
            codes = codes.stream().map(c -> c.toUpperCase(Locale.ROOT)).toList();
        }

        /** The (upper-case) code is listed; false for null. */
        boolean admits(String countryCode) {
            return countryCode != null && codes.contains(countryCode);
        }
    }
}
