package io.bastion.server.psk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bastion.core.time.Timestamps;
import io.bastion.server.it.M2m;
import io.bastion.server.it.ServerProcess;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.ProtocolVersion;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MAF-based SAEF end to end (TS-0003 8.2.2.3, 8.8): a MAF ({@code bastion maf run}) and a CSE ({@code bastion run}
 * with {@code maf.*}) in JVMs of their own, their credentials provisioned by the command line. A phone with a KmID
 * registers with the MAF, registers a key for the CSE (Kc and KcID exported from its MAF session), and opens TLS-PSK
 * to the CSE with {@code hex(KcID)@maf.example}: the CSE retrieves the key from the MAF and binds the association to
 * the phone's AE-ID. Refusals: a client not in targetIDs (4103, audited at the MAF), an expired key, a MAF that is
 * down (handshake refused, audited at the CSE), a de-registered key (the open association ends, 4107). The MAF killed
 * with SIGKILL keeps its registrations.
 */
class MafSaefIT {
    static final String PASSWORD = "maf-keystore-secret";
    static final String KM_PHONE = "km-phone@maf.example";
    static final String KM_CSE = "km-cse@maf.example";
    static final String KM_OTHER = "km-other@maf.example";
    static final String K_PHONE = "000102030405060708090a0b0c0d0e0f";
    static final String K_CSE = "101112131415161718191a1b1c1d1e1f";
    static final String K_OTHER = "202122232425262728292a2b2c2d2e2f";
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static Path mafDir;
    static Path cseDir;
    static int mafPort;
    static ServerProcess maf;
    static ServerProcess cse;

    @BeforeAll
    static void start() throws Exception {
        mafDir = dir.resolve("maf");
        cseDir = dir.resolve("cse");
        Function<String, String> env = Map.of("BASTION_KEYSTORE_PASSWORD", PASSWORD)::get;
        for (String[] c : new String[][] {{KM_PHONE, K_PHONE, "Cphone"}, {KM_CSE, K_CSE, "/id-in"},
                {KM_OTHER, K_OTHER, "Cother"}}) {
            assertThat(CredentialsCli.run(List.of("--data", mafDir.toString(), "psk", "add", "--identity", c[0],
                    "--key", c[1], "--ae", c[2]), env).code()).isZero();
        }
        // the CSE's own KmID with the MAF, in its PSK store (the key of its MAF Handshake)
        assertThat(CredentialsCli.run(List.of("--data", cseDir.toString(), "psk", "add", "--identity", KM_CSE,
                "--key", K_CSE, "--ae", "/id-in"), env).code()).isZero();
        try (ServerSocket s = new ServerSocket(0)) {
            mafPort = s.getLocalPort();
        }
        maf = startMaf();
        Path cfg = dir.resolve("cse.properties");
        Files.writeString(cfg, "maf.url=https://127.0.0.1:" + mafPort + "\nmaf.psk-identity=" + KM_CSE
                + "\nmaf.recheck-ms=400\nmaf.timeout-ms=3000\n");
        cse = ServerProcess.start(List.of("--config", cfg.toString(), "--data", cseDir.toString(), "--http-port",
                "0", "--psk-port", "0", "--coaps-port", "0", "--admin-port", "-1"), Path.of("target").resolve("maf-it-cse-" + System.nanoTime() + ".log"));
        // the phone registers its AE over its first MAF-based association: later tests read it back as Cphone
        Issued k = registerKey(Duration.ofHours(1));
        try (PskClient c = PskTlsIT.retry(() -> toCse(k.identity(), k.kc()))) {
            PskClient.Response created = c.send("POST", "/cse-in", "Cphone", 2, M2m.aeBody("phone"));
            assertThat(created.rsc()).as(created.body()).isEqualTo(2001);
        }
    }

    /** A RETRIEVE of the phone's AE: 2000 proves the association authenticates Cphone. */
    static int readPhone(PskClient c, String originator) throws IOException {
        return c.send("GET", "/cse-in/phone", originator, null, null).rsc();
    }

