package io.bastion.server;

import static io.bastion.server.it.M2m.rule;
import static io.bastion.server.it.M2m.rules;
import static org.assertj.core.api.Assertions.assertThat;

import io.bastion.bindings.http.HttpRequestTransport;
import io.bastion.core.primitive.Operation;
import io.bastion.core.primitive.Request;
import io.bastion.core.primitive.Response;
import io.bastion.core.primitive.ResponseStatusCode;
import io.bastion.cse.config.CseConfig;
import io.bastion.cse.config.MccConfig;
import io.bastion.cse.mcc.RegistrarLink;
import io.bastion.security.credential.PreSharedKey;
import io.bastion.security.e2e.EsprimAlgorithm;
import io.bastion.security.e2e.EsprimHeader;
import io.bastion.security.e2e.EsprimOriginator;
import io.bastion.security.e2e.InnerPrimitives;
import io.bastion.security.e2e.PairwiseKey;
import io.bastion.security.e2e.SecurityInfo;
import io.bastion.server.TestPki.Issued;
import io.bastion.server.it.M2m;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ESPrim through a transit CSE (TS-0003 7.2.2, 8.4): a light AE registered with an MN-CSE protects its requests for
 * the IN-CSE's CSEBase with a pairwise key it shares with the IN (provisioned there for {@code /id-mn/Clight}); the MN
 * retargets the outer NOTIFY and its answer over the Mcc. The IN decides on the inner originator; the MN's store, log
 * and audit never hold the plaintext of the protected primitives (a marker string is searched for), while the IN's
 * store does.
 */
class EsprimTransitIT {
    static final String PASSWORD = "test-keystore-secret";
    static final String KEY = "8899aabbccddeeff00112233445566778899aabbccddeeff0011223344556677";
    static final String KID = "light@keys.example";
    static final String MARKER = "transit-marker-51d2";

    @TempDir
    static Path dir;
    static Path inData;
    static Path mnData;
    static BastionServer in;
    static BastionServer mn;
    static HttpRequestTransport mnTransport;
    static M2m phone;
    static M2m light;
    static ServerLog log;

