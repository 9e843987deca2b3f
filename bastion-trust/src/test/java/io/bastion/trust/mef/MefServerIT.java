package io.bastion.trust.mef;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.bastion.security.credential.PreSharedKey;
import io.bastion.security.environment.Pkcs12Environment;
import io.bastion.trust.das.KeytoolPki;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.est.ESTException;
import org.bouncycastle.est.ESTService;
import org.bouncycastle.est.EnrollmentResponse;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The MEF over real TLS-PSK sockets: a device knowing its KpmID, Kpm and the MEF's address enrols (Ke and KeID equal
 * on both sides), runs its commands in order (ISSUED, REISSUED, its reports, NO_MORE_COMMANDS), obtains a certificate
 * over EST that OpenSSL verifies against the MEF's CA; a wrong Kpm, another enrolee's registration (4103, audited),
 * malformed registrations (4000 naming the element), a second certificate for one command, and a restart that keeps
 * registrations and pending commands.
 */
class MefServerIT {
    static final String PASSWORD = "mef-test-pw";
    static final String FQDN = "mef.bastion.example";
    static final byte[] KPM1 = HexFormat.of().parseHex("00112233445566778899aabbccddeeff");
    static final byte[] KPM2 = HexFormat.of().parseHex("ffeeddccbbaa99887766554433221100");

    @TempDir
    Path dir;
    Path caPem;
    Pkcs12Environment env;
    MefServer mef;
    MefAdmin admin;

    @BeforeEach
    void start() throws Exception {
        KeytoolPki pki = new KeytoolPki(dir, PASSWORD);
        caPem = pki.ca("mefca");
        Path keystore = dir.resolve("mefca.p12"); // the CA key, then the Kpms and Kes in the same environment
        env = Pkcs12Environment.open(keystore, "PW", Map.of("PW", PASSWORD)::get);
        admin = MefAdmin.open(dir.resolve("data"), env, Clock.systemUTC());
        admin.addEnrolee("kpm-dev1", PreSharedKey.of(KPM1.clone()), "/id-in/Cdev1");
        admin.addEnrolee("kpm-dev2", PreSharedKey.of(KPM2.clone()), "/id-mn");
        mef = MefServer.start(settings(0), env, Clock.systemUTC());
    }

    MefSettings settings(int port) {
        return MefSettings.defaults(dir.resolve("data")).withPort(port).withFqdn(FQDN).withKeystore(
                dir.resolve("mefca.p12")).withCaAlias("ca");
    }

    @AfterEach
    void stop() {
        mef.close();
    }

    static String registration(String et) {
        return "{\"sec:mecr\":{\"et\":\"" + et + "\",\"lbl\":[\"plant:7\"],\"adfq\":\"sp.bastion.example\"}}";
    }

    static final String ET = "20991231T000000";

