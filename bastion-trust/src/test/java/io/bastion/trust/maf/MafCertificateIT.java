package io.bastion.trust.maf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bastion.core.time.Timestamps;
import io.bastion.security.certificate.CertificateBindings;
import io.bastion.security.certificate.CertificateRevocations;
import io.bastion.security.certificate.Certificates;
import io.bastion.security.certificate.TrustStore;
import io.bastion.security.credential.FilePskStore;
import io.bastion.security.credential.PreSharedKey;
import io.bastion.security.credential.PskCredential;
import io.bastion.security.environment.Pkcs12Environment;
import io.bastion.trust.das.KeytoolPki;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The MAF Handshake with certificates (TS-0003 8.8.2.2) on the MAF's one port beside TLS-PSK: a phone whose Node-ID
 * certificate chains to a trusted CA and whose Credential-ID is bound to {@code Cphone} registers (2001) and
 * registers a key without kv, the MAF keeping the session's {@code EXPORTER-oneM2M-Connection} (10.3.1) exactly as
 * the phone's own export computes it, and the target CSE (a PSK client, unaffected) retrieves that key. Refusals: a
 * valid certificate bound to no ID completes the handshake and gets 4106; a certificate of an untrusted CA, or a
 * revoked one, fails the handshake; a revocation reaches an open session at its next request (4107).
 */
class MafCertificateIT {
    static final String PASSWORD = "maf-cert-pw";
    static final String KM_CSE = "km-cse@maf.example";
    static final byte[] K_CSE = HexFormat.of().parseHex("101112131415161718191a1b1c1d1e1f");

    @TempDir
    static Path dir;
    static KeytoolPki pki;
    static Path data;
    static MafServer maf;
    static X509Certificate mafCertificate;

    record Holder(PrivateKey key, X509Certificate[] chain) {
    }

