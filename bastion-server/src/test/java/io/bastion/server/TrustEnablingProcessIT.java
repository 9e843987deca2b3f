package io.bastion.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bastion.client.ConfigurationObjects;
import io.bastion.client.CseClient;
import io.bastion.client.CseException;
import io.bastion.client.Result;
import io.bastion.client.Tls;
import io.bastion.client.trust.CommandReport;
import io.bastion.client.trust.DeviceCertificate;
import io.bastion.client.trust.Enrolment;
import io.bastion.client.trust.MafClient;
import io.bastion.client.trust.MafKey;
import io.bastion.client.trust.MefClient;
import io.bastion.core.primitive.Operation;
import io.bastion.core.primitive.Response;
import io.bastion.core.time.Timestamps;
import io.bastion.security.certificate.Certificates;
import io.bastion.server.TestPki.Issued;
import io.bastion.server.it.Installed;
import io.bastion.server.it.ServerProcess;
import io.bastion.trust.das.KeytoolPki;
import io.bastion.trust.mef.MefSettings;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trust-enabling story of issue 15 with every party a process of its own ({@code bastion mef run}, {@code bastion
 * maf run}, {@code bastion run}) on loopback ports, the operator's steps by the command line: a device that knows
 * only its KpmID, its Kpm and the MEF's address enrols (MefClient), gets its certificate over EST and its MO nodes
 * (where its CSE is, an authenticationProfile whose certificate fingerprint the MEF fills, the CSE's CA as a trust
 * anchor the MEF serves), registers its AE at the CSE over mutual TLS and stores its configuration under a
 * {@code <node>} there; a phone that shares a KmID only with the MAF gets a Kc (MafClient) and registers over
 * TLS-PSK; the operator revokes the device at the MEF and the CSE, and the phone's KmID at the MAF, and their open
 * associations end (4107); a device whose MO tree has an autp of SUID 22 enrols with {@code bastion device enrol},
 * and the key file it writes opens TLS-PSK at the CSE (MEF-based SAEF, the CSE a MEF enrolee). The exporters of the MEF (KeID) and the MAF (KcID, Kc) are checked against OpenSSL's
 * ({@code s_client -keymatexport}), the issued certificate with {@code openssl verify}, where OpenSSL is installed.
 */
class TrustEnablingProcessIT {
    static final String PASSWORD = "trust-enabling-pw";
    static final String KPM = "00112233445566778899aabbccddeeff";
    static final String KM_PHONE = "km-phone@maf.example";
    static final String K_PHONE = "0f0e0d0c0b0a09080706050403020100";
    static final String KM_CSE = "km-cse@maf.example";
    static final String K_CSE = "a0a1a2a3a4a5a6a7a8a9aaabacadaeaf";
    /** A client of the MAF whose key registration OpenSSL makes. */
    static final String KM_FREE = "km-free@maf.example";
    static final String K_FREE = "5f5e5d5c5b5a59585756555453525150";
    /** A MAF client of the device CLI. */
    static final String KM_CLI = "km-cli@maf.example";
    static final String K_CLI = "c0c1c2c3c4c5c6c7c8c9cacbcccdcecf";
    /** The CSE's KpmID and Kpm with the MEF (MEF-based SAEF: the CSE retrieves its devices' keys there). */
    static final String KPM_CSE_ID = "kpm-cse@mef.bastion.example";
    static final String KPM_CSE = "d0d1d2d3d4d5d6d7d8d9dadbdcdddedf";
    /** A device of the device CLI's MEF-based SAEF key. */
    static final String KPM_KEYS = "e0e1e2e3e4e5e6e7e8e9eaebecedeeef";
    static final String ADMIN_FQDN = "sp.example";
    static final Duration TIMEOUT = Duration.ofSeconds(20);
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static Path mefData;
    static Path mafData;
    static Path cseData;
    static Path cseCaPem;
    static Path mefCaPem;
    static int mafPort;
    static int mefPort;
    static ServerProcess maf;
    static ServerProcess cse;
    static ServerProcess mef;
    static String lastOutput;

