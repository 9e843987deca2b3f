package io.bastion.server.it;

import static io.bastion.server.it.M2m.rule;
import static io.bastion.server.it.M2m.rules;
import static org.assertj.core.api.Assertions.assertThat;

import io.bastion.server.BastionServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Distributed authorization on one CSE (TS-0003 7.5): the hosting CSE as PEP asks the PDP its target's ACP names in
 * adri; the PDP takes its policies from the ACPs this CSE's PRP serves (labelled bastion:policyFor=). A read the local
 * ACP denies is permitted by the PDP, another originator denied by it; the points refuse an AE, malformed request
 * attributes and management by a requester; many concurrent decisions each get their own answer.
 */
class DistributedAuthorizationIT {
    static final String OWNER = "Cdaowner";
    static final String READER = "Cdareader";
    static final String STRANGER = "Cdastranger";
    static final String BASE = "/" + M2m.CSE_BASE;
    static final String BOX = BASE + "/daowner/box";

    @TempDir
    static Path dir;
    static BastionServer server;
    static M2m m2m;

    @BeforeAll
    static void start() throws Exception {
        server = M2m.startServer(dir);
        m2m = new M2m(server.httpPort());
        m2m.registerAe(OWNER, "daowner");
        m2m.registerAe(READER, "dareader");
        m2m.registerAe(STRANGER, "dastranger");
        // The PDP: who may ask it (this CSE), and the policy its PRP serves for the owner's resources.
        m2m.createAcp(M2m.ADMIN, BASE, "askPdp", rules(rule(4, M2m.CSE_ID)), rules(rule(63, M2m.ADMIN)));
        m2m.create(M2m.ADMIN, BASE, 35, "{\"m2m:auds\":{\"rn\":\"pdp1\",\"acpi\":[\"cse-in/askPdp\"]}}")
                .expect(2001);
        m2m.create(M2m.ADMIN, BASE, 1, "{\"m2m:acp\":{\"rn\":\"central\",\"lbl\":[\"bastion:policyFor="
                + M2m.CSE_ID + BOX + "\"],\"pv\":{\"acr\":" + rules(rule(2, READER)) + "},\"pvs\":{\"acr\":"
                + rules(rule(63, M2m.ADMIN)) + "}}}").expect(2001);
        // The owner's container: its ACP grants the owner alone and names the PDP.
        m2m.create(OWNER, BASE + "/daowner", 1, "{\"m2m:acp\":{\"rn\":\"own\",\"pv\":{\"acr\":"
                + rules(rule(63, OWNER)) + "},\"pvs\":{\"acr\":" + rules(rule(63, OWNER)) + "},\"adri\":[\""
                + M2m.CSE_ID + BASE + "/pdp1\"]}}").expect(2001);
        m2m.create(OWNER, BASE + "/daowner", 3, "{\"m2m:cnt\":{\"rn\":\"box\",\"acpi\":[\"" + M2m.CSE_BASE
                + "/daowner/own\"]}}").expect(2001);
        m2m.createCin(OWNER, BOX, "hello").expect(2001);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aReadTheLocalPolicyDeniesIsPermittedByThePdpAndAnotherOriginatorDenied() {
        m2m.retrieve(READER, BOX + "/la").expect(2000);
        m2m.retrieve(STRANGER, BOX + "/la").expect(4103);
        // Only RETRIEVE is in the PDP's policy.
        m2m.createCin(READER, BOX, "no").expect(4103);
    }

    @Test
    void theDecisionPointAnswersACseAndRefusesAnAeAndMalformedRequests() {
        // An AE with no privilege on the point: 4103 by its acpi.
        m2m.update(READER, BASE + "/pdp1", "{\"m2m:auds\":{\"to\":\"x\",\"fr\":\"y\",\"op\":2}}").expect(4103);
        // The admin may update it, but is no CSE: the procedure refuses it.
        m2m.update(M2m.ADMIN, BASE + "/pdp1", "{\"m2m:auds\":{\"to\":\"x\",\"fr\":\"y\",\"op\":2}}").expect(4103);
        // Management and request attributes together, a result attribute, a missing mandatory one: 4000.
        assertThat(m2m.update(M2m.ADMIN, BASE + "/pdp1", "{\"m2m:auds\":{\"to\":\"x\",\"lbl\":[\"a\"]}}")
                .expect(4000).body()).contains("not both");
        m2m.update(M2m.ADMIN, BASE + "/pdp1", "{\"m2m:auds\":{\"dec\":1}}").expect(4000);
        // Management by the admin is the generic update.
        m2m.update(M2m.ADMIN, BASE + "/pdp1", "{\"m2m:auds\":{\"lbl\":[\"central\"]}}").expect(2004);
        // Nothing of a request is stored on the point.
        assertThat(m2m.retrieve(M2m.ADMIN, BASE + "/pdp1").expect(2000).inner().has("fr")).isFalse();
    }

    @Test
    void explainSaysWhichPdpARealRequestWouldAskAndTheAuditNamesThePdpThatAnswered() throws Exception {
        // A DELETE of the box by the stranger: denied by the local ACP, never asked of the PDP before.
        String q = "/explain?from=" + STRANGER + "&op=delete&to=" + java.net.URLEncoder.encode(BOX,
                java.nio.charset.StandardCharsets.UTF_8);
        var e = explain(q);
        assertThat(e.path("decision").asText()).isEqualTo("DENY");
        assertThat(e.path("dynamic").toString()).contains("would ask the PDP " + M2m.CSE_ID + BASE + "/pdp1")
                .contains("adri of").contains("explain asks no PDP");
        // A real request asks it; the audit entry of the deny names the PDP and its answer.
        m2m.delete(STRANGER, BOX).expect(4103);
        assertThat(server.audit().sync(java.time.Duration.ofSeconds(10))).isTrue();
        assertThat(java.nio.file.Files.readString(dir.resolve("audit.log")))
                .contains("the PDP " + M2m.CSE_ID + BASE + "/pdp1 answered DENY (status OK)");
        // Once remembered, explain says so instead of naming the PDP to ask, for the address the request came from
        // (a PDP's answer holds for the facts it was asked about, the peer's address among them).
        assertThat(explain(q + "&ip=127.0.0.1").path("dynamic").toString())
                .contains("holds the answer of distributed authorization").contains("would not ask a PDP");
        assertThat(explain(q + "&ip=192.0.2.7").path("dynamic").toString()).contains("would ask the PDP");
    }

    static com.fasterxml.jackson.databind.JsonNode explain(String pathAndQuery) throws Exception {
        try (var http = java.net.http.HttpClient.newHttpClient()) {
            var r = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:"
                    + server.adminPort() + pathAndQuery)).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            return M2m.JSON.readTree(r.body());
        }
    }

    @Test
    void aPdpOnACseThatCannotBeReachedDenies() {
        m2m.create(OWNER, BASE + "/daowner", 1, "{\"m2m:acp\":{\"rn\":\"far\",\"pv\":{\"acr\":"
                + rules(rule(63, OWNER)) + "},\"pvs\":{\"acr\":" + rules(rule(63, OWNER)) + "},\"adri\":[\""
                + "/id-nowhere/cse-x/pdp\"]}}").expect(2001);
        m2m.create(OWNER, BASE + "/daowner", 3, "{\"m2m:cnt\":{\"rn\":\"farbox\",\"acpi\":[\"" + M2m.CSE_BASE
                + "/daowner/far\"]}}").expect(2001);
        long t0 = System.nanoTime();
        m2m.retrieve(READER, BASE + "/daowner/farbox").expect(4103);
        assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(3_000);
    }

    @Test
    void concurrentDecisionsEachGetTheirOwnAnswer() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<int[]>> answers = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                String who = i % 2 == 0 ? READER : STRANGER;
                answers.add(pool.submit(() -> new int[] {who.equals(READER) ? 2000 : 4103,
                        m2m.retrieve(who, BOX + "/la").rsc()}));
            }
            for (Future<int[]> f : answers) {
                int[] a = f.get();
                assertThat(a[1]).isEqualTo(a[0]);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