    @BeforeAll
    static void start() throws Exception {
        log = ServerLog.capture();
        Issued root = TestPki.ca("Bastion Mcc Root");
        Issued mnCert = new TestPki.Spec("CN=id-mn").issue(root);
        Path rootPem = TestPki.writePem(dir.resolve("root.pem"), root.cert());
        inData = dir.resolve("in");
        mnData = dir.resolve("mn");
        assertThat(HttpsCertificateIT.credentials(inData, "cert", "trust", rootPem.toString())).isZero();
        assertThat(HttpsCertificateIT.credentials(inData, "cert", "bind", "--subject", RetargetingIT.fp(mnCert),
                "--ae", "/id-mn", "--ae", "/id-mn/Clight")).isZero();
        assertThat(HttpsCertificateIT.credentials(mnData, "cert", "trust", rootPem.toString())).isZero();
        Issued inServer = new TestPki.Spec("CN=localhost").dns("localhost").ip("127.0.0.1").issue(root);
        Path inKeystore = TestPki.pkcs12(Files.createDirectories(inData).resolve("server.p12"), inServer,
                PASSWORD.toCharArray());
        assertThat(HttpsCertificateIT.credentials(mnData, "cert", "bind", "--subject", RetargetingIT.fp(inServer),
                "--ae", "/id-in")).isZero();
        // the end-to-end key: the IN knows it for the light behind the MN; the MN knows nothing of it
        assertThat(HttpsCertificateIT.credentials(inData, "e2e", "add", "--key-id", KID, "--key", KEY, "--entity",
                "/id-mn/Clight")).as(HttpsCertificateIT.lastOutput).isZero();

        mnTransport = new HttpRequestTransport(HttpsCertificateIT.client(TestPki.client(mnCert, root.cert()), null));
        in = BastionServer.start(M2m.config(inData).withAdminPort(-1)
                        .withHttps(HttpsSettings.defaults().withPort(0).withKeystore(inKeystore))
                        .withMcc(new MccConfig(MccConfig.CseType.IN, List.of("/id-mn"))
                                .withPeerTls(new MccConfig.PeerTls(rootPem.toString(), true))),
                Clock.systemUTC(), RetargetingIT::password, null, null);
        CseConfig d = CseConfig.defaults();
        CseConfig mnCse = new CseConfig("/id-mn", "cse-mn", d.spId(), d.adminOriginator(), false,
                d.registrationAllowed(), d.supportedReleases(), d.defaultExpiry(), d.maxExpiry(),
                d.verificationTimeout(), d.maxGroupMembers());
        mn = BastionServer.start(M2m.config(mnData).withAdminPort(-1).withCse(mnCse)
                        .withHttps(HttpsSettings.defaults().withPort(0)
                                .withKeystore(TestPki.localhostKeystore(mnData, root, PASSWORD)))
                        .withMcc(new MccConfig(MccConfig.CseType.MN, List.of(), new MccConfig.Registrar(
                                "https://localhost:" + in.httpsPort(), "/id-in", "cse-in", null,
                                rootPem.toString(), true))),
                Clock.systemUTC(), RetargetingIT::password, null, mnTransport);
        phone = new M2m(in.httpPort());
        light = new M2m(mn.httpPort());
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (mn.cse().registrarLink().orElseThrow().status().state() != RegistrarLink.State.REGISTERED) {
            assertThat(System.nanoTime()).as("the MN registers with the IN").isLessThan(deadline);
            Thread.sleep(20);
        }
        light.create("Clight", "/cse-mn", 2, M2m.aeBody("light")).expect(2001);
        // the phone's inbox on the IN, where the light may write and read
        phone.registerAe("Cphone", "phone");
        String acp = phone.createAcp("Cphone", "/cse-in/phone", "inboxAcp", rules(rule(63, "Cphone"),
                rule(3, "/id-mn/Clight")), rules(rule(63, "Cphone")));
        phone.create("Cphone", "/cse-in/phone", 3, "{\"m2m:cnt\":{\"rn\":\"inbox\",\"acpi\":[\"" + acp + "\"]}}")
                .expect(2001);
        phone.createContainer("Cphone", "/cse-in/phone", "private");
    }

