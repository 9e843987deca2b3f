package io.bastion.server;

import static io.bastion.server.it.M2m.rule;
import static io.bastion.server.it.M2m.rules;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.bastion.bindings.http.HttpRequestTransport;
import io.bastion.cse.config.CseConfig;
import io.bastion.cse.config.MccConfig;
import io.bastion.cse.mcc.RegistrarLink;
import io.bastion.cse.config.RetargetingConfig;
import io.bastion.server.TestPki.Issued;
import io.bastion.server.it.M2m;
import io.bastion.server.it.NotificationReceiver;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retargeting between CSEs over authenticated associations (HTTPS with client certificates, each bound to the
 * CSE-ID of the CSE presenting it): an IN-CSE and an MN-CSE registered with it, a phone AE on the IN and a light AE on
 * the MN. Requests go both ways with access decided by the hosting CSE, a NOTIFY reaches the light through the CSE
 * path, a group on the IN fans out to a member on the MN, and a third CSE whose registrar is down answers 5103.
 */
class RetargetingIT {
    static final String PASSWORD = "test-keystore-secret";

    @TempDir
    static Path dir;
    @RegisterExtension
    static NotificationReceiver receiver = new NotificationReceiver();

    static Issued root;
    static Issued plainCert;
    static Path rootPem;
    static BastionServer in;
    static BastionServer mn;
    static HttpRequestTransport mnTransport;
    static HttpClient mnClient;
    static M2m phone; // plain HTTP to the IN, from loopback
    static M2m light; // plain HTTP to the MN

    @BeforeAll
    static void start() throws Exception {
        root = TestPki.ca("Bastion Mcc Root");
        Issued mnCert = new TestPki.Spec("CN=id-mn").issue(root);
        rootPem = TestPki.writePem(dir.resolve("root.pem"), root.cert());
        Path inData = dir.resolve("in");
        Path mnData = dir.resolve("mn");
        // Each CSE trusts the root and binds the other's certificate to its CSE-ID only: the AEs whose requests the
        // other CSE hands over are admitted by the Registrar's impersonation check (HandoverCheck, TS-0003 7.2.1),
        // because the association proves the CSE that leads to them.
        assertThat(credentials(inData, "cert", "trust", rootPem.toString())).isZero();
        assertThat(credentials(inData, "cert", "bind", "--subject", fp(mnCert), "--ae", "/id-mn")).isZero();
        assertThat(credentials(mnData, "cert", "trust", rootPem.toString())).isZero();
        // The IN forwards down with no transport given: its settings (mcc.trust, mcc.client-certificate=https) make
        // it present its HTTPS key, which the MN binds to /id-in.
        Issued inServer = new TestPki.Spec("CN=localhost").dns("localhost").ip("127.0.0.1").issue(root);
        // A second MN whose only poa is plain http: the IN binds its HTTPS key, with which it registers, to /id-plain.
        plainCert = new TestPki.Spec("CN=localhost").dns("localhost").ip("127.0.0.1").issue(root);
        assertThat(credentials(inData, "cert", "bind", "--subject", fp(plainCert), "--ae", "/id-plain")).isZero();
        Path inKeystore = TestPki.pkcs12(java.nio.file.Files.createDirectories(inData).resolve("server.p12"),
                inServer, PASSWORD.toCharArray());
        assertThat(credentials(mnData, "cert", "bind", "--subject", fp(inServer), "--ae", "/id-in")).isZero();

        mnTransport = new HttpRequestTransport(HttpsCertificateIT.client(TestPki.client(mnCert, root.cert()), null));
        in = BastionServer.start(M2m.config(inData).withAdminPort(-1)
                        .withHttps(HttpsSettings.defaults().withPort(0).withKeystore(inKeystore))
                        .withMcc(new MccConfig(MccConfig.CseType.IN, List.of("/id-mn", "/id-plain"))
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

        // The MN registers itself (RegistrarLink); then it declares a descendant /id-ghost that does not exist, over
        // its association, so that the IN has a route down that the MN cannot follow.
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (mn.cse().registrarLink().orElseThrow().status().state() != RegistrarLink.State.REGISTERED) {
            assertThat(System.nanoTime()).as("the MN registers with the IN").isLessThan(deadline);
            Thread.sleep(20);
        }
        mnClient = HttpsCertificateIT.client(TestPki.client(mnCert, root.cert()), null);
        java.net.http.HttpResponse<String> declared = mnClient.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("https://localhost:" + in.httpsPort() + "/cse-in/id-mn"))
                .header("X-M2M-Origin", "/id-mn").header("X-M2M-RI", "dcse-1").header("X-M2M-RVI", "3")
                .header("Accept", "application/json").header("Content-Type", "application/json")
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofString("{\"m2m:csr\":{\"dcse\":[\"/id-ghost\"]}}"))
                .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(declared.headers().firstValue("X-M2M-RSC")).as(declared.body()).contains("2004");

        // The light: request-reachable at the receiver, a container with rights for the phone (RETRIEVE) and for
        // the IN (NOTIFY to the AE).
        light.create("Clight", "/cse-mn", 2, "{\"m2m:ae\":{\"rn\":\"light\",\"api\":\"Nlight\",\"rr\":true,"
                + "\"srv\":[\"3\"],\"poa\":[\"" + receiver.url("/light") + "\"]}}").expect(2001);
        String acp = light.createAcp("Clight", "/cse-mn/light", "lightAcp", rules(rule(63, "Clight"),
                rule(2, "/id-in/Cphone"), rule(16, "/id-in")), rules(rule(63, "Clight")));
        light.update("Clight", "/cse-mn/light", "{\"m2m:ae\":{\"acpi\":[\"" + acp + "\"]}}").expect(2004);
        light.create("Clight", "/cse-mn/light", 3, "{\"m2m:cnt\":{\"rn\":\"state\",\"acpi\":[\"" + acp + "\"]}}")
                .expect(2001);
        light.createCin("Clight", "/cse-mn/light/state", "off").expect(2001);

        // The phone, with an inbox the light may use.
        phone.registerAe("Cphone", "phone");
        String inboxAcp = phone.createAcp("Cphone", "/cse-in/phone", "inboxAcp", rules(rule(63, "Cphone"),
                rule(63, "/id-mn/Clight")), rules(rule(63, "Cphone")));
        phone.create("Cphone", "/cse-in/phone", 3, "{\"m2m:cnt\":{\"rn\":\"inbox\",\"acpi\":[\"" + inboxAcp
                + "\"]}}").expect(2001);
    }

