package io.bastion.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.bastion.core.primitive.Operation;
import io.bastion.core.primitive.Request;
import io.bastion.core.primitive.Response;
import io.bastion.core.primitive.ResponseStatusCode;
import io.bastion.security.credential.PreSharedKey;
import io.bastion.security.e2e.EsprimAlgorithm;
import io.bastion.security.e2e.EsprimHeader;
import io.bastion.security.e2e.EsprimOriginator;
import io.bastion.security.e2e.InnerPrimitives;
import io.bastion.security.e2e.PairwiseKey;
import io.bastion.security.e2e.ReceiverRandObject;
import io.bastion.security.e2e.SecurityInfo;
import io.bastion.server.it.M2m;
import io.bastion.server.it.TestServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * ESPrim with this CSE as the Receiver, over HTTP (TS-0001 11.4.2, TS-0003 8.4): AEs with pairwise keys provisioned
 * by {@code ./bastion credentials e2e add} into the running server ask for a rand object ({@code sit}=3), send
 * protected requests in a NOTIFY to the CSEBase ({@code sit}=5) and read the protected answers; access control applies
 * to the inner originator; 4116, replay and each failed check come back with their codes; malformed input is 4xxx.
 */
class EsprimIT {
    static final String KEY1 = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
    static final String KEY2 = "f0e0d0c0b0a090807060504030201000f0e0d0c0b0a090807060504030201000";
    static final String KID1 = "ae1@keys.example";
    static final String KID2 = "ae2@keys.example";
    static final String MARKER = "esprim-marker-7f3c";
    static final AtomicLong RQI = new AtomicLong();

    @RegisterExtension
    static final TestServer cse = new TestServer().registering("Cae1", "ae1").registering("Cae2", "ae2");
    static final M2m m2m = cse.client();
    static ServerLog log;
    final EsprimOriginator originator = new EsprimOriginator(Clock.systemUTC(), new SecureRandom());
    final PairwiseKey key1 = new PairwiseKey(KID1, PreSharedKey.fromHex(KEY1), "Cae1");
    final PairwiseKey key2 = new PairwiseKey(KID2, PreSharedKey.fromHex(KEY2), "Cae2");

    @BeforeAll
    static void provision() throws Exception {
        log = ServerLog.capture();
        // into the running server's data folder: it sees them without a restart
        credentials("e2e", "add", "--key-id", KID1, "--key", KEY1, "--entity", "Cae1");
        credentials("e2e", "add", "--key-id", KID2, "--key", "-", "--entity", "Cae2");
        m2m.createContainer("Cae1", "/cse-in/ae1", "box");
    }

    @AfterAll
    static void stopCapture() {
        log.close();
    }

