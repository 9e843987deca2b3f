package io.bastion.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.bastion.cse.config.LocationConfig;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code <locationPolicy>} with its location container, and the positions a device reports there deciding ACP location
 * regions ({@code aclr}: circles and countries) when the operator trusts device-reported positions: permitted while
 * the device's latest position is inside and fresh, denied once it moves out, goes stale, or someone else writes its
 * position; {@code explain} shows the position used. Without {@code location.device-reported} the same position
 * decides nothing.
 */
class LocationIT {
    static final String DEV = "Cdev";
    static final String OWNER = "Cown";
    static final int MAX_AGE_S = 4;

    @RegisterExtension
    static final TestServer cse = new TestServer()
            .configured(c -> c.withLocation(new LocationConfig(Duration.ofSeconds(MAX_AGE_S), true)))
            .registering(DEV, "dev").registering(OWNER, "own");
    static final M2m m2m = cse.client();

    @RegisterExtension
    static final TestServer untrusting = new TestServer().registering(DEV, "dev").registering(OWNER, "own");

    @RegisterExtension
    static final NotificationReceiver rx = new NotificationReceiver();

    /** Paris, Notre-Dame: [longitude, latitude] as GeoJSON writes it. */
    static final String INSIDE = "{\"typ\":1,\"crd\":[2.3499,48.8530]}";
    /** Vincennes, about 6 km east: outside a 2 km circle around Notre-Dame. */
    static final String OUTSIDE = "{\"typ\":1,\"crd\":[2.4395,48.8475]}";
    /** Berlin. */
    static final String BERLIN = "{\"typ\":1,\"crd\":[13.4050,52.5200]}";

    static String policy(String body) {
        return "{\"m2m:lcp\":" + body + "}";
    }

    /** The admin's policy for {@code lot} whose container is {@code lon}; returns the policy's representation. */
    static JsonNode locationPolicy(M2m client, String lot, String lon) {
        return client.create(M2m.ADMIN, "/cse-in", 10, policy("{\"los\":2,\"lot\":\"" + lot + "\",\"lon\":\"" + lon
                + "\"}")).expect(2001).inner();
    }

    static M2m.Rsp report(M2m client, String fr, String container, String position) {
        return client.create(fr, "/cse-in/" + container, 4, "{\"m2m:cin\":{\"con\":" + position + "}}");
    }

    /** A container of OWNER that DEV may RETRIEVE only under {@code context} (an acco entry). */
    static String guarded(M2m client, String rn, String context) {
        client.createAcp(OWNER, "/cse-in/own", rn + "Acp", "[{\"acor\":[\"" + DEV + "\"],\"acop\":2,\"acco\":["
                + context + "]},{\"acor\":[\"" + OWNER + "\"],\"acop\":63}]", "[" + M2m.rule(63, OWNER) + "]");
        client.create(OWNER, "/cse-in/own", 3, "{\"m2m:cnt\":{\"rn\":\"" + rn + "\",\"acpi\":[\"cse-in/own/" + rn
                + "Acp\"]}}").expect(2001);
        return "/cse-in/own/" + rn;
    }

    static final String NEAR_NOTRE_DAME = "{\"aclr\":{\"accr\":[48.8530,2.3499,2000]}}";