    static String password(String name) {
        return name.equals(HttpsSettings.DEFAULT_PASSWORD_ENV) ? PASSWORD : null;
    }

    static String fp(Issued cert) {
        return "31-" + io.bastion.security.certificate.Certificates.fingerprint(cert.cert());
    }

    static int credentials(Path data, String... args) {
        return HttpsCertificateIT.credentials(data, args);
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable c : new AutoCloseable[] {mn, in, mnTransport, mnClient}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                // closing the rest
            }
        }
    }

    @Test
    void thePhoneReadsTheLightThroughTheInAndTheMnDecidesWhatItMayDo() throws Exception {
        M2m.Rsp read = phone.retrieve("Cphone", "/~/id-mn/cse-mn/light/state/la").expect(2000);
        assertThat(read.json().path("m2m:cin").path("con").asText()).isEqualTo("off");
        assertThat(read.header("X-M2M-RI")).isNotEmpty();
        // the MN's access control refuses what the light did not grant, and the 4103 comes back as it was
        M2m.Rsp write = phone.createCin("Cphone", "/~/id-mn/cse-mn/light/state", "on");
        assertThat(write.rsc()).isEqualTo(4103);
        phone.delete("Cphone", "/~/id-mn/cse-mn/light/state").expect(4103);
        // absolute form too
        phone.retrieve("Cphone", "/_/bastion.example/id-mn/cse-mn/light/state").expect(2000);
    }

    @Test
    void theLightCreatesReadsUpdatesAndDeletesAtTheInThroughItsRegistrar() throws Exception {
        M2m.Rsp created = light.createCin("Clight", "/~/id-in/cse-in/phone/inbox", "hello");
        created.expect(2001);
        String ri = created.ri();
        assertThat(created.header("Content-Location")).isNotEmpty();
        light.retrieve("Clight", "/~/id-in/" + ri).expect(2000);
        light.update("Clight", "/~/id-in/cse-in/phone/inbox", "{\"m2m:cnt\":{\"lbl\":[\"seen\"]}}").expect(2004);
        assertThat(phone.retrieve("Cphone", "/cse-in/phone/inbox").expect(2000).json().path("m2m:cnt")
                .path("lbl").toString()).contains("seen");
        light.delete("Clight", "/~/id-in/" + ri).expect(2002);
        phone.retrieve("Cphone", "/" + ri).expect(4004);
        // the phone's own container without a grant for the light: the IN decides, 4103 comes back
        phone.createContainer("Cphone", "/cse-in/phone", "private");
        light.retrieve("Clight", "/~/id-in/cse-in/phone/private").expect(4103);
    }

    @Test
    void theMnsCertificateBoundToItsCseIdAloneHandsOverItsAesAndNoOneElse() throws Exception {
        // no binding names /id-mn/Clight: the IN admits it because the association proves /id-mn, which leads there
        assertThat(overMnAssociation("/id-mn/Clight", "/cse-in/phone/inbox")).isEqualTo("2000");
        assertThat(overMnAssociation("/id-mn/Cnobody", "/cse-in/phone/inbox")).isEqualTo("4103");
        // an AE of a CSE the MN does not lead to, and one of the IN itself: not the MN's to hand over
        assertThat(overMnAssociation("/id-other/Cx", "/cse-in/phone/inbox")).isEqualTo("4106");
        assertThat(overMnAssociation("/id-in/Cphone", "/cse-in/phone/inbox")).isEqualTo("4106");
    }

    /** The response status code of a RETRIEVE the MN sends the IN with its certificate in the name of {@code fr}. */
    static String overMnAssociation(String fr, String path) throws Exception {
        java.net.http.HttpResponse<String> r = mnClient.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("https://localhost:" + in.httpsPort() + path))
                .header("X-M2M-Origin", fr).header("X-M2M-RI", "handover-" + fr).header("X-M2M-RVI", "3")
                .header("Accept", "application/json").GET().build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        return r.headers().firstValue("X-M2M-RSC").orElse(r.statusCode() + " " + r.body());
    }

    @Test
    void aNotificationReachesTheLightThroughTheCsePath() throws Exception {
        light.create("Clight", "/~/id-in/cse-in/phone/inbox", 23,
                "{\"m2m:sub\":{\"rn\":\"toLight\",\"nu\":[\"/id-mn/Clight\"],\"enc\":{\"net\":[3]}}}").expect(2001);
        phone.createCin("Cphone", "/cse-in/phone/inbox", "ring").expect(2001);
        NotificationReceiver.Received n = receiver.await("/light", r -> !r.isVerification() && r.net() == 3,
                Duration.ofSeconds(20));
        assertThat(n.rep().path("m2m:cin").path("con").asText()).isEqualTo("ring");
        assertThat(n.originator()).isEqualTo("/id-in");
    }

    @Test
    void aGroupOnTheInFansOutToAMemberOnTheMn() throws Exception {
        phone.create("Cphone", "/cse-in/phone", 9, "{\"m2m:grp\":{\"rn\":\"lights\",\"mt\":3,\"mnm\":5,"
                + "\"mid\":[\"/id-mn/cse-mn/light/state\"]}}").expect(2001);
        JsonNode grp = phone.retrieve("Cphone", "/cse-in/phone/lights").expect(2000).json().path("m2m:grp");
        assertThat(grp.path("mid").toString()).contains("/id-mn/cse-mn/light/state");
        assertThat(grp.path("mtv").asBoolean()).isTrue();
        JsonNode agr = phone.retrieve("Cphone", "/cse-in/phone/lights/fopt/la").expect(2000).json();
        JsonNode rsp = agr.path("m2m:agr").path("m2m:rsp").get(0);
        assertThat(rsp.path("rsc").asInt()).isEqualTo(2000);
        assertThat(rsp.path("pc").path("m2m:cin").has("con")).isTrue();
        // a write the member's CSE does not allow the phone is refused there, member by member
        JsonNode denied = phone.create("Cphone", "/cse-in/phone/lights/fopt", 4,
                "{\"m2m:cin\":{\"con\":\"on\"}}").json();
        assertThat(denied.path("m2m:agr").path("m2m:rsp").get(0).path("rsc").asInt()).isEqualTo(4103);
    }

    @Test
    void noRouteIsNotFoundAndARequestBackFromTheRegistrarIsNotSentOn() throws Exception {
        // the IN-CSE knows no /id-nowhere: 4004, not forwarded (TS-0004 7.3.2.6)
        phone.retrieve("Cphone", "/~/id-nowhere/cse").expect(4004);
        // the light asks for it: the MN sends it to its registrar, which answers 4004, relayed
        light.retrieve("Clight", "/~/id-nowhere/cse").expect(4004);
        // the IN thinks /id-ghost is below the MN; the MN got it from its registrar and knows no way on
        M2m.Rsp ghost = phone.retrieve("Cphone", "/~/id-ghost/cse").expect(4004);
        assertThat(ghost.dbg()).contains("came from the registrar");
        // a registration through another CSE is refused
        phone.create("Cnew", "/~/id-mn/cse-mn", 2, M2m.aeBody("new")).expect(4000);
    }

    @Test
    void theInSendsNothingToARegistreesPlainHttpPoa() throws Exception {
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            port = free.getLocalPort();
        }
        CseConfig d = CseConfig.defaults();
        CseConfig plainCse = new CseConfig("/id-plain", "cse-plain", d.spId(), d.adminOriginator(), false,
                d.registrationAllowed(), d.supportedReleases(), d.defaultExpiry(), d.maxExpiry(),
                d.verificationTimeout(), d.maxGroupMembers());
        Path data = java.nio.file.Files.createDirectories(dir.resolve("plain"));
        try (BastionServer plain = BastionServer.start(M2m.config(data).withAdminPort(-1).withCse(plainCse)
                        .withHttpPort(port)
                        .withHttps(HttpsSettings.defaults().withPort(0)
                                .withKeystore(TestPki.pkcs12(data.resolve("server.p12"), plainCert,
                                        PASSWORD.toCharArray())))
                        .withRegistree(M2m.config(data).registree().withPoa(List.of("http://127.0.0.1:" + port)))
                        .withMcc(new MccConfig(MccConfig.CseType.MN, List.of(), new MccConfig.Registrar(
                                "https://localhost:" + in.httpsPort(), "/id-in", "cse-in", null,
                                rootPem.toString(), true))),
                Clock.systemUTC(), RetargetingIT::password, null, null)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (plain.cse().registrarLink().orElseThrow().status().state() != RegistrarLink.State.REGISTERED) {
                assertThat(System.nanoTime()).as("the plain MN registers over HTTPS").isLessThan(deadline);
                Thread.sleep(20);
            }
            // registered over an authenticated association, reachable only in the clear: the IN does not go there
            M2m.Rsp r = phone.retrieve("Cphone", "/~/id-plain/cse-plain");
            assertThat(r.rsc()).isEqualTo(5103);
            assertThat(r.dbg()).contains("/id-plain").contains("mcc.plain.allow");
        }
    }

    @Test
    void aCseWhoseRegistrarIsDownAnswers5103QuicklyAndServesItsOwnRequests() throws Exception {
        CseConfig d = CseConfig.defaults();
        CseConfig asn = new CseConfig("/id-asn", "cse-asn", d.spId(), d.adminOriginator(), false,
                d.registrationAllowed(), d.supportedReleases(), d.defaultExpiry(), d.maxExpiry(),
                d.verificationTimeout(), d.maxGroupMembers());
        try (HttpRequestTransport t = new HttpRequestTransport();
             BastionServer down = BastionServer.start(M2m.config(dir.resolve("asn")).withAdminPort(-1).withCse(asn)
                             .withRetargeting(new RetargetingConfig(4, Duration.ofSeconds(2)))
                             .withMcc(new MccConfig(MccConfig.CseType.ASN, List.of(), new MccConfig.Registrar(
                                     "https://127.0.0.1:1", "/id-in", "cse-in", null, null, false))),
                     Clock.systemUTC(), n -> null, null, t)) {
            M2m dev = new M2m(down.httpPort());
            dev.create("Csensor", "/cse-asn", 2, M2m.aeBody("sensor")).expect(2001);
            long t0 = System.nanoTime();
            M2m.Rsp r = dev.retrieve("Csensor", "/~/id-in/cse-in");
            assertThat(r.rsc()).isEqualTo(5103);
            assertThat(r.dbg()).contains("/id-in");
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
            dev.retrieve("Csensor", "/cse-asn/sensor").expect(2000);
        }
    }
}
