package io.bastion.trust.mef;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bastion.security.certificate.Certificates;
import io.bastion.security.credential.PreSharedKey;
import io.bastion.security.environment.Pkcs12Environment;
import io.bastion.trust.das.KeytoolPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Map;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.est.ESTService;
import org.bouncycastle.est.EnrollmentResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The MEF side of MO_NODE (TS-0003 8.3.9.9): the enrolee's MO tree served at {@code /mef/<ri>/mo/<path>} over the
 * bootstrap session, an autp with a certificate SUID getting the issued certificate's fingerprint, trust anchors at
 * {@code /mef/ta/<cfp>}, and a revoked enrolee refused.
 */
class MefMoNodesIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static final byte[] KPM1 = HexFormat.of().parseHex("00112233445566778899aabbccddeeff");

    @TempDir
    Path dir;
    Path caPem;
    Pkcs12Environment env;
    MefServer mef;
    MefAdmin admin;

    @BeforeEach
    void start() throws Exception {
        KeytoolPki pki = new KeytoolPki(dir, MefServerIT.PASSWORD);
        caPem = pki.ca("mefca");
        env = Pkcs12Environment.open(dir.resolve("mefca.p12"), "PW", Map.of("PW", MefServerIT.PASSWORD)::get);
        admin = MefAdmin.open(dir.resolve("data"), env, Clock.systemUTC());
        admin.addEnrolee("kpm-dev1", PreSharedKey.of(KPM1.clone()), "/id-in/Cdev1");
        mef = MefServer.start(MefSettings.defaults(dir.resolve("data")).withPort(0).withFqdn(MefServerIT.FQDN)
                .withKeystore(dir.resolve("mefca.p12")).withCaAlias("ca"), env, Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        mef.close();
    }

    static JsonNode json(String s) throws Exception {
        return JSON.readTree(s);
    }

    @Test
    void theMoTreeIsServedWithTheIssuedFingerprintAndTrustAnchorsByTheirFingerprint() throws Exception {
        admin.putMoNode("kpm-dev1", "reg1", json("{\"dcfg:reg\":{\"poa\":[\"https://cse.example:8443\"],"
                + "\"csi\":\"/id-in\",\"cb\":\"cse-in\"}}"));
        admin.putMoNode("kpm-dev1", "/reg1/autp1", json("{\"dcfg:autp\":{\"suid\":42,\"tlcs\":[49187]}}"));
        X509Certificate ca = Certificates.parse(Files.readAllBytes(caPem)).get(0);
        String cfp = admin.addTrustAnchor(ca);
        assertThat(cfp).isEqualTo(Certificates.fingerprint(ca));
        assertThat(admin.moNodes("kpm-dev1")).containsOnlyKeys("reg1", "reg1/autp1");
        admin.queueCertificate("kpm-dev1");
        try (TestDevice d = TestDevice.connect(mef.port(), "kpm-dev1", KPM1)) {
            String ri = d.send("POST", "/mef", 9005, MefServerIT.registration(MefServerIT.ET)).content()
                    .get("sec:mecr").get("ri").asText();
            assertThat(d.send("GET", "/mef/" + ri + "/mo", null, null).content().get("m2m:uril").toString())
                    .isEqualTo("[\"reg1\",\"reg1/autp1\"]");
            TestDevice.Answer reg = d.send("GET", "/mef/" + ri + "/mo/reg1", null, null);
            assertThat(reg.rsc()).isEqualTo(2000);
            assertThat(reg.content().get("dcfg:reg").get("csi").asText()).isEqualTo("/id-in");
            // before any certificate: as configured
            assertThat(d.send("GET", "/mef/" + ri + "/mo/reg1/autp1", null, null).content().get("dcfg:autp")
                    .has("mcfp")).isFalse();
            d.send("GET", "/mef/" + ri + "/cmd", null, null);
            ESTService est = TestDevice.est(mef.port(), "kpm-dev1", KPM1);
            KeyPair kp = MefServerIT.p256();
            EnrollmentResponse er = est.simpleEnroll(false, MefServerIT.csr(kp, "onem2m://bastion.example/id-in/Cdev1"),
                    null);
            X509Certificate issued = new JcaX509CertificateConverter()
                    .getCertificate(ESTService.storeToArray(er.getStore())[0]);
            JsonNode autp = d.send("GET", "/mef/" + ri + "/mo/reg1/autp1", null, null).content().get("dcfg:autp");
            assertThat(autp.get("mcfp").asText()).isEqualTo(Certificates.fingerprint(issued));
            TestDevice.Answer none = d.send("GET", "/mef/" + ri + "/mo/tac9", null, null);
            assertThat(none.rsc()).isEqualTo(4004);
            assertThat(none.dbg()).contains("tac9");
            assertThat(d.send("PUT", "/mef/" + ri + "/mo/reg1", null, "{}").rsc()).isEqualTo(4005);

            TestDevice.Answer ta = d.send("GET", "/mef/ta/" + cfp, null, null);
            assertThat(ta.httpStatus()).isEqualTo(200);
            assertThat(Certificates.parse(d.lastBody()).get(0)).isEqualTo(ca);
            assertThat(d.send("GET", "/mef/ta/" + "00".repeat(32), null, null).httpStatus()).isEqualTo(404);

            // revoked: the open session is refused, the next handshake fails as an unknown KpmID's would
            assertThat(admin.revokeEnrolee("kpm-dev1")).containsExactly(Certificates.fingerprint(issued));
            TestDevice.Answer after = d.send("GET", "/mef/" + ri + "/mo/reg1", null, null);
            assertThat(after.rsc()).isIn(4004, 4103);
        }
        assertThatThrownBy(() -> TestDevice.connect(mef.port(), "kpm-dev1", KPM1)).isInstanceOf(Exception.class);
        assertThatThrownBy(() -> admin.queueCertificate("kpm-dev1")).hasMessageContaining("revoked");
        assertThatThrownBy(() -> admin.addEnrolee("kpm-dev1", PreSharedKey.of(KPM1.clone()), "/id-in/Cdev1"))
                .hasMessageContaining("revoked");
        assertThat(admin.list()).anySatisfy(l -> assertThat(l).contains("kpm-dev1", "revoked="));
        String audit = Files.readString(dir.resolve("data/mef/audit.jsonl"));
        assertThat(audit).contains("\"mo-node-put\"", "\"trust-anchor-added\"", "\"enrolee-revoked\"");
        assertThat(Files.readString(dir.resolve("data/mef/state.json"))).contains("\"issued\"", "\"revoked\"");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''            | {\"dcfg:tac\":{}}                 | MO path",
        "a/../b        | {\"dcfg:tac\":{}}                 | segment '..'",
        "a//b          | {\"dcfg:tac\":{}}                 | segment ''",
        "a/b/c/d/e/f/g/h/i | {\"dcfg:tac\":{}}             | 1 to 8",
        "tac1          | {\"dcfg:node\":{}}                | dcfg:node: an MO node holds one of",
        "tac1          | {\"dcfg:tac\":[]}                 | must be an object",
        "tac1          | {\"dcfg:tac\":{},\"dcfg:reg\":{}} | one TS-0022 object",
        "tac1          | 7                                 | one TS-0022 object",
    })
    void malformedNodesAreRefusedNamingWhatIsWrong(String path, String object, String message) {
        assertThatThrownBy(() -> admin.putMoNode("kpm-dev1", path, json(object)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }

    @Test
    void removingANodeRemovesItsChildrenAndUnknownEnroleesAreRefused() throws Exception {
        admin.putMoNode("kpm-dev1", "reg1", json("{\"dcfg:reg\":{\"csi\":\"/id-in\"}}"));
        admin.putMoNode("kpm-dev1", "reg1/autp1", json("{\"dcfg:autp\":{\"suid\":12}}"));
        admin.putMoNode("kpm-dev1", "reg10", json("{\"dcfg:reg\":{\"csi\":\"/id-in\"}}"));
        assertThat(admin.removeMoNode("kpm-dev1", "reg1")).containsExactly("reg1", "reg1/autp1");
        assertThat(admin.moNodes("kpm-dev1")).containsOnlyKeys("reg10");
        assertThat(admin.removeMoNode("kpm-dev1", "reg1")).isEmpty();
        assertThatThrownBy(() -> admin.putMoNode("kpm-none", "reg1", json("{\"dcfg:reg\":{}}")))
                .hasMessageContaining("no enrolee");
        KeytoolPki pki = new KeytoolPki(dir, MefServerIT.PASSWORD);
        pki.issue("mefca", dir.resolve("leaf.p12"), "leaf", "uri:onem2m://sp/id-in/Cx", null);
        java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(dir.resolve("leaf.p12"))) {
            ks.load(in, MefServerIT.PASSWORD.toCharArray());
        }
        X509Certificate leaf = (X509Certificate) ks.getCertificate("leaf");
        assertThatThrownBy(() -> admin.addTrustAnchor(leaf)).hasMessageContaining("not a CA certificate");
    }
}