    @Test
    void aDeviceEnrolsRunsItsCommandsAndGetsACertificateOverEst() throws Exception {
        admin.queueCertificate("kpm-dev1");
        admin.queueDeviceConfiguration("kpm-dev1", "3:coaps://dm.bastion.example/dev1");
        admin.queueMoNode("kpm-dev1", "/id-in/cse-in/node-dev1/ap1", 1, 12);
        String ri;
        try (TestDevice d = TestDevice.connect(mef.port(), "kpm-dev1", KPM1)) {
            TestDevice.Answer reg = d.send("POST", "/mef", 9005, registration(ET));
            assertThat(reg.rsc()).as(reg.dbg()).isEqualTo(2001);
            assertThat(reg.httpStatus()).isEqualTo(201);
            JsonNode r = reg.content().get("sec:mecr");
            ri = r.get("ri").asText();
            byte[] x = d.exported();
            // KeID = hex(RelativeKeID)@MEF-FQDN, RelativeKeID the 16 most significant exported bytes (10.3.1, 10.3.4)
            assertThat(r.get("aski").asText()).isEqualTo(HexFormat.of().formatHex(x, 0, 16) + "@" + FQDN);
            assertThat(MefKeys.ke(env, r.get("aski").asText()).orElseThrow().bytes())
                    .isEqualTo(Arrays.copyOfRange(x, 16, 48));
            assertThat(r.get("ty").asInt()).isEqualTo(9005);
            assertThat(r.get("cr").asText()).isEqualTo("/id-in/Cdev1");
            assertThat(r.get("adfq").asText()).isEqualTo("sp.bastion.example");
            assertThat(r.get("ch").get(0).get("val").asText()).isEqualTo(ri + "/cmd");

            TestDevice.Answer c1 = d.send("GET", "/mef/" + ri + "/cmd", null, null);
            JsonNode mcc = c1.content().get("sec:mcc");
            assertThat(mcc.get("mccs").asInt()).isEqualTo(10);
            assertThat(mcc.get("ty").asInt()).isEqualTo(9006);
            JsonNode d1 = mcc.get("mccd");
            assertThat(d1.get("ccid").asInt()).isEqualTo(1);
            JsonNode cp = d1.get("cma").get("cpca");
            assertThat(cp.get("cppi").asInt()).isEqualTo(1);
            assertThat(cp.get("uri").asText()).isEqualTo("https://" + FQDN + ":" + mef.port() + "/.well-known/est");
            assertThat(cp.get("cst").asInt()).isEqualTo(3);
            assertThat(cp.get("csi").asText()).isEqualTo("//bastion.example/id-in/Cdev1");
            // retrieved again before a report: the same command, REISSUED (8.3.9.5.3)
            JsonNode again = d.send("GET", "/mef/" + ri + "/cmd", null, null).content().get("sec:mcc");
            assertThat(again.get("mcci").asText()).isEqualTo(mcc.get("mcci").asText());
            assertThat(again.get("mccs").asInt()).isEqualTo(11);

            // CERT_PROV over EST: cacerts, then simpleenroll with the certSubjectID in the subjectAltName
            ESTService est = TestDevice.est(mef.port(), "kpm-dev1", KPM1);
            X509CertificateHolder[] cas = ESTService.storeToArray(est.getCACerts().getCertificateStore());
            assertThat(cas).hasSize(1);
            KeyPair kp = p256();
            EnrollmentResponse er = est.simpleEnroll(false, csr(kp, "onem2m://bastion.example/id-in/Cdev1"), null);
            X509Certificate cert = new JcaX509CertificateConverter()
                    .getCertificate(ESTService.storeToArray(er.getStore())[0]);
            assertThat(cert.getPublicKey()).isEqualTo(kp.getPublic());
            assertThat(cert.getSubjectAlternativeNames()).containsExactly(
                    List.of(6, "onem2m://bastion.example/id-in/Cdev1"));
            assertThat(opensslVerify(cert)).contains(": OK");
            // the command was the one-time authorization: a second request for it is refused
            assertThatThrownBy(() -> est.simpleEnroll(false, csr(p256(), "onem2m://bastion.example/id-in/Cdev1"),
                    null)).isInstanceOf(ESTException.class).hasMessageContaining("403");

            JsonNode c2 = d.send("PUT", "/mef/" + ri + "/cmd", null, "{\"sec:mcc\":{\"mcci\":\""
                    + mcc.get("mcci").asText() + "\",\"mccs\":20}}").content().get("sec:mcc");
            assertThat(c2.get("mccd").get("ccid").asInt()).isEqualTo(2);
            assertThat(c2.get("mccd").get("cma").get("dcca").get("dcu").asText())
                    .isEqualTo("3:coaps://dm.bastion.example/dev1");
            assertThat(c2.get("mccs").asInt()).isEqualTo(10);
            // a report naming another cmdID is discarded (8.3.9.3 2b): the command due is sent again
            JsonNode stale = d.send("PUT", "/mef/" + ri + "/cmd", null, "{\"sec:mcc\":{\"mcci\":\"c99\","
                    + "\"mccs\":20}}").content().get("sec:mcc");
            assertThat(stale.get("mcci").asText()).isEqualTo(c2.get("mcci").asText());
            assertThat(stale.get("mccs").asInt()).isEqualTo(11);
            JsonNode c3 = d.send("PUT", "/mef/" + ri + "/cmd", null, "{\"sec:mcc\":{\"mcci\":\""
                    + c2.get("mcci").asText() + "\",\"mccs\":201}}").content().get("sec:mcc");
            JsonNode mo = c3.get("mccd").get("cma").get("nnca");
            assertThat(mo.get("ajop").asText()).isEqualTo("/id-in/cse-in/node-dev1/ap1");
            assertThat(mo.get("otyp").asInt()).isEqualTo(1);
            assertThat(mo.get("otsa").get("suid").asInt()).isEqualTo(12);
            JsonNode none = d.send("PUT", "/mef/" + ri + "/cmd", null, "{\"sec:mcc\":{\"mcci\":\""
                    + c3.get("mcci").asText() + "\",\"mccs\":20}}").content().get("sec:mcc");
            assertThat(none.get("mccd").get("ccid").asInt()).isEqualTo(0);
            assertThat(none.get("mccd").get("cma").get("nmca").get("rdu").asText()).isEqualTo("PT1H");
        }
        assertThat(admin.list()).anySatisfy(l -> assertThat(l).contains("kpm-dev1", ri, "c1:20", "c2:201",
                "c3:20"));
        String audit = Files.readString(dir.resolve("data/mef/audit.jsonl"));
        assertThat(audit).contains("\"registered\"", "\"certificate-issued\"", "\"command-reported\"",
                "\"est-refused\"");
        String state = Files.readString(dir.resolve("data/mef/state.json"));
        for (String secret : List.of(HexFormat.of().formatHex(KPM1), Base64.getEncoder().encodeToString(KPM1))) {
            assertThat(audit).doesNotContain(secret);
            assertThat(state).doesNotContain(secret);
        }
    }