    static String credentials(String... args) {
        List<String> all = new ArrayList<>(List.of("--data", cse.dir().toString()));
        all.addAll(List.of(args));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = CredentialsCommand.run(all, new ByteArrayInputStream((KEY2 + "\n").getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(rc).as("credentials %s: %s", all, err).isZero();
        return out.toString(StandardCharsets.UTF_8);
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** sit 3 to the CSEBase, then a session over the ero that comes back. */
    EsprimOriginator.Session session(String outerFr, PairwiseKey key, EsprimAlgorithm alg) {
        M2m.Rsp r = m2m.notifyTo(outerFr, "/cse-in", "{\"m2m:seci\":{\"sit\":3}}").expect(2000);
        SecurityInfo seci = SecurityInfo.fromJson(r.json(), Instant.now());
        assertThat(seci.ero().esri()).startsWith("U");
        return originator.start(key, seci.ero(), alg, Duration.ofMinutes(10));
    }

    static Request inner(Operation op, String to, String fr, Integer ty, String pc) throws Exception {
        Request.Builder b = Request.builder(op, to).fr(fr).rqi("inner-" + RQI.incrementAndGet()).rvi("3");
        if (ty != null) {
            b.ty(ty);
        }
        if (pc != null) {
            b.pc(M2m.JSON.readTree(pc));
        }
        return b.build();
    }

    static String epo(EsprimOriginator.Session s, Request rq) {
        return s.protect(InnerPrimitives.requestBytes(rq), EsprimHeader.JSON);
    }

    static M2m.Rsp send(String outerFr, String epo, String rqi) {
        return m2m.request("POST", "/cse-in").from(outerFr).header("X-M2M-RI", rqi)
                .body(SecurityInfo.esprimObject(epo).toJson().toString()).send();
    }

    /** The protected answer opened. */
    static Response open(EsprimOriginator.Session s, M2m.Rsp outer) {
        outer.expect(2000);
        SecurityInfo seci = SecurityInfo.fromJson(outer.json(), Instant.now());
        assertThat(seci.epo()).isNotNull();
        assertThat(outer.body()).doesNotContain(MARKER);
        return InnerPrimitives.response(s.open(seci.epo()));
    }

    Response exchange(EsprimOriginator.Session s, String outerFr, Request rq) {
        return open(s, send(outerFr, epo(s, rq), "outer-" + RQI.incrementAndGet()));
    }

    // -------------------------------------------------------------------------------------------------- tests

    @Test
    void theCseBaseShowsItsE2eSecInfoAndItsSharedRandObjectWorks() throws Exception {
        JsonNode esi = m2m.retrieve(M2m.ADMIN, "/cse-in").expect(2000).inner().path("esi");
        assertThat(esi.path("esf").toString()).isEqualTo("[13]");
        ReceiverRandObject esro = ReceiverRandObject.fromJson(esi.path("esro"), "esro", Instant.now());
        assertThat(esro.esri()).startsWith("S");
        assertThat(esro.espa()).containsExactly(10, 11, 12);
        EsprimOriginator.Session s = originator.start(key1, esro, EsprimAlgorithm.A128GCM, Duration.ofMinutes(5));
        Response r = exchange(s, "Cae1", inner(Operation.RETRIEVE, "cse-in/ae1", "Cae1", null, null));
        assertThat(r.rsc()).isEqualTo(ResponseStatusCode.OK);
        assertThat(r.pc().path("m2m:ae").path("aei").asText()).isEqualTo("Cae1");
    }

    @Test
    void protectedCreateAndRetrieveThroughTheCse() throws Exception {
        EsprimOriginator.Session s = session("Cae1", key1, EsprimAlgorithm.A256GCM);
        Request create = inner(Operation.CREATE, "cse-in/ae1/box", "Cae1", 4,
                "{\"m2m:cin\":{\"cnf\":\"text/plain:0\",\"con\":\"" + MARKER + "\"}}");
        Response created = exchange(s, "Cae1", create);
        assertThat(created.rsc()).isEqualTo(ResponseStatusCode.CREATED);
        assertThat(created.rqi()).isEqualTo(create.rqi());
        // one rand pair protects many objects
        Response read = exchange(s, "Cae1", inner(Operation.RETRIEVE, "cse-in/ae1/box/la", "Cae1", null, null));
        assertThat(read.rsc()).isEqualTo(ResponseStatusCode.OK);
        assertThat(read.pc().path("m2m:cin").path("con").asText()).isEqualTo(MARKER);
        // and it is an ordinary contentInstance for a plain reader with access
        assertThat(m2m.retrieve("Cae1", "/cse-in/ae1/box/la").expect(2000).attr("con")).isEqualTo(MARKER);
    }

    @Test
    void accessControlDecidesOnTheInnerOriginatorAndItsDenialComesBackProtected() throws Exception {
        // Cae2 sends the outer NOTIFY and is the inner originator: no privilege on Cae1's container
        EsprimOriginator.Session s = session("Cae2", key2, EsprimAlgorithm.A128GCM);
        Response r = exchange(s, "Cae2", inner(Operation.RETRIEVE, "cse-in/ae1/box", "Cae2", null, null));
        assertThat(r.rsc()).isEqualTo(ResponseStatusCode.ORIGINATOR_HAS_NO_PRIVILEGE);
        // the outer originator grants nothing: Cae1 carrying Cae2's protected request changes nothing
        Response viaOther = exchange(s, "Cae1", inner(Operation.RETRIEVE, "cse-in/ae1/box", "Cae2", null, null));
        assertThat(viaOther.rsc()).isEqualTo(ResponseStatusCode.ORIGINATOR_HAS_NO_PRIVILEGE);
        // while Cae2 carrying Cae1's protected request reads it: the inner originator decides
        EsprimOriginator.Session s1 = session("Cae2", key1, EsprimAlgorithm.A128GCM);
        Response carried = exchange(s1, "Cae2", inner(Operation.RETRIEVE, "cse-in/ae1/box", "Cae1", null, null));
        assertThat(carried.rsc()).isEqualTo(ResponseStatusCode.OK);
    }

    @Test
    void anInnerOriginatorOtherThanTheKeysEntityIs4116AndAudited() throws Exception {
        EsprimOriginator.Session s = session("Cae2", key2, EsprimAlgorithm.A192GCM);
        String rqi = "outer-imp-" + RQI.incrementAndGet();
        Response r = open(s, send("Cae2", epo(s, inner(Operation.RETRIEVE, "cse-in/ae1/box", "Cae1", null, null)),
                rqi));
        assertThat(r.rsc()).isEqualTo(ResponseStatusCode.ESPRIM_IMPERSONATION_ERROR);
        String line = AuditLines.awaitRequest(cse.dir(), rqi);
        assertThat(line).contains("\"rsc\":4116").contains(KID2).doesNotContain(KEY2);
    }

    @Test
    void aReplayedObjectIsRefused() throws Exception {
        EsprimOriginator.Session s = session("Cae1", key1, EsprimAlgorithm.A128GCM);
        String epo = epo(s, inner(Operation.RETRIEVE, "cse-in/ae1", "Cae1", null, null));
        open(s, send("Cae1", epo, "outer-" + RQI.incrementAndGet()));
        String rqi = "outer-replay-" + RQI.incrementAndGet();
        M2m.Rsp again = send("Cae1", epo, rqi).expect(4115);
        assertThat(again.dbg()).contains("replay");
        assertThat(AuditLines.awaitRequest(cse.dir(), rqi)).contains("\"rsc\":4115").contains("replay");
    }

    @Test
    void eachFailedCheckHasItsCodeOverHttp() throws Exception {
        // 4112: a key this CSE does not know
        EsprimOriginator.Session unknown = session("Cae1", new PairwiseKey("nobody@keys.example",
                PreSharedKey.fromHex(KEY1), "Cae1"), EsprimAlgorithm.A128GCM);
        send("Cae1", epo(unknown, inner(Operation.RETRIEVE, "cse-in/ae1", "Cae1", null, null)), "o-4112")
                .expect(4112);
        // 4114: a receiver rand object this CSE never issued
        ReceiverRandObject forged = new ReceiverRandObject("Uforged", io.bastion.security.e2e.RandValue.fresh(
                new SecureRandom()), Instant.now().plusSeconds(600), List.of(1), List.of(10));
        EsprimOriginator.Session notIssued = originator.start(key1, forged, EsprimAlgorithm.A128GCM,
                Duration.ofMinutes(5));
        send("Cae1", epo(notIssued, inner(Operation.RETRIEVE, "cse-in/ae1", "Cae1", null, null)), "o-4114")
                .expect(4114);
        // 4115: the right kid with the wrong key
        EsprimOriginator.Session wrongKey = session("Cae1", new PairwiseKey(KID1, PreSharedKey.fromHex(KEY2),
                "Cae1"), EsprimAlgorithm.A128GCM);
        send("Cae1", epo(wrongKey, inner(Operation.RETRIEVE, "cse-in/ae1", "Cae1", null, null)), "o-4115")
                .expect(4115);
        // 4113: no oro and an ori never seen (the header rewritten cannot verify, so the ID check comes first)
        EsprimOriginator.Session s = session("Cae1", key1, EsprimAlgorithm.A128GCM);
        String[] parts = epo(s, inner(Operation.RETRIEVE, "cse-in/ae1", "Cae1", null, null)).split("\\.", -1);
        JsonNode h = M2m.JSON.readTree(java.util.Base64.getUrlDecoder().decode(parts[0]));
        ((com.fasterxml.jackson.databind.node.ObjectNode) h).remove("oro");
        ((com.fasterxml.jackson.databind.node.ObjectNode) h).put("ori", "Ounseen");
        parts[0] = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(h.toString()
                .getBytes(StandardCharsets.UTF_8));
        send("Cae1", String.join(".", parts), "o-4113").expect(4113);
        // 4111: an enc ESPrim does not use
        ((com.fasterxml.jackson.databind.node.ObjectNode) h).put("enc", "A128CBC-HS256");
        parts[0] = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(h.toString()
                .getBytes(StandardCharsets.UTF_8));
        send("Cae1", String.join(".", parts), "o-4111").expect(4111);
        for (String rqi : List.of("o-4112", "o-4113", "o-4114", "o-4115", "o-4111")) {
            assertThat(AuditLines.awaitRequest(cse.dir(), rqi)).contains("ESPrim object refused")
                    .contains("\"rsc\":" + rqi.substring(2));
        }
    }

    @Test
    void malformedSecurityInfoIs4xxxNamingWhatIsWrong() {
        List<String[]> cases = List.of(
                new String[] {"{\"m2m:seci\":{\"sit\":5}}", "4000", "m2m:seci.epo"},
                new String[] {"{\"m2m:seci\":{\"sit\":5,\"epo\":\"garbage\"}}", "4000", "5 parts"},
                new String[] {"{\"m2m:seci\":{\"sit\":5,\"epo\":\"e30..AA.AA.AA\"}}", "4000", "lacks kid"},
                new String[] {"{\"m2m:seci\":{\"sit\":9}}", "4000", "m2m:seci.sit"},
                new String[] {"{\"m2m:seci\":{\"sit\":\"3\"}}", "4000", "m2m:seci.sit"},
                new String[] {"{\"m2m:seci\":{\"sit\":3,\"x\":1}}", "4000", "m2m:seci.x"},
                new String[] {"{\"m2m:seci\":[]}", "4000", "m2m:seci"},
                new String[] {"{\"m2m:seci\":{\"sit\":4,\"ero\":{}}}", "4000", "m2m:seci.ero.esri"},
                new String[] {"{\"m2m:seci\":{\"sit\":6,\"eckm\":\"AAEC\"}}", "5001", "ESCertKE"});
        for (String[] c : cases) {
            M2m.Rsp r = m2m.notifyTo("Cae1", "/cse-in", c[0]).expect(Integer.parseInt(c[1]));
            assertThat(r.dbg()).as(c[0]).contains(c[2]);
        }
    }

    @Test
    void aVerifiedObjectWhoseInnerRequestIsNoPrimitiveIsAProtected4000() throws Exception {
        EsprimOriginator.Session s = session("Cae1", key1, EsprimAlgorithm.A128GCM);
        Response r = open(s, send("Cae1", s.protect("not json".getBytes(StandardCharsets.UTF_8), EsprimHeader.JSON),
                "o-inner-4000"));
        assertThat(r.rsc()).isEqualTo(ResponseStatusCode.BAD_REQUEST);
        Response noTo = open(s, send("Cae1", s.protect("{\"m2m:rqp\":{\"op\":2,\"rqi\":\"x\",\"fr\":\"Cae1\"}}"
                .getBytes(StandardCharsets.UTF_8), EsprimHeader.JSON), "o-inner-to"));
        assertThat(noTo.rsc()).isEqualTo(ResponseStatusCode.BAD_REQUEST);
        assertThat(noTo.pc().path("m2m:dbg").asText()).contains("to");
        Response nested = exchange(s, "Cae1", inner(Operation.NOTIFY, "cse-in", "Cae1", null,
                "{\"m2m:seci\":{\"sit\":3}}"));
        assertThat(nested.rsc()).isEqualTo(ResponseStatusCode.BAD_REQUEST);
        assertThat(nested.pc().path("m2m:dbg").asText()).contains("do not nest");
    }

    @Test
    void anAeWritesItsE2eSecInfoWhichMustBeAnM2mE2eSecInfo() {
        String esro = "{\"esri\":\"Sae\",\"esrv\":\"00112233445566778899aabbccddeeff\",\"esrx\":\"20991231T000000\","
                + "\"esks\":[1],\"espa\":[10]}";
        m2m.update("Cae1", "/cse-in/ae1", "{\"m2m:ae\":{\"esi\":{\"esf\":[13,43],\"esro\":" + esro + "}}}")
                .expect(2004);
        assertThat(m2m.retrieve("Cae1", "/cse-in/ae1").expect(2000).inner().path("esi").path("esf").toString())
                .isEqualTo("[13,43]");
        String[][] bad = {
                {"{\"esf\":[]}", "m2m:ae.esi.esf"},
                {"{\"esf\":[99]}", "m2m:ae.esi.esf[0]"},
                {"{\"esf\":[13],\"x\":1}", "m2m:ae.esi.x"},
                {"{\"esf\":[13],\"escert\":[\"not base64!\"]}", "m2m:ae.esi.escert[0]"},
                {"{\"esf\":[13],\"esro\":{\"esri\":\"S\"}}", "m2m:ae.esi.esro.esrv"},
                {"[13]", "m2m:ae.esi"}};
        for (String[] b : bad) {
            M2m.Rsp r = m2m.update("Cae1", "/cse-in/ae1", "{\"m2m:ae\":{\"esi\":" + b[0] + "}}").expect(4000);
            assertThat(r.dbg()).as(b[0]).contains(b[1]);
        }
    }

    @Test
    void theRandObjectRequestIsOpenToRegisteredOriginatorsOnly() {
        // no privilege on the CSEBase is needed (Cae1 has none), but an unregistered originator is not admitted
        m2m.notifyTo("Cae1", "/cse-in", "{\"m2m:seci\":{\"sit\":3}}").expect(2000);
        m2m.notifyTo("Cstranger", "/cse-in", "{\"m2m:seci\":{\"sit\":3}}").expect(4106);
        // while a plain notification to the CSEBase still needs a NOTIFY privilege there
        m2m.notifyTo("Cae1", "/cse-in", "{\"m2m:sgn\":{\"sur\":\"/cse-in/x\"}}").expect(4103);
    }

    @Test
    void aRemovedKeyIsRefusedWithoutRestartAndKeysAreNeverShownOrLogged() throws Exception {
        credentials("e2e", "add", "--key-id", "gone@keys.example", "--key", KEY1, "--entity", "Cae1");
        String listed = credentials("e2e", "list");
        assertThat(listed).contains(KID1).contains("entity Cae1").contains("gone@keys.example")
                .doesNotContain(KEY1).doesNotContain(KEY2);
        PairwiseKey gone = new PairwiseKey("gone@keys.example", PreSharedKey.fromHex(KEY1), "Cae1");
        EsprimOriginator.Session s = session("Cae1", gone, EsprimAlgorithm.A128GCM);
        // the running CSE sees the new key within the recheck interval of the bindings file
        M2m.Rsp seen = Eventually.present("the new key seen by the running CSE", Duration.ofSeconds(5), () -> {
            M2m.Rsp r = send("Cae1", epo(s, inner(Operation.RETRIEVE, "cse-in/ae1", "Cae1", null, null)), "o-new");
            return r.rsc() == 2000 ? r : null;
        });
        assertThat(open(s, seen).rsc()).isEqualTo(ResponseStatusCode.OK);
        credentials("e2e", "remove", "--key-id", "gone@keys.example");
        Eventually.present("the removal seen by the running CSE", Duration.ofSeconds(5), () -> send("Cae1",
                epo(s, inner(Operation.RETRIEVE, "cse-in/ae1", "Cae1", null, null)), "o-gone").rsc() == 4112
                ? Boolean.TRUE : null);
        String logged = log.text() + Files.readString(cse.dir().resolve(BastionServer.AUDIT_FILE));
        assertThat(logged).doesNotContain(KEY1).doesNotContain(KEY2).doesNotContain(MARKER);
        assertThat(Files.readString(PskSettings.e2eFileIn(cse.dir()))).contains(KID1);
    }
}