    @BeforeAll
    static void start() throws Exception {
        mefData = dir.resolve("mef-data");
        mafData = dir.resolve("maf-data");
        cseData = dir.resolve("cse-data");
        // the MEF's CA (keytool, in the MEF's keystore) and the CSE's server CA (the device learns it from the MEF)
        mefCaPem = new KeytoolPki(dir, PASSWORD).ca("mefca");
        Issued serverRoot = TestPki.ca("CSE server root");
        cseCaPem = TestPki.writePem(dir.resolve("cse-ca.pem"), serverRoot.cert());
        Path serverP12 = TestPki.localhostKeystore(dir, serverRoot, PASSWORD);

        // the MAF: its clients' KmIDs, the phone's and the CSE's, bound to their IDs
        assertThat(credentials(mafData, "psk", "add", "--identity", KM_PHONE, "--key", K_PHONE, "--ae", "Cphone"))
                .as(lastOutput).isZero();
        assertThat(credentials(mafData, "psk", "add", "--identity", KM_CSE, "--key", K_CSE, "--ae", "/id-in"))
                .as(lastOutput).isZero();
        assertThat(credentials(mafData, "psk", "add", "--identity", KM_CLI, "--key", K_CLI, "--ae", "Ccli"))
                .as(lastOutput).isZero();
        assertThat(credentials(mafData, "psk", "add", "--identity", KM_FREE, "--key", K_FREE, "--ae", "Cfree"))
                .as(lastOutput).isZero();
        try (ServerSocket s = new ServerSocket(0)) {
            mafPort = s.getLocalPort();
        }
        maf = ServerProcess.launch(List.of("maf", "run", "--fqdn", "maf.example", "--admin-fqdn", ADMIN_FQDN,
                "--port", String.valueOf(mafPort), "--data", mafData.toString()),
                Map.of("BASTION_KEYSTORE_PASSWORD", PASSWORD), dir.resolve("maf.log"));

        // the CSE: trusts the MEF's CA for client certificates, knows its MAF, lets devices create their <node>
        assertThat(credentials(cseData, "cert", "trust", mefCaPem.toString())).as(lastOutput).isZero();
        assertThat(credentials(cseData, "psk", "add", "--identity", KM_CSE, "--key", K_CSE, "--ae", "/id-in"))
                .as(lastOutput).isZero();
        assertThat(credentials(cseData, "psk", "add", "--identity", KPM_CSE_ID, "--key", KPM_CSE, "--ae", "/id-in"))
                .as(lastOutput).isZero();
        try (ServerSocket s = new ServerSocket(0)) {
            mefPort = s.getLocalPort();
        }
        Path cfg = dir.resolve("cse.properties");
        Files.writeString(cfg, "https.keystore=" + serverP12 + "\nmaf.url=https://127.0.0.1:" + mafPort
                + "\nmaf.psk-identity=" + KM_CSE + "\nmaf.recheck-ms=300\nmaf.timeout-ms=3000\n"
                + "mef.url=https://127.0.0.1:" + mefPort + "\nmef.fqdn=mef.bastion.example\nmef.psk-identity="
                + KPM_CSE_ID + "\nmef.recheck-ms=300\nmef.timeout-ms=3000\n"
                + "cse.acpi=cse-in/devices\n");
        cse = ServerProcess.start(List.of("--config", cfg.toString(), "--data", cseData.toString(), "--http-port",
                "0", "--https-port", "0", "--psk-port", "0", "--admin-port", "-1"),
                Map.of("BASTION_KEYSTORE_PASSWORD", PASSWORD), dir.resolve("cse.log"));
        try (CseClient admin = admin()) {
            // devices may create a <node> under the CSEBase (and read and discover), nothing else there
            admin.create("cse-in", 1, JSON.readTree("{\"m2m:acp\":{\"rn\":\"devices\",\"pv\":{\"acr\":[{\"acor\":"
                    + "[\"Cdev1\"],\"acop\":35,\"acod\":[{\"chty\":[14]}]}]},\"pvs\":{\"acr\":[{\"acor\":"
                    + "[\"CAdmin\"],\"acop\":63}]}}}"));
            // the device's own node: all rights, which TS-0022 security objects need explicitly
            admin.create("cse-in", 1, JSON.readTree("{\"m2m:acp\":{\"rn\":\"dev1Acp\",\"pv\":{\"acr\":[{\"acor\":"
                    + "[\"Cdev1\"],\"acop\":63}]},\"pvs\":{\"acr\":[{\"acor\":[\"CAdmin\",\"Cdev1\"],\"acop\":63}]}}}"));
        }

        // the MEF: the enrolee, its MO tree and its commands, with the operator's CLI
        assertThat(mefCli("enrolee", "add", "--kpm-id", "kpm-dev1", "--key", "-", "--id", "/id-in/Cdev1"))
                .as(lastOutput).isZero();
        assertThat(moPut("reg1", "{\"dcfg:reg\":{\"poa\":[\"https://localhost:" + cse.port("https")
                + "\"],\"csi\":\"/id-in\",\"cb\":\"cse-in\"}}")).as(lastOutput).isZero();
        assertThat(moPut("reg1/autp1", "{\"dcfg:autp\":{\"suid\":42,\"tlcs\":[49187,49195]}}")).as(lastOutput).isZero();
        assertThat(mefCli("trust-anchor", "add", "--file", cseCaPem.toString(), "--fqdn", "mef.bastion.example",
                "--port", String.valueOf(mefPort))).as(lastOutput).isZero();
        String[] ta = lastOutput.strip().split(" ");
        assertThat(ta[0]).isEqualTo(Certificates.fingerprint(serverRoot.cert()));
        assertThat(ta[1]).isEqualTo("https://mef.bastion.example:" + mefPort + "/mef/ta/" + ta[0]);
        assertThat(moPut("tac1", "{\"dcfg:tac\":{\"uri\":\"" + ta[1] + "\",\"cfp\":\"" + ta[0] + "\"}}"))
                .as(lastOutput).isZero();
        assertThat(mefCli("enrolee", "add", "--kpm-id", "kpm-ossl", "--key", "-", "--id", "/id-in/Cossl"))
                .as(lastOutput).isZero();
        // the CSE, a Target MEF Client of its devices' keys; a device whose MO tree gives it one (SUID 22)
        assertThat(mefCli("enrolee", "add", "--kpm-id", KPM_CSE_ID, "--key", KPM_CSE, "--id", "/id-in"))
                .as(lastOutput).isZero();
        assertThat(mefCli("enrolee", "add", "--kpm-id", "kpm-keys", "--key", KPM_KEYS, "--id", "/id-in/Ckeys"))
                .as(lastOutput).isZero();
        assertThat(moPut("kpm-keys", "reg1", "{\"dcfg:reg\":{\"poa\":[\"https://127.0.0.1:" + cse.port("psk")
                + "\"],\"csi\":\"/id-in\",\"cb\":\"cse-in\"}}")).as(lastOutput).isZero();
        assertThat(moPut("kpm-keys", "reg1/autp2", "{\"dcfg:autp\":{\"suid\":22,\"tlcs\":[174],\"mkrd\":\"PT1H\"}}"))
                .as(lastOutput).isZero();
        assertThat(moPut("kpm-keys", "reg1/autp2/mecrc", "{\"dcfg:mecrc\":{\"fq\":\"mef.bastion.example\","
                + "\"adfq\":\"" + ADMIN_FQDN + "\"}}")).as(lastOutput).isZero();
        assertThat(mefCli("command", "add", "--kpm-id", "kpm-keys", "--mo-node", "reg1/autp2", "--object-type", "1",
                "--suid", "22")).as(lastOutput).isZero();
        assertThat(mefCli("command", "add", "--kpm-id", "kpm-dev1", "--cert-prov")).as(lastOutput).isZero();
        assertThat(mefCli("command", "add", "--kpm-id", "kpm-dev1", "--mo-node", "reg1/autp1", "--object-type", "1",
                "--suid", "42")).as(lastOutput).isZero();
        assertThat(mefCli("command", "add", "--kpm-id", "kpm-dev1", "--mo-node", "tac1", "--object-type", "2"))
                .as(lastOutput).isZero();
        mef = ServerProcess.launch(List.of("mef", "run", "--port", String.valueOf(mefPort), "--data",
                mefData.toString(), "--keystore", dir.resolve("mefca.p12").toString(), "--ca-alias", "ca", "--fqdn",
                "mef.bastion.example"), Map.of(MefSettings.PASSWORD_VARIABLE, PASSWORD), dir.resolve("mef.log"));
    }