    @Test
    void aWrongKpmAndAnUnknownKpmIdFailTheHandshakeAlike() throws Exception {
        byte[] wrong = KPM1.clone();
        wrong[0] ^= 1;
        assertThatThrownBy(() -> TestDevice.connect(mef.port(), "kpm-dev1", wrong)).isInstanceOf(org.bouncycastle.tls.TlsException.class)
                .hasMessageContaining("bad_record_mac");
        assertThatThrownBy(() -> TestDevice.connect(mef.port(), "kpm-nobody", KPM1))
                .isInstanceOf(org.bouncycastle.tls.TlsException.class).hasMessageContaining("bad_record_mac");
        Thread.sleep(200);
        assertThat(Files.readString(dir.resolve("data/mef/audit.jsonl"))).contains("handshake-refused",
                "kpm-dev1", "wrong Kpm");
    }

    @Test
    void anotherEnroleesRegistrationAndCommandsAre4103AndAudited() throws Exception {
        String ri;
        try (TestDevice d1 = TestDevice.connect(mef.port(), "kpm-dev1", KPM1)) {
            ri = d1.send("POST", "/mef", 9005, registration(ET)).content().get("sec:mecr").get("ri").asText();
        }
        try (TestDevice d2 = TestDevice.connect(mef.port(), "kpm-dev2", KPM2)) {
            for (String[] op : new String[][] {{"GET", ""}, {"GET", "/cmd"}, {"DELETE", ""}}) {
                TestDevice.Answer a = d2.send(op[0], "/mef/" + ri + op[1], null, null);
                assertThat(a.rsc()).as(op[0] + op[1]).isEqualTo(4103);
                assertThat(a.dbg()).contains("another MEF Client's");
            }
            TestDevice.Answer u = d2.send("PUT", "/mef/" + ri + "/cmd", null, "{\"sec:mcc\":{\"mcci\":\"c1\","
                    + "\"mccs\":20}}");
            assertThat(u.rsc()).isEqualTo(4103);
            assertThat(d2.send("GET", "/mef/mecr999", null, null).rsc()).isEqualTo(4004);
        }
        assertThat(Files.readString(dir.resolve("data/mef/audit.jsonl"))).contains("\"refused\"", "\"rsc\":4103",
                "\"kpmId\":\"kpm-dev2\"", ri);
    }

    @Test
    void malformedRegistrationsAre4000NamingTheElement() throws Exception {
        Object[][] cases = {
            {9005, "{\"sec:mecr\":{\"lbl\":[\"a\"],\"adfq\":\"sp.example\"}}", "sec:mecr.et: missing"},
            {9005, "{\"sec:mecr\":{\"et\":\"" + ET + "\"}}", "sec:mecr.adfq: missing"},
            {9005, "{\"sec:mecr\":{\"et\":\"yesterday\",\"adfq\":\"sp.example\"}}", "sec:mecr.et: invalid timestamp"},
            {9005, "{\"sec:mecr\":{\"et\":\"20000101T000000\",\"adfq\":\"sp.example\"}}", "sec:mecr.et: 20000101T000000 is not in the future"},
            {9005, "{\"sec:mecr\":{\"et\":\"" + ET + "\",\"adfq\":\"not an fqdn\"}}", "sec:mecr.adfq: not an FQDN"},
            {9005, "{\"sec:mecr\":{\"et\":\"" + ET + "\",\"adfq\":\"sp.example\",\"lbl\":\"x\"}}", "sec:mecr.lbl"},
            {9005, "{\"sec:mecr\":{\"et\":\"" + ET + "\",\"adfq\":\"sp.example\",\"aski\":\"x@y\"}}",
                "sec:mecr.aski: not an attribute"},
            {9005, "{\"m2m:ae\":{}}", "one object sec:mecr"},
            {9005, "{not json", "not JSON"},
            {2, "{\"sec:mecr\":{\"et\":\"" + ET + "\",\"adfq\":\"sp.example\"}}", "ty:"},
        };
        try (TestDevice d = TestDevice.connect(mef.port(), "kpm-dev1", KPM1)) {
            for (Object[] c : cases) {
                TestDevice.Answer a = d.send("POST", "/mef", (Integer) c[0], (String) c[1]);
                assertThat(a.rsc()).as((String) c[1]).isEqualTo(4000);
                assertThat(a.dbg()).as((String) c[1]).contains((String) c[2]);
            }
            String ri = d.send("POST", "/mef", 9005, registration(ET)).content().get("sec:mecr").get("ri").asText();
            TestDevice.Answer twice = d.send("POST", "/mef", 9005, registration(ET));
            assertThat(twice.rsc()).isEqualTo(4105);
            Object[][] reports = {
                {"{\"sec:mcc\":{\"mcci\":\"c1\"}}", "sec:mcc.mccs"},
                {"{\"sec:mcc\":{\"mcci\":\"c1\",\"mccs\":10}}", "sec:mcc.mccs"},
                {"{\"sec:mcc\":{\"mccs\":20}}", "sec:mcc.mcci: missing"},
                {"{\"sec:mcc\":{\"mcci\":\"c1\",\"mccs\":20,\"mccd\":{}}}", "sec:mcc.mccd: not an attribute"},
            };
            for (Object[] c : reports) {
                TestDevice.Answer a = d.send("PUT", "/mef/" + ri + "/cmd", null, (String) c[0]);
                assertThat(a.rsc()).as((String) c[0]).isEqualTo(4000);
                assertThat(a.dbg()).as((String) c[0]).contains((String) c[1]);
            }
        }
    }