    @Test
    void aCircleRulePermitsTheDeviceWhileItsOwnFreshPositionIsInside() throws Exception {
        JsonNode lcp = locationPolicy(m2m, DEV, "devPos");
        assertThat(lcp.path("lot").asText()).isEqualTo(DEV);
        assertThat(lcp.path("lost").asText()).contains("Device_based");
        JsonNode cnt = m2m.retrieve(DEV, "/cse-in/devPos").expect(2000).inner();
        assertThat(cnt.path("ri").asText()).isEqualTo(lcp.path("loi").asText());
        assertThat(cnt.path("li").asText()).isEqualTo(lcp.path("ri").asText());
        String data = guarded(m2m, "near", NEAR_NOTRE_DAME);

        m2m.retrieve(DEV, data).expect(4103); // no position yet
        report(m2m, DEV, "devPos", INSIDE).expect(2001);
        m2m.retrieve(DEV, data).expect(2000);
        JsonNode permit = cse.explain("from", DEV, "op", "retrieve", "to", data);
        assertThat(permit.path("decision").asText()).isEqualTo("PERMIT");
        assertThat(permit.path("notes").toString()).contains("position (48.853, 2.3499)").contains("fresh")
                .contains("location container " + lcp.path("loi").asText());

        report(m2m, DEV, "devPos", OUTSIDE).expect(2001); // moved out
        m2m.retrieve(DEV, data).expect(4103);
        assertThat(cse.explain("from", DEV, "op", "retrieve", "to", data).path("notes").toString())
                .contains("position (48.8475, 2.4395)");

        report(m2m, M2m.ADMIN, "devPos", INSIDE).expect(2001); // written by someone else: not the device's report
        m2m.retrieve(DEV, data).expect(4103);
        assertThat(cse.explain("from", DEV, "op", "retrieve", "to", data).path("notes").toString())
                .contains("not by " + DEV + " itself");

        report(m2m, DEV, "devPos", INSIDE).expect(2001);
        m2m.retrieve(DEV, data).expect(2000);
        Thread.sleep((MAX_AGE_S + 1) * 1000L); // the position goes stale
        m2m.retrieve(DEV, data).expect(4103);
        JsonNode stale = cse.explain("from", DEV, "op", "retrieve", "to", data);
        assertThat(stale.path("decision").asText()).isEqualTo("DENY");
        assertThat(stale.path("notes").toString()).contains("stale (more than " + MAX_AGE_S + " s)");
    }

    @Test
    void aCountryRulePermitsByTheCountryOfThePosition() {
        locationPolicy(m2m, "Cwanderer", "wandererPos");
        m2m.registerAe("Cwanderer", "wanderer");
        m2m.createAcp(OWNER, "/cse-in/own", "frAcp", "[{\"acor\":[\"Cwanderer\"],\"acop\":2,\"acco\":[{\"aclr\":"
                + "{\"accc\":[\"FR\"]}}]},{\"acor\":[\"" + OWNER + "\"],\"acop\":63}]",
                "[" + M2m.rule(63, OWNER) + "]");
        m2m.create(OWNER, "/cse-in/own", 3, "{\"m2m:cnt\":{\"rn\":\"fr\",\"acpi\":[\"cse-in/own/frAcp\"]}}")
                .expect(2001);
        report(m2m, "Cwanderer", "wandererPos", INSIDE).expect(2001);
        m2m.retrieve("Cwanderer", "/cse-in/own/fr").expect(2000);
        assertThat(cse.explain("from", "Cwanderer", "op", "retrieve", "to", "/cse-in/own/fr").path("notes")
                .toString()).contains("country FR");
        report(m2m, "Cwanderer", "wandererPos", BERLIN).expect(2001);
        m2m.retrieve("Cwanderer", "/cse-in/own/fr").expect(4103);
    }

    @Test
    void withoutTrustInDeviceReportsThePositionDecidesNothingAndExplainSaysWhy() {
        M2m other = untrusting.client();
        locationPolicy(other, DEV, "devPos");
        String data = guarded(other, "near", NEAR_NOTRE_DAME);
        report(other, DEV, "devPos", INSIDE).expect(2001);
        other.retrieve(DEV, data).expect(4103);
        JsonNode e = untrusting.explain("from", DEV, "op", "retrieve", "to", data);
        assertThat(e.path("decision").asText()).isEqualTo("DENY");
        assertThat(e.path("notes").toString()).contains("position (48.853, 2.3499)")
                .contains("device-reported positions are not trusted");
    }

