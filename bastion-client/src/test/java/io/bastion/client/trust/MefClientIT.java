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
