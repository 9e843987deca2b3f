package io.bastion.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Release 4 location {@code loc} of AEs and containers ({@code {typ, crd}}, GeoJSON [longitude, latitude]) and
 * the geo-query of discovery ({@code gmty}, {@code geom}, {@code gsf}) over HTTP: points inside and outside a polygon,
 * refusals naming what is wrong, and results still filtered by the DISCOVER privilege.
 */
class GeoQueryIT {
    static final String OWNER = "Cgeo";
    static final String OTHER = "Cnosy";

    @RegisterExtension
    static final TestServer cse = new TestServer().registering(OWNER, "geo").registering(OTHER, "nosy");
    static final M2m m2m = cse.client();

    /** Central Paris, roughly: a square around the Louvre, [longitude, latitude]. */
    static final String PARIS = "[[[2.30,48.84],[2.38,48.84],[2.38,48.88],[2.30,48.88],[2.30,48.84]]]";

    static String point(double lon, double lat) {
        return "{\"typ\":1,\"crd\":[" + lon + "," + lat + "]}";
    }

    /** A container of its own below the AE for one test, so that tests do not see each other's resources. */
    static String folder(String rn) {
        m2m.createContainer(OWNER, "/cse-in/geo", rn);
        return "/cse-in/geo/" + rn;
    }

    static void located(String parent, String rn, String loc) {
        m2m.create(OWNER, parent, 3, "{\"m2m:cnt\":{\"rn\":\"" + rn + "\",\"loc\":" + loc + "}}").expect(2001);
    }

    static String geoQuery(int gmty, String geom, int gsf) {
        return "gmty=" + gmty + "&gsf=" + gsf + "&geom=" + URLEncoder.encode(geom, StandardCharsets.UTF_8);
    }

    @Test
    void aDiscoveryWithAPolygonFindsTheResourcesLocatedInsideIt() {
        String f = folder("sights");
        located(f, "louvre", point(2.3376, 48.8606));
        located(f, "notreDame", "{\"typ\":1,\"crd\":\"[2.3499, 48.8530]\"}"); // crd as text holding the array
        located(f, "versailles", point(2.1204, 48.8049));
        located(f, "newYork", point(-74.0, 40.7));
        m2m.createContainer(OWNER, f, "unlocated");

        // gsf 2 contains: the query's polygon contains the resource's location
        assertThat(m2m.retrieve(OWNER, f + "?fu=1&ty=3&" + geoQuery(3, PARIS, 2)).expect(2000).uris())
                .containsExactlyInAnyOrder("cse-in/geo/sights/louvre", "cse-in/geo/sights/notreDame");
        // gsf 3 intersects gives the same for points
        assertThat(m2m.retrieve(OWNER, f + "?fu=1&" + geoQuery(3, PARIS, 3)).expect(2000).uris())
                .containsExactlyInAnyOrder("cse-in/geo/sights/louvre", "cse-in/geo/sights/notreDame");
        // fo=2 (OR): located in Paris or named versailles
        assertThat(m2m.retrieve(OWNER, f + "?fu=1&fo=2&rn=versailles&" + geoQuery(3, PARIS, 2)).expect(2000).uris())
                .containsExactlyInAnyOrder("cse-in/geo/sights/louvre", "cse-in/geo/sights/notreDame",
                        "cse-in/geo/sights/versailles");
    }

    @Test
    void aPointQueryFindsTheAreasThatHoldIt() {
        String f = folder("areas");
        located(f, "district", "{\"typ\":3,\"crd\":" + PARIS + "}");
        // gsf 1 within: the query's point lies within the resource's location
        assertThat(m2m.retrieve(OWNER, f + "?fu=1&" + geoQuery(1, "[2.35,48.86]", 1)).expect(2000).uris())
                .containsExactly("cse-in/geo/areas/district");
        assertThat(m2m.retrieve(OWNER, f + "?fu=1&" + geoQuery(1, "[2.10,48.80]", 1)).expect(2000).uris())
                .isEmpty();
    }

    @Test
    void theAeItselfHasALocationThatCanBeUpdatedAndRemoved() {
        m2m.update(OWNER, "/cse-in/geo", "{\"m2m:ae\":{\"loc\":" + point(2.35, 48.86) + "}}").expect(2004);
        assertThat(m2m.retrieve(OWNER, "/cse-in/geo").expect(2000).inner().path("loc").path("typ").asInt())
                .isEqualTo(1);
        assertThat(m2m.retrieve(M2m.ADMIN, "/cse-in?fu=1&ty=2&" + geoQuery(3, PARIS, 2)).expect(2000).uris())
                .containsExactly("cse-in/geo");
        m2m.update(OWNER, "/cse-in/geo", "{\"m2m:ae\":{\"loc\":null}}").expect(2004);
        assertThat(m2m.retrieve(OWNER, "/cse-in/geo").expect(2000).inner().has("loc")).isFalse();
        assertThat(m2m.retrieve(M2m.ADMIN, "/cse-in?fu=1&ty=2&" + geoQuery(3, PARIS, 2)).expect(2000).uris())
                .isEmpty();
    }

    @Test
    void resultsStayFilteredByTheDiscoverPrivilege() {
        String f = folder("private");
        located(f, "mine", point(2.34, 48.86));
        assertThat(m2m.retrieve(OWNER, f + "?fu=1&" + geoQuery(3, PARIS, 2)).expect(2000).uris())
                .containsExactly("cse-in/geo/private/mine");
        assertThat(m2m.retrieve(OTHER, f + "?fu=1&" + geoQuery(3, PARIS, 2)).expect(2000).uris()).isEmpty();
    }

    @Test
    void aMalformedLocationIsRefusedNamingTheMember() {
        String cnt = "/cse-in/geo";
        assertThat(m2m.create(OWNER, cnt, 3, "{\"m2m:cnt\":{\"loc\":" + point(48.86, 200) + "}}").expect(4000).dbg())
                .contains("loc.crd").contains("latitude");
        assertThat(m2m.create(OWNER, cnt, 3, "{\"m2m:cnt\":{\"loc\":{\"typ\":7,\"crd\":[1,2]}}}").expect(4000).dbg())
                .contains("loc.typ");
        assertThat(m2m.create(OWNER, cnt, 3, "{\"m2m:cnt\":{\"loc\":{\"typ\":1,\"crd\":[1,2],\"x\":1}}}")
                .expect(4000).dbg()).contains("loc.x");
        assertThat(m2m.create(OWNER, cnt, 3, "{\"m2m:cnt\":{\"loc\":{\"typ\":3,\"crd\":[[[0,0],[1,0],[1,1],[0,1]]]}}}")
                .expect(4000).dbg()).contains("loc.crd").contains("closed");
        assertThat(m2m.update(OWNER, "/cse-in/geo", "{\"m2m:ae\":{\"loc\":\"Paris\"}}").expect(4000).dbg())
                .contains("loc");
    }

    @Test
    void aMalformedOrIncompleteGeoQueryIsRefused() {
        assertThat(m2m.retrieve(OWNER, "/cse-in/geo?fu=1&gmty=3&gsf=2").expect(4000).dbg()).contains("geom");
        assertThat(m2m.retrieve(OWNER, "/cse-in/geo?fu=1&" + geoQuery(3, "[[[0,0],[1,1],[1,0],[0,1],[0,0]]]", 2))
                .expect(4000).dbg()).contains("geom").contains("Polygon");
        assertThat(m2m.retrieve(OWNER, "/cse-in/geo?fu=1&" + geoQuery(1, "[1,2]", 9)).expect(4000).dbg())
                .contains("gsf");
    }
}