    @Test
    void aRestartKeepsRegistrationsAndPendingCommands() throws Exception {
        admin.queueCertificate("kpm-dev1");
        admin.queueMoNode("kpm-dev1", "/id-in/cse-in/node-dev1/tac1", 2, null);
        String ri;
        String first;
        String et;
        try (TestDevice d = TestDevice.connect(mef.port(), "kpm-dev1", KPM1)) {
            JsonNode reg = d.send("POST", "/mef", 9005, registration(ET)).content().get("sec:mecr");
            ri = reg.get("ri").asText();
            et = reg.get("et").asText(); // the MEF's own: at most a year (MefSettings.longestRegistration)
            first = d.send("GET", "/mef/" + ri + "/cmd", null, null).content().get("sec:mcc").get("mcci").asText();
        }
        mef.close();
        mef = MefServer.start(settings(0), env, Clock.systemUTC());
        try (TestDevice d = TestDevice.connect(mef.port(), "kpm-dev1", KPM1)) {
            // the MEF Client Configuration Retrieval (8.3.5.2.4) answers the registration's configuration
            JsonNode r = d.send("GET", "/mef/" + ri, null, null).content().get("sec:clientRegCfg");
            assertThat(r.get("fq").asText()).isEqualTo(FQDN);
            assertThat(r.get("adfq").asText()).isEqualTo("sp.bastion.example");
            assertThat(r.get("lbl").get(0).asText()).isEqualTo("plant:7");
            assertThat(r.get("et").asText()).isEqualTo(et).startsWith(String.valueOf(java.time.Year.now().getValue()
                    + 1));
            JsonNode c = d.send("GET", "/mef/" + ri + "/cmd", null, null).content().get("sec:mcc");
            assertThat(c.get("mcci").asText()).isEqualTo(first);
            assertThat(c.get("mccs").asInt()).isEqualTo(11); // issued before the restart
            JsonNode next = d.send("PUT", "/mef/" + ri + "/cmd", null, "{\"sec:mcc\":{\"mcci\":\"" + first
                    + "\",\"mccs\":101}}").content().get("sec:mcc");
            assertThat(next.get("mccd").get("cma").get("nnca").get("otyp").asInt()).isEqualTo(2);
            assertThat(d.send("DELETE", "/mef/" + ri, null, null).rsc()).isEqualTo(2002);
            assertThat(d.send("GET", "/mef/" + ri, null, null).rsc()).isEqualTo(4004);
        }
    }

    static KeyPair p256() throws Exception {
        return TestDevice.p256();
    }

    static PKCS10CertificationRequest csr(KeyPair kp, String uri) throws Exception {
        return TestDevice.csr(kp, uri);
    }

    String opensslVerify(X509Certificate cert) throws Exception {
        Path pem = dir.resolve("issued.pem");
        Files.writeString(pem, "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(cert.getEncoded())
                + "\n-----END CERTIFICATE-----\n");
        Process p = new ProcessBuilder("openssl", "verify", "-CAfile", caPem.toString(), "-purpose", "sslclient",
                pem.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(30, TimeUnit.SECONDS);
        return out;
    }
}
