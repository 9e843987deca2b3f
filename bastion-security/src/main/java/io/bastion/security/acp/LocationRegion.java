package io.bastion.security.acp;

import java.util.List;

/** {@code aclr}: the originator's location must lie in this region, a circle or a set of countries (TS-0004 6.3.5.28). */
public sealed interface LocationRegion extends ContextCondition {

    /**
     * {@code accr}: a circle on the earth.
     *
     * @param latitude degrees, -90..90
     * @param longitude degrees, -180..180
     * @param radiusMetres greater than zero
     */
    record Circle(double latitude, double longitude, double radiusMetres) implements LocationRegion {
    }

    /** {@code accc}: ISO 3166-1 alpha-2 codes, stored upper-case. */
    record Countries(List<String> codes) implements LocationRegion {
        public Countries {
            codes = List.copyOf(codes);
        }
    }
}
