package io.bastion.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.bastion.server.TestPki.Issued;
import io.bastion.server.it.M2m;
import io.bastion.server.it.ServerProcess;
import io.bastion.trust.das.KeytoolPki;
import io.bastion.trust.mef.TestDevice;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.est.ESTService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The MEF as the operator runs it ({@code bastion mef run} in a JVM of its own, enrolees and commands by the
 * {@code bastion mef} CLI while it runs): a device that knows only its KpmID, its Kpm and the MEF's address enrols,
 * obtains a certificate over EST for its AE-ID, reports, and the MEF survives {@code kill -9} with the registration and
 * the pending command; the certificate then registers the device's AE at a Bastion CSE over HTTPS (the CSE trusting
 * the MEF's CA), which is what CERT_PROV is for.
 */
class MefProcessIT {
    static final String PASSWORD = "mef-process-pw";
    static final String KPM = "8899aabbccddeeff0011223344556677";

    @TempDir
    Path dir;

    int mef(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--data", dir.resolve("mef-data").toString(), "--keystore",
                dir.resolve("mefca.p12").toString()));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            int rc = MefCommand.run(all, new ByteArrayInputStream((KPM + "\n").getBytes(StandardCharsets.US_ASCII)),
                    new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(out, true, StandardCharsets.UTF_8),
                    Map.of(io.bastion.trust.mef.MefSettings.PASSWORD_VARIABLE, PASSWORD)::get);
            lastOutput = out.toString(StandardCharsets.UTF_8);
            return rc;
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    String lastOutput;

    ServerProcess startMef() throws Exception {
        return ServerProcess.launch(List.of("mef", "run", "--port", "0", "--data", dir.resolve("mef-data").toString(),
                "--keystore", dir.resolve("mefca.p12").toString(), "--ca-alias", "ca", "--fqdn",
                "mef.bastion.example"), Map.of(io.bastion.trust.mef.MefSettings.PASSWORD_VARIABLE, PASSWORD),
                dir.resolve("mef.log"));
    }

    @Test
    void aDeviceWithOnlyItsKpmEnrolsGetsACertificateAndTheMefSurvivesKill9() throws Exception {
        KeytoolPki pki = new KeytoolPki(dir, PASSWORD);
        Path mefCaPem = pki.ca("mefca");
        assertThat(mef("enrolee", "add", "--kpm-id", "kpm-dev1", "--key", "-", "--id", "/id-in/Cdev1"))
                .as(lastOutput).isZero();
        assertThat(mef("command", "add", "--kpm-id", "kpm-dev1", "--cert-prov")).as(lastOutput).isZero();
        assertThat(lastOutput.strip()).isEqualTo("c1");
        assertThat(mef("command", "add", "--kpm-id", "kpm-dev1", "--mo-node", "/id-in/cse-in/nod1/tac1",
                "--object-type", "2")).as(lastOutput).isZero();
        assertThat(mef("command", "add", "--kpm-id", "kpm-dev1", "--mo-node", "x", "--object-type", "1"))
                .isEqualTo(1); // an authenticationProfile needs a SUID
        assertThat(mef("enrolee", "add", "--kpm-id", "kpm-dev1", "--key", "-", "--id", "Cbad")).isEqualTo(1);
        byte[] kpm = HexFormat.of().parseHex(KPM);
        X509Certificate cert;
        KeyPair kp = TestDevice.p256();
        String ri;
        ServerProcess mef = startMef();
        try {
            int port = mef.port("mef");
            try (TestDevice d = TestDevice.connect(port, "kpm-dev1", kpm)) {
                TestDevice.Answer reg = d.send("POST", "/mef", 9005, "{\"sec:mecr\":{\"et\":\"20991231T000000\","
                        + "\"adfq\":\"sp.bastion.example\"}}");
                assertThat(reg.rsc()).as(reg.dbg()).isEqualTo(2001);
                ri = reg.content().get("sec:mecr").get("ri").asText();
                JsonNode cmd = d.send("GET", "/mef/" + ri + "/cmd", null, null).content().get("sec:mcc");
                JsonNode args = cmd.get("mccd").get("cma").get("cpca");
                assertThat(args.get("csi").asText()).isEqualTo("//bastion.example/id-in/Cdev1");
                ESTService est = TestDevice.est(port, "kpm-dev1", kpm);
                cert = new JcaX509CertificateConverter().getCertificate(ESTService.storeToArray(
                        est.simpleEnroll(false, TestDevice.csr(kp, "onem2m:" + args.get("csi").asText()), null)
                                .getStore())[0]);
                JsonNode next = d.send("PUT", "/mef/" + ri + "/cmd", null, "{\"sec:mcc\":{\"mcci\":\""
                        + cmd.get("mcci").asText() + "\",\"mccs\":20}}").content().get("sec:mcc");
                assertThat(next.get("mccd").get("ccid").asInt()).isEqualTo(3);
            }
            mef.kill(); // SIGKILL: no shutdown hook, nothing flushed but what was acknowledged
            mef = startMef();
            try (TestDevice d = TestDevice.connect(mef.port("mef"), "kpm-dev1", kpm)) {
                assertThat(d.send("GET", "/mef/" + ri, null, null).rsc()).isEqualTo(2000);
                JsonNode again = d.send("GET", "/mef/" + ri + "/cmd", null, null).content().get("sec:mcc");
                assertThat(again.get("mccd").get("ccid").asInt()).isEqualTo(3);
                assertThat(again.get("mccs").asInt()).isEqualTo(11);
            }
        } finally {
            mef.close();
        }
        assertThat(mef("enrolee", "list")).isZero();
        assertThat(lastOutput).contains("kpm-dev1 /id-in/Cdev1 registration=" + ri, "c1:20");
        String log = Files.readString(dir.resolve("mef.log"));
        assertThat(log).doesNotContainIgnoringCase(KPM);

        // the issued certificate is one the CSE's certificate authentication accepts for Cdev1, and for Cdev1 only
        Issued serverRoot = TestPki.ca("CSE server root");
        Path p12 = TestPki.localhostKeystore(dir, serverRoot, PASSWORD);
        Path data = dir.resolve("cse-data");
        assertThat(HttpsCertificateIT.credentials(data, "cert", "trust", mefCaPem.toString())).isZero();
        X509Certificate mefCa = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(Files.newInputStream(mefCaPem));
        ServerConfig config = M2m.config(data).withHttps(HttpsSettings.defaults().withPort(0).withKeystore(p12));
        try (BastionServer cse = BastionServer.start(config, Clock.systemUTC(),
                name -> name.equals(HttpsSettings.DEFAULT_PASSWORD_ENV) ? PASSWORD : null);
             HttpClient c = HttpsCertificateIT.client(TestPki.client(new Issued(cert, kp.getPrivate(), cert, mefCa),
                     serverRoot.cert()), null)) {
            HttpsCertificateIT.server = cse;
            HttpsCertificateIT.send(c, "POST", "/cse-in", "Cdev1", 2, M2m.aeBody("dev1")).expect(2001);
            HttpsCertificateIT.send(c, "POST", "/cse-in", "Cother", 2, M2m.aeBody("other")).expect(4106);
        } finally {
            HttpsCertificateIT.server = null;
        }
    }
}
