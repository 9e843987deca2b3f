package io.bastion.client.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.bastion.client.Tls;
import io.bastion.security.credential.PreSharedKey;
import io.bastion.security.environment.Pkcs12Environment;
import io.bastion.trust.mef.MefAdmin;
import io.bastion.trust.mef.MefServer;
import io.bastion.trust.mef.MefSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MefClient against a real MEF (bastion-trust's MefServer in process): enrolment with CERT_PROV, MO_NODE reg/autp/tac
 * and DEV_CFG, the issued chain verified by OpenSSL, and a revoked enrolee refused.
 */
class MefClientIT {
    static final String PASSWORD = "mef-client-test";
    static final String FQDN = "mef.bastion.example";
    static final byte[] KPM = HexFormat.of().parseHex("00112233445566778899aabbccddeeff");
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    MefAdmin admin;
    MefServer mef;
    Path caPem;

    @BeforeEach
    void start() throws Exception {
        Path p12 = dir.resolve("mef.p12");
        keytool("-genkeypair", "-keystore", p12.toString(), "-storepass", PASSWORD, "-alias", "ca", "-keyalg", "EC",
                "-groupname", "secp256r1", "-sigalg", "SHA256withECDSA", "-dname", "CN=mef-ca", "-ext", "bc:c",
                "-ext", "ku:c=keyCertSign,cRLSign", "-validity", "3650");
        caPem = dir.resolve("ca.pem");
        keytool("-exportcert", "-keystore", p12.toString(), "-storepass", PASSWORD, "-alias", "ca", "-rfc", "-file",
                caPem.toString());
        Pkcs12Environment env = Pkcs12Environment.open(p12, "PW", Map.of("PW", PASSWORD)::get);
        admin = MefAdmin.open(dir.resolve("data"), env, Clock.systemUTC());
        admin.addEnrolee("kpm-dev1", PreSharedKey.of(KPM.clone()), "/id-in/Cdev1");
        mef = MefServer.start(MefSettings.defaults(dir.resolve("data")).withPort(0).withFqdn(FQDN).withKeystore(p12)
                .withCaAlias("ca"), env, Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        mef.close();
    }

    static void keytool(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool")
                .toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0).as(new String(out)).isTrue();
    }

    MefClient client() {
        return MefClient.to("127.0.0.1", mef.port(), "kpm-dev1", KPM).adminFqdn("sp.bastion.example")
                .timeout(Duration.ofSeconds(20));
    }

    @Test
    void aDeviceEnrolsGetsItsCertificateAndProcessesItsMoNodes() throws Exception {
        X509Certificate ca = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(Files.newInputStream(caPem));
        String cfp = admin.addTrustAnchor(ca);
        admin.putMoNode("kpm-dev1", "reg1", JSON.readTree("{\"dcfg:reg\":{\"poa\":[\"https://127.0.0.1:8443\"],"
                + "\"csi\":\"/id-in\",\"cb\":\"cse-in\"}}"));
        admin.putMoNode("kpm-dev1", "reg1/autp1", JSON.readTree("{\"dcfg:autp\":{\"suid\":42,\"tlcs\":[49187]}}"));
        admin.putMoNode("kpm-dev1", "tac1", JSON.readTree("{\"dcfg:tac\":{\"uri\":\"https://" + FQDN + ":"
                + mef.port() + "/mef/ta/" + cfp + "\",\"cfp\":\"" + cfp + "\"}}"));
        admin.putMoNode("kpm-dev1", "tac2", JSON.readTree("{\"dcfg:tac\":{\"uri\":\"https://" + FQDN
                + "/mef/ta/" + cfp + "\",\"cfp\":\"" + "00".repeat(32) + "\"}}"));
        String c1 = admin.queueCertificate("kpm-dev1");
        String c2 = admin.queueMoNode("kpm-dev1", "reg1/autp1", 1, 42);
        String c3 = admin.queueMoNode("kpm-dev1", "tac1", 2, null);
        String c4 = admin.queueMoNode("kpm-dev1", "tac2", 2, null);
        String c5 = admin.queueMoNode("kpm-dev1", "reg1/nothing", 2, null);
        String c6 = admin.queueDeviceConfiguration("kpm-dev1", "3:coaps://dm.example/dev1");

        Enrolment e = client().enrol();

        assertThat(e.reports()).containsExactly(new CommandReport(c1, 1, 20), new CommandReport(c2, 3, 20),
                new CommandReport(c3, 3, 20), new CommandReport(c4, 3, 305), new CommandReport(c5, 3, 300),
                new CommandReport(c6, 2, 43));
        assertThat(e.clientId()).isEqualTo("/id-in/Cdev1");
        assertThat(e.keyId()).matches("[0-9a-f]{32}@" + FQDN);
        assertThat(e.retryAfter()).isEqualTo(Duration.ofHours(1));
        DeviceCertificate cert = e.certificate().orElseThrow();
        assertThat(cert.chain()).hasSize(2);
        assertThat(cert.chain().get(1)).isEqualTo(ca);
        assertThat(((ECPublicKey) cert.leaf().getPublicKey()).getParams().getCurve().getField().getFieldSize())
                .isEqualTo(256);
        assertThat(cert.leaf().getSubjectAlternativeNames()).containsExactly(
                List.of(6, "onem2m://bastion.example/id-in/Cdev1"));
        assertThat(cert.toString()).doesNotContain("PRIVATE");
        // the MEF filled mcfp with what it issued, and recorded it for a later revocation
        assertThat(e.configuration().nodes().get("reg1/autp1").get("dcfg:autp").get("mcfp").asText())
                .isEqualTo(cert.fingerprint());
        assertThat(e.configuration().trustAnchors()).containsExactly(ca);
        assertThat(e.configuration().registration()).hasValueSatisfying(r -> {
            assertThat(r.cseId()).isEqualTo("/id-in");
            assertThat(r.cseBase()).isEqualTo("cse-in");
            assertThat(r.pointOfAccess()).containsExactly("https://127.0.0.1:8443");
        });

        // the chain and key as files: OpenSSL verifies the chain where it is installed; the key file is 0600
        Path chain = dir.resolve("device.pem");
        Path key = dir.resolve("device.key");
        cert.writePem(chain, key);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
        assertThat(Files.readString(key)).startsWith("-----BEGIN PRIVATE KEY-----");
        String verify = openssl("verify", "-CAfile", caPem.toString(), "-purpose", "sslclient", chain.toString());
        if (verify != null) {
            assertThat(verify).contains(": OK");
        }
        Path p12 = dir.resolve("device.p12");
        cert.writePkcs12(p12, "pw".toCharArray());
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(Files.newInputStream(p12), "pw".toCharArray());
        assertThat(ks.getCertificate("device")).isEqualTo(cert.leaf());
        assertThat(Tls.trusting(ca).withClientKey(cert.key(), cert.chain())).isNotNull();
        Path cfg = dir.resolve("config.json");
        e.configuration().write(cfg);
        DeviceConfiguration back = DeviceConfiguration.read(cfg);
        assertThat(back.nodes()).isEqualTo(e.configuration().nodes());
        assertThat(back.trustAnchors()).containsExactly(ca);

        // revoked: the next enrolment fails at the handshake, and the operator gets the fingerprint to revoke
        assertThat(admin.revokeEnrolee("kpm-dev1")).containsExactly(cert.fingerprint());
        assertThatThrownBy(() -> client().enrol()).isInstanceOf(IOException.class);
    }

    /**
     * MEF key procedures (8.3.5.2.7–.10) and autp SUID 22 (8.3.9.9.4): the device's key for its Registrar CSE comes
     * from MO_NODE, the CSE (an enrolee whose ID is its CSE-ID) retrieves the same Kc, a non-target is refused, the
     * source updates and de-registers it.
     */
    @Test
    void anAutpWithSuid22YieldsAKeyTheRegistrarCseRetrieves() throws Exception {
        byte[] kpmCse = HexFormat.of().parseHex("101112131415161718191a1b1c1d1e1f");
        byte[] kpmOther = HexFormat.of().parseHex("202122232425262728292a2b2c2d2e2f");
        admin.addEnrolee("kpm-cse@" + FQDN, PreSharedKey.of(kpmCse.clone()), "/id-in");
        admin.addEnrolee("kpm-other", PreSharedKey.of(kpmOther.clone()), "/id-in/Cother");
        admin.putMoNode("kpm-dev1", "reg1", JSON.readTree("{\"dcfg:reg\":{\"poa\":[\"https://127.0.0.1:8443\"],"
                + "\"csi\":\"/id-in\",\"cb\":\"cse-in\"}}"));
        admin.putMoNode("kpm-dev1", "reg1/autp2", JSON.readTree("{\"dcfg:autp\":{\"suid\":22,\"tlcs\":[174],"
                + "\"mkrd\":\"PT1H\",\"mkrl\":[\"home\"]}}"));
        admin.putMoNode("kpm-dev1", "reg1/autp2/mef", JSON.readTree("{\"dcfg:mecrc\":{\"fq\":\"" + FQDN
                + "\",\"adfq\":\"sp.bastion.example\"}}"));
        admin.putMoNode("kpm-dev1", "reg1/autp3", JSON.readTree("{\"dcfg:autp\":{\"suid\":22,\"tlcs\":[174],"
                + "\"mkrd\":\"PT1H\"}}"));
        admin.putMoNode("kpm-dev1", "reg1/autp3/mef", JSON.readTree("{\"dcfg:mecrc\":{\"fq\":\"other-mef.example\","
                + "\"adfq\":\"sp.bastion.example\"}}"));
        String c1 = admin.queueMoNode("kpm-dev1", "reg1/autp2", 1, 22);
        String c2 = admin.queueMoNode("kpm-dev1", "reg1/autp3", 1, 22);

        MefClient device = client();
        Enrolment e = device.enrol();

        assertThat(e.reports()).containsExactly(new CommandReport(c1, 3, 20), new CommandReport(c2, 3, 305));
        MafKey k = e.configuration().symmetricKey("reg1/autp2").orElseThrow();
        assertThat(k.pskIdentity()).matches("[0-9a-f]{32}@" + FQDN).startsWith(k.relativeKeyId());
        assertThat(k.suid()).isEqualTo(22);
        assertThat(k.sourceId()).isEqualTo("/id-in/Cdev1");
        assertThat(k.targetIds()).containsExactly("/id-in");
        assertThat(k.key()).hasSize(32);
        assertThat(k.expires()).isBetween(java.time.Instant.now().plusSeconds(3500),
                java.time.Instant.now().plusSeconds(3700));
        assertThat(e.configuration().symmetricKey("reg1/autp3")).isEmpty();
        assertThat(k.toString()).doesNotContain(HexFormat.of().formatHex(k.key()));
        Path written = dir.resolve("configuration.json");
        e.configuration().write(written);
        assertThat(Files.readString(written)).doesNotContain(java.util.Base64.getEncoder().encodeToString(k.key()))
                .doesNotContain(HexFormat.of().formatHex(k.key()));

        // the Registrar CSE, a target, gets the same Kc; another enrolee is refused
        MefClient cse = MefClient.to("127.0.0.1", mef.port(), "kpm-cse@" + FQDN, kpmCse).mefFqdn(FQDN)
                .mefClientId("/id-in").timeout(Duration.ofSeconds(20));
        MafKey got = cse.retrieveKey(k.relativeKeyId());
        assertThat(got.key()).isEqualTo(k.key());
        assertThat(got.sourceId()).isEqualTo("/id-in/Cdev1");
        assertThat(got.suid()).isEqualTo(22);
        MefClient other = MefClient.to("127.0.0.1", mef.port(), "kpm-other", kpmOther).mefFqdn(FQDN)
                .mefClientId("/id-in/Cother").timeout(Duration.ofSeconds(20));
        assertThatThrownBy(() -> other.retrieveKey(k.relativeKeyId())).isInstanceOf(TrustServiceException.class)
                .satisfies(x -> assertThat(((TrustServiceException) x).rsc()).isEqualTo(4103));

        // a key with a given value, then the source's update and de-registration
        byte[] value = HexFormat.of().parseHex("404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f");
        MafKey given = device.registerKey(22, List.of("/id-in"), java.time.Instant.now().plusSeconds(600),
                List.of("x"), value);
        assertThat(cse.retrieveKey(given.relativeKeyId()).key()).isEqualTo(value);
        assertThat(device.updateKey(k.relativeKeyId(), null, List.of("moved"), List.of("/id-in/Cother"))
                .path("tgis").toString()).contains("/id-in/Cother");
        assertThat(other.retrieveKey(k.relativeKeyId()).key()).isEqualTo(k.key());
        assertThatThrownBy(() -> cse.retrieveKey(k.relativeKeyId())).isInstanceOf(TrustServiceException.class);
        device.deregisterKey(k.relativeKeyId());
        assertThatThrownBy(() -> other.retrieveKey(k.relativeKeyId())).isInstanceOf(TrustServiceException.class);
        // a registration the device's answer check refuses: a stakeholder the MEF registration does not have
        assertThatThrownBy(() -> client().adminFqdn("else.example").mefFqdn(FQDN).mefClientId("/id-in/Cdev1")
                .registerKey(22, List.of("/id-in"), java.time.Instant.now().plusSeconds(600), List.of(), null))
                .isInstanceOf(TrustServiceException.class);
    }

    @Test
    void aDeviceManagementClientGetsDevCfgAndTheRegistrationIsRefusedOnceRegistered() throws Exception {
        String c1 = admin.queueDeviceConfiguration("kpm-dev1", "3:coaps://dm.example/dev1");
        List<String> seen = new ArrayList<>();
        Enrolment e = client().deviceManagement((id, uri, into) -> {
            seen.add(id + " " + uri);
            return 202;
        }).enrol();
        assertThat(seen).containsExactly("3 coaps://dm.example/dev1");
        assertThat(e.reports()).containsExactly(new CommandReport(c1, 2, 202));
        assertThat(e.certificate()).isEmpty();
        assertThat(admin.list()).anySatisfy(l -> assertThat(l).contains(c1 + ":202"));
        // one registration per MEF Client: the MEF's 4105 comes back as the exception's rsc
        assertThatThrownBy(() -> client().enrol()).isInstanceOfSatisfying(TrustServiceException.class,
                t -> assertThat(t.rsc()).isEqualTo(4105));
        assertThatThrownBy(() -> MefClient.to("127.0.0.1", mef.port(), "kpm-dev1", KPM).enrol())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("adminFqdn");
        assertThatThrownBy(() -> MefClient.to("127.0.0.1", mef.port(), "kpm-dev1", new byte[16])
                .adminFqdn("sp.example").enrol()).isInstanceOf(IOException.class);
    }

    /** OpenSSL's output, or null when it is not installed. */
    static String openssl(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            p.waitFor(30, TimeUnit.SECONDS);
            return out;
        } catch (IOException e) {
            return null;
        }
    }
}