    @AfterAll
    static void stop() {
        log.close();
        for (AutoCloseable c : new AutoCloseable[] {mn, in, mnTransport}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                // closing the rest
            }
        }
    }

    static Response exchange(EsprimOriginator.Session s, Request inner) throws Exception {
        String epo = s.protect(InnerPrimitives.requestBytes(inner), EsprimHeader.JSON);
        M2m.Rsp outer = light.notifyTo("Clight", "/~/id-in/cse-in", SecurityInfo.esprimObject(epo).toJson()
                .toString()).expect(2000);
        assertThat(outer.body()).doesNotContain(MARKER);
        return InnerPrimitives.response(s.open(SecurityInfo.fromJson(outer.json(), Instant.now()).epo()));
    }

    static Request inner(Operation op, String to, Integer ty, String pc, String rqi) throws Exception {
        Request.Builder b = Request.builder(op, to).fr("/id-mn/Clight").rqi(rqi).rvi("3");
        if (ty != null) {
            b.ty(ty).pc(M2m.JSON.readTree(pc));
        }
        return b.build();
    }

    @Test
    void theMnsRemoteCseAtTheInSaysItIsAnEsprimReceiver() {
        // TS-0003 8.4.2 A: esf 13, and no esro there (an originator asks the MN for a rand object, B.2c.3); 43 as
        // well, since the MN's HTTPS key is an EC key and so it is an ESCertKE end-point too
        assertThat(phone.retrieve(M2m.ADMIN, "/cse-in/id-mn").expect(2000).inner().path("esi").toString())
                .isEqualTo("{\"esf\":[13,43]}");
    }

    @Test
    void theLightWritesAndReadsAtTheInEndToEndAndTheMnLearnsNothing() throws Exception {
        M2m.Rsp rand = light.notifyTo("Clight", "/~/id-in/cse-in", "{\"m2m:seci\":{\"sit\":3}}").expect(2000);
        EsprimOriginator.Session s = new EsprimOriginator(Clock.systemUTC(), new SecureRandom()).start(
                new PairwiseKey(KID, PreSharedKey.fromHex(KEY), "/id-mn/Clight"),
                SecurityInfo.fromJson(rand.json(), Instant.now()).ero(), EsprimAlgorithm.A256GCM,
                Duration.ofMinutes(10));

        Response created = exchange(s, inner(Operation.CREATE, "cse-in/phone/inbox", 4,
                "{\"m2m:cin\":{\"cnf\":\"text/plain:0\",\"con\":\"" + MARKER + "\"}}", "e2e-create"));
        assertThat(created.rsc()).isEqualTo(ResponseStatusCode.CREATED);
        Response read = exchange(s, inner(Operation.RETRIEVE, "cse-in/phone/inbox/la", null, null, "e2e-read"));
        assertThat(read.rsc()).isEqualTo(ResponseStatusCode.OK);
        assertThat(read.pc().path("m2m:cin").path("con").asText()).isEqualTo(MARKER);
        // the IN decides on the inner originator: no grant on the phone's private container
        Response denied = exchange(s, inner(Operation.RETRIEVE, "cse-in/phone/private", null, null, "e2e-deny"));
        assertThat(denied.rsc()).isEqualTo(ResponseStatusCode.ORIGINATOR_HAS_NO_PRIVILEGE);
        // what the phone reads in the clear at the IN is what the light wrote
        assertThat(phone.retrieve("Cphone", "/cse-in/phone/inbox/la").expect(2000).attr("con")).isEqualTo(MARKER);

        // the transit MN: nothing of the protected primitives in its store, log or audit; the IN's store has it
        assertThat(filesContain(inData, MARKER)).as("the IN's store holds the contentInstance").isTrue();
        assertThat(filesContain(mnData, MARKER)).as("the MN's data folder (store, audit)").isFalse();
        assertThat(filesContain(mnData, "e2e-create")).as("not even the inner request ID").isFalse();
        assertThat(log.text()).doesNotContain(MARKER).doesNotContain(KEY);
    }

    @Test
    void aLightImpersonatingAnotherAeIsRefused4116ByTheIn() throws Exception {
        M2m.Rsp rand = light.notifyTo("Clight", "/~/id-in/cse-in", "{\"m2m:seci\":{\"sit\":3}}").expect(2000);
        EsprimOriginator.Session s = new EsprimOriginator(Clock.systemUTC(), new SecureRandom()).start(
                new PairwiseKey(KID, PreSharedKey.fromHex(KEY), "/id-mn/Clight"),
                SecurityInfo.fromJson(rand.json(), Instant.now()).ero(), EsprimAlgorithm.A128GCM,
                Duration.ofMinutes(10));
        Request asPhone = Request.builder(Operation.RETRIEVE, "cse-in/phone/private").fr("Cphone").rqi("e2e-imp")
                .rvi("3").build();
        assertThat(exchange(s, asPhone).rsc()).isEqualTo(ResponseStatusCode.ESPRIM_IMPERSONATION_ERROR);
    }

    /** Whether any file under {@code data} (the SQLite store and its WAL, the audit log) contains {@code text}. */
    static boolean filesContain(Path data, String text) throws Exception {
        byte[] needle = text.getBytes(StandardCharsets.UTF_8);
        try (Stream<Path> files = Files.walk(data)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                if (indexOf(Files.readAllBytes(f), needle) >= 0) {
                    return true;
                }
            }
        }
        return false;
    }

    static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
