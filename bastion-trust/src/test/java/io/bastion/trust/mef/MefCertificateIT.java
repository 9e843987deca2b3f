package io.bastion.trust.mef;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.bastion.security.certificate.TrustStore;
import io.bastion.security.environment.Pkcs12Environment;
import io.bastion.trust.das.KeytoolPki;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Certificate-Based RSPF (TS-0003 8.3.2.2) on the MEF's one port: a device with a Node-ID certificate of a CA the
 * MEF trusts, provisioned by its Credential-ID, enrols over mutual-certificate TLS 1.2 (ECDHE_ECDSA, the MEF signing
 * with its key in the secure environment) and gets the same Ke/KeID export, and an exporter-derived MEF key; a certificate of an untrusted CA, or a
 * trusted one nobody provisioned, gets nothing.
 */
class MefCertificateIT {
    static final String PASSWORD = "mef-cert-pw";

    @TempDir
    static Path dir;
    static KeytoolPki pki;
    static Pkcs12Environment env;
    static MefServer mef;
    static X509Certificate mefTls;

    /** keytool is slow: one PKI and one MEF for both tests. */
    @BeforeAll
    static void start() throws Exception {
        pki = new KeytoolPki(dir, PASSWORD);
        pki.ca("mefca");
        pki.issue("mefca", dir.resolve("mefca.p12"), "tls", "dns:mef.bastion.example,ip:127.0.0.1", "serverAuth");
        Path devCaPem = pki.ca("devca");
        pki.ca("strangers");
        Path data = dir.resolve("data");
        TrustStore.inDataDir(data).add(read(devCaPem));
        env = Pkcs12Environment.open(dir.resolve("mefca.p12"), "PW", Map.of("PW", PASSWORD)::get);
        mefTls = env.certificateChain("tls").get(0);
        MefAdmin.open(data, env, Clock.systemUTC()).addCertificateEnrolee("34-urn:dev:ops:bastion-dev9",
                "/id-in/Cdev9");
        mef = MefServer.start(MefSettings.defaults(data).withPort(0).withFqdn("mef.bastion.example")
                .withKeystore(dir.resolve("mefca.p12")).withCaAlias("ca").withTlsAlias("tls"), env,
                Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        mef.close();
    }

    static X509Certificate read(Path pem) throws Exception {
        try (InputStream in = Files.newInputStream(pem)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    record Device(PrivateKey key, X509Certificate[] chain) {
    }

    static Device device(String ca, String alias, String san) throws Exception {
        Path p12 = dir.resolve(alias + ".p12");
        pki.issue(ca, p12, alias, san, "clientAuth");
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(p12)) {
            ks.load(in, PASSWORD.toCharArray());
        }
        Certificate[] chain = ks.getCertificateChain(alias);
        return new Device((PrivateKey) ks.getKey(alias, PASSWORD.toCharArray()),
                Arrays.copyOf(chain, chain.length, X509Certificate[].class));
    }

    @Test
    void aDeviceWithATrustedProvisionedCertificateEnrols() throws Exception {
        Device d = device("devca", "dev9", "uri:urn:dev:ops:bastion-dev9");
        try (TestDevice t = TestDevice.connect(mef.port(), d.key(), d.chain(), mefTls)) {
            TestDevice.Answer reg = t.send("POST", "/mef", 9005, MefServerIT.registration(MefServerIT.ET));
            assertThat(reg.rsc()).as(reg.dbg()).isEqualTo(2001);
            JsonNode r = reg.content().get("sec:mecr");
            assertThat(r.get("cr").asText()).isEqualTo("/id-in/Cdev9");
            byte[] x = t.exported();
            assertThat(r.get("aski").asText()).isEqualTo(HexFormat.of().formatHex(x, 0, 16)
                    + "@mef.bastion.example");
            assertThat(MefKeys.ke(env, r.get("aski").asText()).orElseThrow().bytes())
                    .isEqualTo(Arrays.copyOfRange(x, 16, 48));
            // the certificate-based session yields an exporter-derived MEF key too (8.3.5.2.7 step 2a)
            TestDevice.Answer key = t.send("POST", "/mef", 9003, MefKeysIT.key(22, "[\"/id-in\"]", null));
            assertThat(key.rsc()).as(key.dbg()).isEqualTo(2001);
            byte[] c = t.connectionExported();
            assertThat(key.content().get("sec:mkr").get("rn").asText()).isEqualTo(HexFormat.of().formatHex(c, 0, 16));
            assertThat(key.content().get("sec:mkr").get("cr").asText()).isEqualTo("/id-in/Cdev9");
            assertThat(MefKeys.key(env, HexFormat.of().formatHex(c, 0, 16)).orElseThrow().bytes())
                    .isEqualTo(Arrays.copyOfRange(c, 16, 48));
            assertThat(t.send("GET", "/mef/" + r.get("ri").asText() + "/cmd", null, null).content()
                    .get("sec:mcc").get("mccd").get("ccid").asInt()).isZero();
        }
    }

    @Test
    void anUntrustedOrUnprovisionedCertificateGetsNothing() throws Exception {
        Device stranger = device("strangers", "dev9x", "uri:urn:dev:ops:bastion-dev9");
        assertThatThrownBy(() -> TestDevice.connect(mef.port(), stranger.key(), stranger.chain(), mefTls))
                .isInstanceOf(java.io.IOException.class); // the alert, or a broken pipe when it came mid-write
        Device unknown = device("devca", "dev10", "uri:urn:dev:ops:bastion-dev10");
        try (TestDevice t = TestDevice.connect(mef.port(), unknown.key(), unknown.chain(), mefTls)) {
            TestDevice.Answer a = t.send("POST", "/mef", 9005, MefServerIT.registration(MefServerIT.ET));
            assertThat(a.rsc()).isEqualTo(4103);
        }
        Thread.sleep(200);
        assertThat(Files.readString(dir.resolve("data/mef/audit.jsonl"))).contains("handshake-refused",
                "certificate refused");
    }
}