    static int moPut(String path, String object) throws IOException {
        return moPut("kpm-dev1", path, object);
    }

    static int moPut(String kpmId, String path, String object) throws IOException {
        Path f = Files.writeString(dir.resolve(kpmId + "-" + path.replace('/', '-') + ".json"), object);
        return mefCli("mo", "put", "--kpm-id", kpmId, "--path", path, "--file", f.toString());
    }

    @AfterAll
    static void stop() throws Exception {
        for (ServerProcess p : new ServerProcess[] {cse, mef, maf}) {
            if (p != null) {
                p.close();
            }
        }
    }

    static CseClient admin() {
        return CseClient.builder("http://127.0.0.1:" + cse.port("http")).cseId("/id-in").originator("CAdmin")
                .build();
    }

    static int credentials(Path data, String... args) {
        List<String> all = new ArrayList<>(List.of("--data", data.toString()));
        all.addAll(List.of(args));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream p = new PrintStream(out, true, StandardCharsets.UTF_8);
        int rc = CredentialsCommand.run(all, Map.of("BASTION_KEYSTORE_PASSWORD", PASSWORD)::get,
                InputStream.nullInputStream(), p, p);
        lastOutput = out.toString(StandardCharsets.UTF_8);
        return rc;
    }

    static int mefCli(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--data", mefData.toString(), "--keystore", dir.resolve("mefca.p12").toString()));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream p = new PrintStream(out, true, StandardCharsets.UTF_8);
        try {
            int rc = MefCommand.run(all, new ByteArrayInputStream((KPM + "\n").getBytes(StandardCharsets.US_ASCII)),
                    p, p, Map.of(MefSettings.PASSWORD_VARIABLE, PASSWORD)::get);
            lastOutput = out.toString(StandardCharsets.UTF_8);
            return rc;
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------------------------------------- the device

    @Test
    void aDeviceWithOnlyItsKpmEnrolsRegistersOverMutualTlsAndIsRevoked() throws Exception {
        Enrolment e = MefClient.to("127.0.0.1", mefPort, "kpm-dev1", HexFormat.of().parseHex(KPM))
                .timeout(TIMEOUT).adminFqdn(ADMIN_FQDN).enrol();
        assertThat(e.clientId()).isEqualTo("/id-in/Cdev1");
        assertThat(e.keyId()).matches("[0-9a-f]{32}@mef\\.bastion\\.example");
        assertThat(e.reports()).isNotEmpty().allSatisfy(r -> assertThat(r.statusCode()).as(r.toString())
                .isEqualTo(20));
        assertThat(e.reports()).extracting(CommandReport::commandClass).contains(1, 3);
        DeviceCertificate cert = e.certificate().orElseThrow();
        X509Certificate leaf = cert.chain().get(0);
        assertThat(cert.fingerprint()).isEqualTo(Certificates.fingerprint(leaf));
        assertThat(leaf.getSubjectAlternativeNames()).anySatisfy(san -> assertThat(san.get(1).toString())
                .isEqualTo("onem2m://bastion.example/id-in/Cdev1"));
        openSslVerify(cert);

        // the MO nodes: where the CSE is, the authenticationProfile with the MEF-filled fingerprint, the CSE's CA
        var cfg = e.configuration();
        var where = cfg.registration().orElseThrow();
        assertThat(where.cseId()).isEqualTo("/id-in");
        assertThat(where.cseBase()).isEqualTo("cse-in");
        assertThat(where.pointOfAccess()).containsExactly("https://localhost:" + cse.port("https"));
        JsonNode autp = cfg.nodes().get("reg1/autp1").get("dcfg:autp");
        assertThat(autp.get("suid").asInt()).isEqualTo(42);
        assertThat(autp.get("mcfp").asText()).isEqualTo(cert.fingerprint());
        assertThat(cfg.trustAnchors()).containsExactly(readPem(cseCaPem));

        // mutual TLS with what it got: the anchors for the CSE, the certificate for itself
        Tls tls = Tls.trusting(cfg.trustAnchors().toArray(X509Certificate[]::new)).withClientKey(cert.key(),
                cert.chain());
        try (CseClient dev = CseClient.builder(where.pointOfAccess().get(0)).cseId(where.cseId())
                .originator("Cdev1").tls(tls).timeout(TIMEOUT).build()) {
            assertThat(dev.registerAe("dev1", "Ndev1").rsc().code()).isEqualTo(2001);
            Response forged = dev.send(dev.request(Operation.RETRIEVE, "cse-in/dev1").fr("Cother").build());
            assertThat(forged.rsc().code()).isEqualTo(4106);

            // its configuration objects under a <node> it creates (not reg: registration 1020 is not implemented)
            dev.create("cse-in", 14, JSON.readTree("{\"m2m:nod\":{\"rn\":\"nod-dev1\",\"ni\":\"urn:dev:dev1\"}}"));
            dev.update("cse-in/nod-dev1", JSON.readTree("{\"m2m:nod\":{\"acpi\":[\"" + admin().retrieve(
                    "cse-in/dev1Acp").ri() + "\"]}}"));
            List<Result> stored = ConfigurationObjects.storeUnder(dev, "cse-in/nod-dev1", cfg);
            assertThat(stored).extracting(r -> r.rsc().code()).containsExactly(2001, 2001);
            assertThat(dev.retrieve("cse-in/nod-dev1/autp1").resource().get("mcfp").asText())
                    .isEqualTo(cert.fingerprint());
            assertThat(dev.retrieve("cse-in/nod-dev1/autp1").resource().get("mgd").asInt()).isEqualTo(1022);
            assertThat(dev.retrieve("cse-in/nod-dev1/tac1").resource().get("cfp").asText())
                    .isEqualTo(cfg.nodes().get("tac1").get("dcfg:tac").get("cfp").asText());
            // storing again (a new enrolment) updates what is there
            assertThat(ConfigurationObjects.storeUnder(dev, "cse-in/nod-dev1", cfg))
                    .extracting(r -> r.rsc().code()).containsExactly(2004, 2004);

            // the operator revokes the device: at the MEF (prints the certificates issued), then at the CSE
            assertThat(mefCli("enrolee", "revoke", "--kpm-id", "kpm-dev1")).as(lastOutput).isZero();
            assertThat(lastOutput.lines().toList()).contains(cert.fingerprint());
            for (String fp : lastOutput.lines().map(String::strip).filter(l -> l.matches("[0-9a-f]{64}")).toList()) {
                assertThat(credentials(cseData, "cert", "revoke", "--fingerprint", fp)).as(lastOutput).isZero();
            }
            // the open association ends at its next request once the CSE has read the revocation
            int ended = Eventually.matches(Duration.ofSeconds(10), () -> dev.send(dev.request(Operation.RETRIEVE,
                    "cse-in/dev1").build()).rsc().code(), c -> c != 2000);
            assertThat(ended).isEqualTo(4107);
        }
        // a new handshake with the revoked certificate fails; the Kpm enrols no more
        try (CseClient again = CseClient.builder("https://localhost:" + cse.port("https")).cseId("/id-in")
                .originator("Cdev1").tls(tls).timeout(TIMEOUT).build()) {
            assertThatThrownBy(() -> again.retrieve("cse-in/dev1")).isInstanceOfSatisfying(CseException.class,
                    x -> assertThat(x.answered()).isFalse());
        }
        assertThatThrownBy(() -> MefClient.to("127.0.0.1", mefPort, "kpm-dev1", HexFormat.of()
                .parseHex(KPM)).timeout(TIMEOUT).adminFqdn(ADMIN_FQDN).enrol()).isInstanceOf(IOException.class);
        assertThat(Files.readString(dir.resolve("mef.log"))).doesNotContainIgnoringCase(KPM);
    }

    static X509Certificate readPem(Path pem) throws Exception {
        return Certificates.parse(Files.readAllBytes(pem)).get(0);
    }

    /** {@code openssl verify} of the issued chain against the MEF's CA, where OpenSSL is installed. */
    static void openSslVerify(DeviceCertificate cert) throws Exception {
        if (Installed.onPath("openssl") == null) {
            return;
        }
        Path leaf = TestPki.writePem(dir.resolve("issued.pem"), cert.chain().get(0));
        Process p = new ProcessBuilder("openssl", "verify", "-CAfile", mefCaPem.toString(), "-purpose", "sslclient",
                leaf.toString()).redirectErrorStream(true).start();
        String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(said).isZero();
        assertThat(said).contains(leaf + ": OK");
    }

    // -------------------------------------------------------------------------------------------------- the phone

    @Test
    void aPhoneSharingAKmIdOnlyWithTheMafGetsAKcAndLosesItWithItsKmId() throws Exception {
        MafKey key;
        try (MafClient phone = MafClient.connect("127.0.0.1", mafPort, KM_PHONE, HexFormat.of().parseHex(K_PHONE),
                "Cphone", TIMEOUT)) {
            assertThat(phone.mafFqdn()).isEqualTo("maf.example");
            phone.register(ADMIN_FQDN, Instant.now().plus(Duration.ofHours(2)), List.of());
            key = phone.registerKey(ADMIN_FQDN, "/id-in", Instant.now().plus(Duration.ofHours(1)));
        }
        assertThat(key.pskIdentity()).isEqualTo(key.relativeKeyId() + "@maf.example");
        assertThat(key.relativeKeyId()).matches("[0-9a-f]{32}");
        assertThat(key.key()).hasSize(32);
        assertThat(key.sourceId()).isEqualTo("Cphone");
        assertThat(key.toString()).doesNotContain(HexFormat.of().formatHex(key.key()));
        try (CseClient c = CseClient.builder("https://127.0.0.1:" + cse.port("psk")).cseId("/id-in")
                .originator("Cphone").psk(key.pskIdentity(), key.key()).timeout(TIMEOUT).build()) {
            assertThat(c.registerAe("phone", "Nphone").rsc().code()).isEqualTo(2001);
            assertThat(c.send(c.request(Operation.RETRIEVE, "cse-in/phone").fr("Cother").build()).rsc().code())
                    .isEqualTo(4106);
            assertThat(c.retrieve("cse-in/phone").rsc().code()).isEqualTo(2000);

            // the operator removes the phone's KmID at the MAF: the CSE's recheck ends the association
            assertThat(credentials(mafData, "psk", "remove", "--identity", KM_PHONE)).as(lastOutput).isZero();
            int rsc = Eventually.matches(Duration.ofSeconds(15), () -> c.send(c.request(Operation.RETRIEVE,
                    "cse-in/phone").build()).rsc().code(), v -> v == 4107);
            assertThat(rsc).isEqualTo(4107);
        }
        String audit = Files.readString(mafData.resolve("maf").resolve("audit.jsonl"));
        assertThat(audit).doesNotContain(HexFormat.of().formatHex(key.key()));
    }

    /**
     * The exporter of the MAF against OpenSSL's: a key registration over {@code openssl s_client -keymatexport
     * EXPORTER-oneM2M-Connection}; the MAF's RelativeKeyID is the first 16 of the 48 bytes OpenSSL exported, and the
     * last 32 open TLS-PSK at the CSE as Kc.
     */
    @Test
    void theConnectionKeyIsOpenSslsExporterOutput() throws Exception {
        Assumptions.assumeTrue(Installed.onPath("openssl") != null, "openssl is not installed");
        try (MafClient phone = MafClient.connect("127.0.0.1", mafPort, KM_FREE, HexFormat.of().parseHex(K_FREE),
                "Cfree", TIMEOUT)) {
            phone.register(ADMIN_FQDN, Instant.now().plus(Duration.ofHours(2)), List.of());
        }
        String body = "{\"sec:mkr\":{\"et\":\"" + Timestamps.format(Instant.now()
                .plus(Duration.ofHours(1))).substring(0, 15) + "\",\"adfq\":\"" + ADMIN_FQDN
                + "\",\"suid\":32,\"tgis\":[\"/id-in\"]}}";
        String request = "POST /maf HTTP/1.1\r\nHost: maf\r\nX-M2M-Origin: Cfree\r\nX-M2M-RI: k1\r\nX-M2M-RVI: 3\r\n"
                + "Content-Type: application/json;ty=9003\r\nContent-Length: " + body.length()
                + "\r\nConnection: close\r\n\r\n" + body;
        String said = openssl(mafPort, KM_FREE, K_FREE, "EXPORTER-oneM2M-Connection", request);
        String exported = keyingMaterial(said);
        String json = said.substring(said.indexOf("{\"sec:mkr\""));
        String rn = JSON.readTree(json.substring(0, json.lastIndexOf('}') + 1)).path("sec:mkr").path("rn").asText();
        assertThat(rn).isEqualTo(exported.substring(0, 32));
        byte[] kc = HexFormat.of().parseHex(exported.substring(32));
        try (CseClient c = CseClient.builder("https://127.0.0.1:" + cse.port("psk")).cseId("/id-in")
                .originator("Cfree").psk(rn + "@maf.example", kc).timeout(TIMEOUT).build()) {
            assertThat(c.registerAe("free", "Nfree").rsc().code()).isEqualTo(2001);
        }
    }

    /**
     * The MEF's exporter against OpenSSL's: a MEF Client Registration over {@code openssl s_client -keymatexport
     * EXPORTER-oneM2M-Bootstrap}; the KeID the MEF answers is hex(RelativeKeID)@MEF-FQDN with RelativeKeID the first
     * 16 of the 48 bytes OpenSSL exported (TS-0003 10.3.1, 10.3.4).
     */
    @Test
    void theEnrolmentKeyIdIsOpenSslsExporterOutput() throws Exception {
        Assumptions.assumeTrue(Installed.onPath("openssl") != null, "openssl is not installed");
        String body = "{\"sec:mecr\":{\"et\":\"20991231T000000\",\"adfq\":\"" + ADMIN_FQDN + "\"}}";
        String said = openssl(mefPort, "kpm-ossl", KPM, "EXPORTER-oneM2M-Bootstrap", "POST /mef HTTP/1.1\r\nHost: mef"
                + "\r\nX-M2M-Origin: Cossl\r\nX-M2M-RI: e1\r\nX-M2M-RVI: 3\r\nContent-Type: application/json;ty=9005"
                + "\r\nContent-Length: " + body.length() + "\r\nConnection: close\r\n\r\n" + body);
        String exported = keyingMaterial(said);
        JsonNode reg = JSON.readTree(said.substring(said.indexOf("{\"sec:mecr\""), said.lastIndexOf('}') + 1));
        assertThat(reg.path("sec:mecr").path("aski").asText())
                .isEqualTo(exported.substring(0, 32) + "@mef.bastion.example");
    }

    /** {@code openssl s_client} over TLS 1.2 PSK with an exporter: what it printed (the exported bytes, the answer). */
    static String openssl(int port, String identity, String hexKey, String label, String request) throws Exception {
        Process p = new ProcessBuilder("openssl", "s_client", "-connect", "127.0.0.1:" + port, "-tls1_2",
                "-cipher", "PSK-AES128-GCM-SHA256", "-psk_identity", identity, "-psk", hexKey, "-ign_eof",
                "-keymatexport", label, "-keymatexportlen", "48").redirectErrorStream(true).start();
        p.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        p.getOutputStream().close();
        String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return said;
    }

    /** The 48 exported bytes OpenSSL printed, as lower-case hex. */
    static String keyingMaterial(String said) {
        String exported = said.lines().filter(l -> l.strip().startsWith("Keying material:")).findFirst()
                .orElseThrow(() -> new AssertionError("no keying material in: " + said)).strip()
                .substring("Keying material:".length()).strip().toLowerCase();
        assertThat(exported).hasSize(96);
        return exported;
    }

    // ------------------------------------------------------------------------------------------ the device CLI

    record Cli(int code, String out, String err) {
    }

    static Cli device(String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = DeviceCommand.run(List.of(args), new ByteArrayInputStream((stdin + "\n").getBytes(
                StandardCharsets.US_ASCII)), new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err,
                true, StandardCharsets.UTF_8), Map.of(DeviceCommand.PASSWORD_VARIABLE, PASSWORD)::get);
        return new Cli(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /**
     * {@code bastion device maf-key} against the running MAF: the first call registers the client, the next reuses
     * that registration; the key file (mode 600) opens TLS-PSK at the CSE; refusals are exit code 1 with the MAF's
     * code, a failed handshake too; no key on the screen.
     */
    @Test
    void theMafKeyCommandWritesAKeyFileTheCseAcceptsAndRefusalsAreExitCode1() throws Exception {
        Path file = dir.resolve("cli.key");
        String[] args = {"maf-key", "--maf", "127.0.0.1:" + mafPort, "--km-id", KM_CLI, "--key", "-", "--id", "Ccli",
                "--target", "/id-in", "--admin-fqdn", ADMIN_FQDN, "--lifetime-s", "600", "--out", file.toString()};
        Cli first = device(K_CLI, args);
        assertThat(first.code()).as(first.err()).isZero();
        assertThat(first.out()).contains("registered with the MAF maf.example");
        Cli second = device(K_CLI, args);
        assertThat(second.code()).as(second.err()).isZero();
        assertThat(second.out()).doesNotContain("registered with the MAF");
        assertThat(Files.getPosixFilePermissions(file)).containsExactlyInAnyOrder(
                java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
        Map<String, String> kv = new java.util.HashMap<>();
        Files.readAllLines(file).forEach(l -> kv.put(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1)));
        assertThat(second.out().lines().findFirst()).hasValue(kv.get("identity"));
        assertThat(second.out() + second.err()).doesNotContain(kv.get("key")).doesNotContain(K_CLI);
        try (CseClient c = CseClient.builder("https://127.0.0.1:" + cse.port("psk")).cseId("/id-in")
                .originator("Ccli").psk(kv.get("identity"), HexFormat.of().parseHex(kv.get("key"))).timeout(TIMEOUT)
                .build()) {
            assertThat(c.registerAe("cli", "Ncli").rsc().code()).isEqualTo(2001);
        }
        // an administrating stakeholder the MAF does not serve: 4103 from the MAF, exit code 1
        args[Arrays.asList(args).indexOf("--admin-fqdn") + 1] = "other.example";
        Cli refused = device(K_CLI, args);
        assertThat(refused.code()).as(refused.out() + refused.err()).isEqualTo(1);
        assertThat(refused.err()).startsWith("bastion: refused (4103)").doesNotContain("\tat ");
        // a wrong Km: the handshake fails, exit code 1, the key given never echoed
        String wrong = "ff" + K_CLI.substring(2);
        Cli badKey = device(wrong, args);
        assertThat(badKey.code()).isEqualTo(1);
        assertThat(badKey.err()).startsWith("bastion: ").doesNotContain(wrong).doesNotContain("\tat ");
        // a wrong Kpm at the MEF: the same
        Cli enrol = device(wrong, "enrol", "--mef", "127.0.0.1:" + mefPort, "--kpm-id", "kpm-dev1", "--key", "-",
                "--admin-fqdn", ADMIN_FQDN, "--out", dir.resolve("nothing").toString());
        assertThat(enrol.code()).isEqualTo(1);
        assertThat(enrol.err()).doesNotContain(wrong).doesNotContain("\tat ");
        assertThat(dir.resolve("nothing")).doesNotExist();
    }

    /**
     * {@code bastion device enrol} with an autp of SUID 22 (MEF-based SAEF, TS-0003 8.2.2.2): the key file it writes
     * (mode 600) opens TLS-PSK at the CSE, which retrieves the key from the MEF process and binds the association to
     * the device's AE-ID; the identity is printed, the key is not.
     */
    @Test
    void theEnrolCommandWritesTheMefKeyOfAnAutpThatTheCseAccepts() throws Exception {
        Path out = dir.resolve("keys-device");
        Cli enrol = device(KPM_KEYS, "enrol", "--mef", "127.0.0.1:" + mefPort, "--kpm-id", "kpm-keys", "--key", "-",
                "--admin-fqdn", ADMIN_FQDN, "--out", out.toString());
        assertThat(enrol.code()).as(enrol.out() + enrol.err()).isZero();
        Path file = out.resolve("keys").resolve("reg1_autp2.key");
        assertThat(Files.getPosixFilePermissions(file)).containsExactlyInAnyOrder(
                java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
        Map<String, String> kv = new java.util.HashMap<>();
        Files.readAllLines(file).forEach(l -> kv.put(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1)));
        assertThat(kv.get("identity")).matches("[0-9a-f]{32}@mef\\.bastion\\.example");
        assertThat(enrol.out()).contains("key reg1/autp2 (SUID 22) " + kv.get("identity") + " for /id-in");
        assertThat(enrol.out() + enrol.err()).doesNotContain(kv.get("key")).doesNotContain(KPM_KEYS);
        try (CseClient c = CseClient.builder("https://127.0.0.1:" + cse.port("psk")).cseId("/id-in")
                .originator("Ckeys").psk(kv.get("identity"), HexFormat.of().parseHex(kv.get("key")))
                .timeout(TIMEOUT).build()) {
            assertThat(c.registerAe("keys", "Nkeys").rsc().code()).isEqualTo(2001);
            assertThat(c.send(c.request(Operation.RETRIEVE, "cse-in/keys").fr("Cdev1").build()).rsc().code())
                    .isEqualTo(4106);
        }
    }
}