    @Test
    void theLocationPolicyLifeCycleIsAuditedAndItsContainerGoesWithIt() throws Exception {
        JsonNode lcp = locationPolicy(m2m, "Cgone", "gonePos");
        String path = "/cse-in/" + lcp.path("rn").asText();
        assertThat(m2m.retrieve(M2m.ADMIN, path).expect(2000).inner().path("los").asInt()).isEqualTo(2);
        assertThat(m2m.retrieve(M2m.ADMIN, "/cse-in?fu=1&ty=10").expect(2000).uris())
                .contains(path.substring(1));
        // a subscription to the policy is told of its change
        m2m.create(M2m.ADMIN, path, 23, "{\"m2m:sub\":{\"rn\":\"watch\",\"nu\":[\"" + rx.url("/lcp")
                + "\"],\"enc\":{\"net\":[1]}}}").expect(2001);
        m2m.update(M2m.ADMIN, path, policy("{\"lou\":[\"PT1M\"]}")).expect(2004);
        assertThat(rx.await("/lcp", r -> !r.isVerification() && r.net() == 1).rep().toString()).contains("PT1M");
        m2m.update(M2m.ADMIN, path, policy("{\"lou\":[\"PT0S\",\"PT1M\"]}")).expect(4000);
        m2m.update(M2m.ADMIN, path, policy("{\"lou\":[\"soon\"]}")).expect(4000);
        m2m.update(M2m.ADMIN, path, policy("{\"los\":1}")).expect(4000);

        m2m.delete(M2m.ADMIN, path).expect(2002);
        m2m.retrieve(M2m.ADMIN, "/cse-in/gonePos").expect(4004);
        String ri = lcp.path("ri").asText();
        List<JsonNode> audit = AuditLogIT.entries(cse.server(), cse.dir().resolve("audit.log")).stream()
                .filter(e -> e.has("change") && ri.equals(e.path("target").path("ri").asText())).toList();
        assertThat(audit).extracting(e -> e.path("change").asText())
                .containsExactly("CREATED", "UPDATED", "DELETED");
        assertThat(audit.get(0).path("reason").asText()).contains("locationPolicy (m2m:lcp)").contains("lot");
        assertThat(audit.get(1).path("reason").asText()).contains("lou").doesNotContain("PT1M");
    }

    @Test
    void sourcesWithoutAServerAndBadInputAreRefused() {
        m2m.create(M2m.ADMIN, "/cse-in", 10, policy("{\"los\":1,\"lot\":\"Cx\"}")).expect(5001);
        m2m.create(M2m.ADMIN, "/cse-in", 10, policy("{\"los\":3,\"lot\":\"Cx\"}")).expect(5001);
        m2m.create(M2m.ADMIN, "/cse-in", 10, policy("{\"los\":2,\"lot\":\"Cx\",\"lit\":2}")).expect(5001);
        assertThat(m2m.create(M2m.ADMIN, "/cse-in", 10, policy("{\"los\":9}")).expect(4000).dbg()).contains("los");
        assertThat(m2m.create(M2m.ADMIN, "/cse-in", 10, policy("{\"lot\":\"Cx\"}")).expect(4000).dbg())
                .contains("los");
        assertThat(m2m.create(M2m.ADMIN, "/cse-in", 10, policy("{\"los\":2,\"loi\":\"x\"}")).expect(4000).dbg())
                .contains("loi");
        assertThat(m2m.create(M2m.ADMIN, "/cse-in", 10, policy("{\"los\":2,\"gec\":7}")).expect(4000).dbg())
                .contains("gec");
        assertThat(m2m.create(M2m.ADMIN, "/cse-in", 10, policy("{\"los\":2,\"color\":1}")).expect(4000).dbg())
                .contains("color");
        m2m.create(M2m.ADMIN, "/cse-in/own", 10, policy("{\"los\":2}")).expect(4108); // below the CSEBase only
        m2m.create(OWNER, "/cse-in", 10, policy("{\"los\":2}")).expect(4103); // the CSEBase's policy decides

        locationPolicy(m2m, "Ctwice", "twicePos");
        m2m.registerAe("Ctwice", "twice");
        assertThat(m2m.create(M2m.ADMIN, "/cse-in", 10, policy("{\"los\":2,\"lot\":\"Ctwice\"}")).expect(4105)
                .dbg()).contains("lot");
        assertThat(m2m.create(M2m.ADMIN, "/cse-in", 10, policy("{\"los\":2,\"lot\":\"Cthird\",\"lon\":\"twicePos\"}"))
                .expect(4105).dbg()).contains("lon");

        // a location container holds positions only
        assertThat(report(m2m, "Ctwice", "twicePos", "\"here\"").expect(4000).dbg()).contains("con");
        assertThat(report(m2m, "Ctwice", "twicePos", "{\"typ\":3,\"crd\":[[[0,0],[1,0],[1,1],[0,0]]]}")
                .expect(4000).dbg()).contains("con");
        report(m2m, "Ctwice", "twicePos", "\"{\\\"typ\\\":1,\\\"crd\\\":[2.35,48.85]}\"").expect(2001); // as text
    }
}