    /** keytool is slow: one PKI and one MAF for every test. */
    @BeforeAll
    static void start() throws Exception {
        pki = new KeytoolPki(dir, PASSWORD);
        pki.ca("mafca");
        pki.issue("mafca", dir.resolve("maf-tls.p12"), "tls", "dns:maf.example,ip:127.0.0.1", "serverAuth");
        Path clientCa = pki.ca("clientca");
        pki.ca("strangers");
        data = dir.resolve("data");
        TrustStore.inDataDir(data).add(read(clientCa));
        CertificateBindings.inDataDir(data).bind("34-urn:dev:ops:phone", List.of("Cphone"));
        CertificateBindings.inDataDir(data).bind("34-urn:dev:ops:phone-revoked", List.of("Cphone"));
        try (FilePskStore psk = FilePskStore.inDataDir(data)) {
            psk.add(new PskCredential(KM_CSE, PreSharedKey.of(K_CSE), Set.of("/id-in")));
        }
        try (Pkcs12Environment env = Pkcs12Environment.open(dir.resolve("maf-tls.p12"), "PW",
                Map.of("PW", PASSWORD)::get)) {
            mafCertificate = env.certificateChain("tls").get(0);
        }
        maf = MafServer.start(MafSettings.defaults().withFqdn("maf.example").withPort(0).withDataDir(data)
                .withAdminFqdns(Set.of("sp.example")).withCertificates(dir.resolve("maf-tls.p12"), "tls"),
                Map.of("BASTION_KEYSTORE_PASSWORD", "maf-keys-pw",
                        MafSettings.TLS_KEYSTORE_PASSWORD_VARIABLE, PASSWORD)::get, Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        if (maf != null) {
            maf.close();
        }
    }

    static X509Certificate read(Path pem) throws Exception {
        try (InputStream in = Files.newInputStream(pem)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    static Holder holder(String ca, String alias, String san) throws Exception {
        Path p12 = dir.resolve(alias + ".p12");
        pki.issue(ca, p12, alias, san, "clientAuth");
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(p12)) {
            ks.load(in, PASSWORD.toCharArray());
        }
        java.security.cert.Certificate[] chain = ks.getCertificateChain(alias);
        return new Holder((PrivateKey) ks.getKey(alias, PASSWORD.toCharArray()),
                Arrays.copyOf(chain, chain.length, X509Certificate[].class));
    }

    static MafTlsClient connect(Holder h) throws IOException {
        return MafTlsClient.certificate(maf.port(), h.key(), h.chain(), mafCertificate);
    }

    static String et(Duration d) {
        return Timestamps.format(Instant.now().plus(d)).substring(0, 15);
    }

    static final String REGISTRATION = "{\"sec:macr\":{\"et\":\"" + et(Duration.ofHours(1))
            + "\",\"adfq\":\"sp.example\"}}";

    @Test
    void aBoundCertificateRegistersAndItsSessionKeyReachesTheTarget() throws Exception {
        Holder phone = holder("clientca", "phone", "uri:urn:dev:ops:phone");
        String relativeKeyId;
        byte[] kc;
        try (MafTlsClient c = connect(phone)) {
            MafTlsClient.Answer reg = c.send("POST", "/maf", "Cphone", 9002, REGISTRATION);
            assertThat(reg.rsc()).as(reg.text()).isEqualTo(2001);
            assertThat(reg.content().path("sec:macr").path("cr").asText()).isEqualTo("Cphone");
            MafTlsClient.Answer key = c.send("POST", "/maf", "Cphone", 9003, "{\"sec:mkr\":{\"et\":\""
                    + et(Duration.ofHours(1)) + "\",\"adfq\":\"sp.example\",\"suid\":32,\"tgis\":[\"/id-in\"]}}");
            assertThat(key.rsc()).as(key.text()).isEqualTo(2001);
            assertThat(key.text()).doesNotContain("\"kv\"");
            byte[] x = c.exported(); // this side's own RFC 5705 export with EXPORTER-oneM2M-Connection
            relativeKeyId = key.content().path("sec:mkr").path("rn").asText();
            assertThat(relativeKeyId).isEqualTo(HexFormat.of().formatHex(x, 0, 16));
            kc = Arrays.copyOfRange(x, 16, 48);
            // another originator than the bound one: 4106, as over TLS-PSK
            assertThat(c.send("POST", "/maf", "Cother", 9002, REGISTRATION).rsc()).isEqualTo(4106);
        }
        try (MafTlsClient cse = MafTlsClient.psk(maf.port(), KM_CSE, K_CSE)) {
            MafTlsClient.Answer got = cse.send("GET", "/maf/" + relativeKeyId, "/id-in", null, null);
            assertThat(got.rsc()).as(got.text()).isEqualTo(2000);
            assertThat(Base64.getDecoder().decode(got.content().path("sec:mkr").path("kv").asText())).isEqualTo(kc);
            assertThat(got.content().path("sec:mkr").path("cr").asText()).isEqualTo("Cphone");
        }
    }

    @Test
    void aTrustedCertificateBoundToNoIdGets4106() throws Exception {
        Holder nobody = holder("clientca", "nobody", "uri:urn:dev:ops:nobody");
        try (MafTlsClient c = connect(nobody)) {
            MafTlsClient.Answer a = c.send("POST", "/maf", "Cphone", 9002, REGISTRATION);
            assertThat(a.rsc()).as(a.text()).isEqualTo(4106);
            assertThat(a.text()).contains("34-urn:dev:ops:nobody");
        }
    }

    @Test
    void aCertificateOfAnUntrustedCaFailsTheHandshake() throws Exception {
        Holder stranger = holder("strangers", "stranger", "uri:urn:dev:ops:phone");
        assertThatThrownBy(() -> connect(stranger)).isInstanceOf(IOException.class);
    }

    @Test
    void aRevokedCertificateFailsTheHandshakeAndEndsAnOpenSession() throws Exception {
        Holder phone = holder("clientca", "phone-revoked", "uri:urn:dev:ops:phone-revoked");
        MafTlsClient c = connect(phone);
        assertThat(c.send("POST", "/maf", "Cphone", 9002, REGISTRATION).rsc()).isEqualTo(2001);
        CertificateRevocations.inDataDir(data).revoke(Certificates.fingerprint(phone.chain()[0]), Instant.now());
        Thread.sleep(FilePskStore.DEFAULT_RECHECK.toMillis() + 300); // the MAF looks at the file at most this often
        MafTlsClient.Answer after = c.send("POST", "/maf", "Cphone", 9002, REGISTRATION);
        try {
            c.close();
        } catch (IOException alreadyClosed) {
            // the MAF closes the connection after its 4107
        }
        assertThat(after.rsc()).as(after.text()).isEqualTo(4107);
        assertThatThrownBy(() -> connect(phone)).isInstanceOf(IOException.class);
    }

    @Test
    void aTlsAliasWithoutACertificateOrAWrongPasswordStopsTheStart() {
        MafSettings s = MafSettings.defaults().withFqdn("maf.example").withPort(0).withDataDir(dir.resolve("data2"))
                .withAdminFqdns(Set.of("sp.example"));
        assertThatThrownBy(() -> MafServer.start(s.withCertificates(dir.resolve("maf-tls.p12"), "nope"),
                Map.of("BASTION_KEYSTORE_PASSWORD", "maf-keys-pw", MafSettings.TLS_KEYSTORE_PASSWORD_VARIABLE,
                        PASSWORD)::get, Clock.systemUTC()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'nope'");
        assertThatThrownBy(() -> MafServer.start(s.withCertificates(dir.resolve("maf-tls.p12"), "tls"),
                Map.of("BASTION_KEYSTORE_PASSWORD", "maf-keys-pw", MafSettings.TLS_KEYSTORE_PASSWORD_VARIABLE,
                        "wrong")::get, Clock.systemUTC()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