    static ServerProcess startMaf() throws IOException {
        return ServerProcess.launch(List.of("maf", "run", "--fqdn", "maf.example", "--admin-fqdn", "sp.example",
                "--port", String.valueOf(mafPort), "--data", mafDir.toString()),
                Map.of("BASTION_KEYSTORE_PASSWORD", PASSWORD), Path.of("target").resolve("maf-it-" + System.nanoTime() + ".log"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (cse != null) {
            cse.close();
        }
        if (maf != null) {
            maf.close();
        }
    }

    static PskClient toMaf(String km, String key) throws Exception {
        return PskTlsIT.retry(() -> new PskClient(mafPort, km, HexFormat.of().parseHex(key), ProtocolVersion.TLSv12,
                CipherSuite.TLS_PSK_WITH_AES_128_GCM_SHA256));
    }

    static PskClient toCse(String identity, byte[] kc) throws IOException {
        return new PskClient(cse.port("psk"), identity, kc, ProtocolVersion.TLSv12,
                CipherSuite.TLS_PSK_WITH_AES_128_GCM_SHA256);
    }

    static JsonNode body(PskClient.Response r) throws IOException {
        return JSON.readTree(r.body());
    }

    static String et(Duration d) {
        return Timestamps.format(Instant.now().plus(d)).substring(0, 15);
    }

    /** A key the phone registered for the CSE from its MAF session: the Key Identifier and Kc. */
    record Issued(String identity, byte[] kc, String relativeKeyId) {
    }

    static Issued registerKey(Duration lifetime) throws Exception {
        try (PskClient phone = toMaf(KM_PHONE, K_PHONE)) {
            PskClient.Response reg = phone.send("POST", "/maf", "Cphone", 9002,
                    "{\"sec:macr\":{\"et\":\"" + et(Duration.ofHours(1)) + "\",\"adfq\":\"sp.example\"}}");
            assertThat(reg.rsc()).as(reg.body()).isEqualTo(2001);
            PskClient.Response key = phone.send("POST", "/maf", "Cphone", 9003, "{\"sec:mkr\":{\"et\":\""
                    + et(lifetime) + "\",\"adfq\":\"sp.example\",\"suid\":32,\"tgis\":[\"/id-in\"]}}");
            assertThat(key.rsc()).as(key.body()).isEqualTo(2001);
            assertThat(key.body()).doesNotContain("\"kv\"");
            byte[] x = phone.exportedConnectionKey();
            String rel = body(key).path("sec:mkr").path("rn").asText();
            // KcID: the 16 most significant bytes, as the RelativeKeyID; Kc: the 32 least significant (10.3.1, 10.3.5)
            assertThat(rel).isEqualTo(HexFormat.of().formatHex(x, 0, 16));
            assertThat(body(key).path("sec:mkr").path("cr").asText()).isEqualTo("Cphone");
            return new Issued(rel + "@maf.example", Arrays.copyOfRange(x, 16, 48), rel);
        }
    }

    @Test
    void aPhoneWithAMafKeyIsAcceptedAsItsAeIdAndNoOtherOriginator() throws Exception {
        Issued k = registerKey(Duration.ofHours(1));
        try (PskClient c = toCse(k.identity(), k.kc())) {
            assertThat(readPhone(c, "Cphone")).isEqualTo(2000);
            PskClient.Response forged = c.send("GET", "/cse-in/phone", "Cother", null, null);
            assertThat(forged.rsc()).as(forged.body()).isEqualTo(4106);
        }
        // warm: the cached key serves the next handshake too
        try (PskClient c = toCse(k.identity(), k.kc())) {
            assertThat(readPhone(c, "Cphone")).isEqualTo(2000);
        }
        // a wrong key for the same identity fails the handshake
        byte[] wrong = k.kc().clone();
        wrong[0] ^= 1;
        assertThatThrownBy(() -> toCse(k.identity(), wrong)).isInstanceOf(IOException.class);
    }

    @Test
    void overDtlsPskTheSameMafKeyAuthenticatesThePhone() throws Exception {
        Issued k = registerKey(Duration.ofHours(1));
        try (io.bastion.server.coap.CoapTestClient c = io.bastion.server.coap.CoapTestClient.dtls(cse.port("coaps"),
                k.identity(), k.kc())) {
            assertThat(c.retrieve("Cphone", "/cse-in/phone").rsc()).isEqualTo(2000);
            assertThat(c.retrieve("Cother", "/cse-in/phone").rsc()).isEqualTo(4106);
        }
    }

    @Test
    void aClientNotInTargetIdsIsRefused4103AndAudited() throws Exception {
        Issued k = registerKey(Duration.ofHours(1));
        try (PskClient other = toMaf(KM_OTHER, K_OTHER)) {
            PskClient.Response r = other.send("GET", "/maf/" + k.relativeKeyId(), "Cother", null, null);
            assertThat(r.rsc()).as(r.body()).isEqualTo(4103);
            assertThat(r.body()).doesNotContain("\"kv\"");
        }
        String audit = Files.readString(mafDir.resolve("maf").resolve("audit.jsonl"));
        assertThat(audit).contains("\"event\":\"retrieve\",\"client\":\"Cother\",\"record\":\""
                + k.relativeKeyId() + "\",\"rsc\":4103");
        assertThat(audit).doesNotContain(HexFormat.of().formatHex(k.kc()));
    }

    @Test
    void theCsesOwnKmIdIsNeverAcceptedAtItsOwnDoor() {
        // the MAF knows this key too: were it accepted inbound, the MAF would be authenticated as the CSE itself
        assertThatThrownBy(() -> toCse(KM_CSE, HexFormat.of().parseHex(K_CSE))).isInstanceOf(IOException.class);
    }

    @Test
    void anExpiredKeyIsRefused() throws Exception {
        Issued k = registerKey(Duration.ofSeconds(2));
        Thread.sleep(3_000);
        assertThatThrownBy(() -> toCse(k.identity(), k.kc())).isInstanceOf(IOException.class);
        try (PskClient cseAtMaf = toMaf(KM_CSE, K_CSE)) {
            assertThat(cseAtMaf.send("GET", "/maf/" + k.relativeKeyId(), "/id-in", null, null).rsc()).isEqualTo(4004);
        }
    }

    @Test
    void aDeregisteredKeyEndsTheOpenAssociation() throws Exception {
        Issued k = registerKey(Duration.ofHours(1));
        try (PskClient c = toCse(k.identity(), k.kc())) {
            assertThat(readPhone(c, "Cphone")).isEqualTo(2000);
            try (PskClient phone = toMaf(KM_PHONE, K_PHONE)) {
                assertThat(phone.send("DELETE", "/maf/" + k.relativeKeyId(), "Cphone", null, null).rsc())
                        .isEqualTo(2002);
            }
            Thread.sleep(1_500); // the CSE rechecks its MAF keys every 0.4 s
            PskClient.Response r = c.send("GET", "/cse-in/phone", "Cphone", null, null);
            assertThat(r.rsc()).as(r.body()).isEqualTo(4107);
        }
    }

    @Test
    void theMafDownRefusesTheHandshakeWithAnAuditLineAndItsRestartKeepsTheRegistrations() throws Exception {
        Issued k = registerKey(Duration.ofHours(1));
        maf.kill();
        try {
            assertThatThrownBy(() -> toCse(k.identity(), k.kc())).isInstanceOf(IOException.class);
            String audit = awaitContains(cseDir.resolve("audit.log"), k.relativeKeyId());
            assertThat(audit).contains("MAF Key Retrieval for " + k.identity() + " failed")
                    .contains("unreachable");
        } finally {
            maf = startMaf();
        }
        Thread.sleep(600); // past the failure's memory (maf.recheck-ms)
        try (PskClient c = PskTlsIT.retry(() -> toCse(k.identity(), k.kc()))) {
            assertThat(readPhone(c, "Cphone")).isEqualTo(2000);
        }
    }

    @Test
    void malformedOrUnauthorizedProceduresAreRefusedNamingTheElement() throws Exception {
        String et = et(Duration.ofHours(1));
        try (PskClient phone = toMaf(KM_PHONE, K_PHONE)) {
            // the root under m2m: (as Bastion's first MAF took it) is still read; the answer is under sec:
            PskClient.Response first = phone.send("POST", "/maf", "Cphone", 9002, "{\"m2m:macr\":{\"et\":\"" + et
                    + "\",\"adfq\":\"sp.example\"}}");
            assertThat(first.rsc()).isEqualTo(2001);
            assertThat(body(first).has("sec:macr")).as(body(first).toString()).isTrue();
            Object[][] cases = {
                {9002, "{\"sec:macr\":{\"adfq\":\"sp.example\"}}", 4000, "et: missing"},
                {9002, "{\"sec:macr\":{\"et\":\"yesterday\",\"adfq\":\"sp.example\"}}", 4000, "et"},
                {9002, "{\"sec:macr\":{\"et\":\"20200101T000000\",\"adfq\":\"sp.example\"}}", 4000, "not in the future"},
                {9002, "{\"sec:macr\":{\"et\":\"" + et + "\",\"adfq\":\"Not An FQDN\"}}", 4000, "adfq"},
                {9002, "{\"sec:macr\":{\"et\":\"" + et + "\",\"adfq\":\"other.example\"}}", 4103, "adfq"},
                {9002, "{\"sec:macr\":{\"et\":\"" + et + "\",\"adfq\":\"sp.example\",\"xyz\":1}}", 4000, "xyz"},
                {9002, "{\"m2m:ae\":{}}", 4000, "sec:macr"},
                {9002, "[1]", 4000, "sec:macr"},
                {9003, "{\"sec:mkr\":{\"et\":\"" + et + "\",\"adfq\":\"sp.example\",\"suid\":12,"
                        + "\"tgis\":[\"/id-in\"]}}", 4000, "suid"},
                {9003, "{\"sec:mkr\":{\"et\":\"" + et + "\",\"adfq\":\"sp.example\",\"suid\":32,"
                        + "\"tgis\":[\"/id-in\",\"/id-mn\"]}}", 4000, "tgis"},
                {9003, "{\"sec:mkr\":{\"et\":\"" + et + "\",\"adfq\":\"sp.example\",\"suid\":32}}", 4000,
                        "tgis: missing"},
                {9003, "{\"sec:mkr\":{\"et\":\"" + et + "\",\"adfq\":\"sp.example\",\"suid\":32,"
                        + "\"tgis\":[\"not an id\"]}}", 4000, "tgis"},
                {9003, "{\"sec:mkr\":{\"et\":\"" + et + "\",\"adfq\":\"sp.example\",\"suid\":32,"
                        + "\"tgis\":[\"/id-in\"],\"kv\":\"%%%\"}}", 4000, "kv"},
                {9003, "{\"sec:mkr\":{\"et\":\"" + et + "\",\"adfq\":\"sp.example\",\"suid\":32,"
                        + "\"tgis\":[\"/id-in\"],\"kv\":\"AAAA\"}}", 4000, "kv"},
                {7, "{\"sec:mkr\":{}}", 4000, "ty"},
            };
            for (Object[] c : cases) {
                PskClient.Response r = phone.send("POST", "/maf", "Cphone", (Integer) c[0], (String) c[1]);
                assertThat(r.rsc()).as((String) c[1] + " -> " + r.body()).isEqualTo(c[2]);
                assertThat(r.body()).as((String) c[1]).contains((String) c[3]);
            }
            PskClient.Response forged = phone.send("POST", "/maf", "Cother", 9002, "{\"sec:macr\":{\"et\":\"" + et
                    + "\",\"adfq\":\"sp.example\"}}");
            assertThat(forged.rsc()).as(forged.body()).isEqualTo(4106);
            assertThat(phone.send("GET", "/maf/nothing", "Cphone", null, null).rsc()).isEqualTo(4004);
        }
        // a key for an administrating stakeholder the client has no registration with
        try (PskClient other = toMaf(KM_OTHER, K_OTHER)) {
            PskClient.Response r = other.send("POST", "/maf", "Cother", 9003, "{\"sec:mkr\":{\"et\":\"" + et
                    + "\",\"adfq\":\"sp.example\",\"suid\":32,\"tgis\":[\"/id-in\"]}}");
            assertThat(r.rsc()).as(r.body()).isEqualTo(4103);
        }
    }

    /**
     * The MAF's exporter derivation checked by a second implementation: OpenSSL's {@code s_client -keymatexport}
     * registers a key over its own TLS-PSK session with the MAF; the RelativeKeyID the MAF answers is the first 16 of
     * the 48 bytes OpenSSL exports, and the last 32 are the Kc the CSE then accepts.
     */
    @Test
    void theExportedKeyEqualsOpensslsKeyingMaterial() throws Exception {
        String openssl = io.bastion.server.it.Installed.onPath("openssl");
        org.junit.jupiter.api.Assumptions.assumeTrue(openssl != null, "openssl is not installed");
        try (PskClient phone = toMaf(KM_PHONE, K_PHONE)) {
            assertThat(phone.send("POST", "/maf", "Cphone", 9002, "{\"sec:macr\":{\"et\":\"" + et(Duration.ofHours(1))
                    + "\",\"adfq\":\"sp.example\"}}").rsc()).isEqualTo(2001);
        }
        String body = "{\"sec:mkr\":{\"et\":\"" + et(Duration.ofHours(1)) + "\",\"adfq\":\"sp.example\",\"suid\":32,"
                + "\"tgis\":[\"/id-in\"]}}";
        String request = "POST /maf HTTP/1.1\r\nHost: maf.example\r\nX-M2M-Origin: Cphone\r\nX-M2M-RI: ossl\r\n"
                + "X-M2M-RVI: 3\r\nAccept: application/json\r\nContent-Type: application/json;ty=9003\r\n"
                + "Connection: close\r\nContent-Length: " + body.length() + "\r\n\r\n" + body;
        Process p = new ProcessBuilder(openssl, "s_client", "-connect", "127.0.0.1:" + mafPort, "-tls1_2",
                "-cipher", "PSK-AES128-GCM-SHA256", "-psk_identity", KM_PHONE, "-psk", K_PHONE, "-ign_eof",
                "-keymatexport", "EXPORTER-oneM2M-Connection", "-keymatexportlen", "48")
                .redirectErrorStream(true).start();
        p.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        p.getOutputStream().close();
        assertThat(p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        java.util.regex.Matcher km = java.util.regex.Pattern.compile("Keying material: ([0-9A-Fa-f]{96})").matcher(out);
        assertThat(km.find()).as(out).isTrue();
        String material = km.group(1).toLowerCase(java.util.Locale.ROOT);
        java.util.regex.Matcher rn = java.util.regex.Pattern.compile("\"rn\":\"([0-9a-f]{32})\"").matcher(out);
        assertThat(rn.find()).as(out).isTrue();
        assertThat(rn.group(1)).isEqualTo(material.substring(0, 32));
        byte[] kc = HexFormat.of().parseHex(material.substring(32));
        try (PskClient c = toCse(rn.group(1) + "@maf.example", kc)) {
            assertThat(readPhone(c, "Cphone")).isEqualTo(2000);
        }
    }

    static String awaitContains(Path file, String text) throws Exception {
        long end = System.nanoTime() + 10_000_000_000L;
        while (true) {
            String s = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
            if (s.contains(text) || System.nanoTime() > end) {
                return s;
            }
            Thread.sleep(100);
        }
    }
}
