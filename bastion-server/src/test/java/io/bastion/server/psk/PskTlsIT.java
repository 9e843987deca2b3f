package io.bastion.server.psk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bastion.server.BastionServer;
import io.bastion.server.Eventually;
import io.bastion.server.ServerLog;
import io.bastion.server.it.M2m;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsFatalAlertReceived;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The TLS-PSK door (TS-0003 8.2.2.1, 10.2.2) against the real server: real handshakes with Bouncy Castle's client,
 * HTTP over them, and the binding of the association to its AE-IDs (TS-0003 7.2.1).
 */
class PskTlsIT {
    static final String DEVICE_ID = "dev1@issuer.example";
    static final String DEVICE_KEY = "000102030405060708090a0b0c0d0e0f";
    static final String OTHER_ID = "dev2@issuer.example";
    static final String OTHER_KEY = "f0e1d2c3b4a5968778695a4b3c2d1e0f00112233445566778899aabbccddeeff";

    @TempDir
    static Path dir;
    static BastionServer server;
    static M2m http;

    @BeforeAll
    static void start() throws IOException {
        assertThat(cli("psk", "add", "--identity", DEVICE_ID, "--key", DEVICE_KEY, "--ae", "Cpskdev").code())
                .isZero();
        assertThat(cli("psk", "add", "--identity", OTHER_ID, "--key", OTHER_KEY, "--ae", "Cpskother",
                "--ae", "Cpskspare").code()).isZero();
        server = BastionServer.start(M2m.config(dir).withPskPort(0));
        http = new M2m(server.httpPort());
        http.registerAe("Cplain", "plain");
        try (PskClient c = device(ProtocolVersion.TLSv12, CipherSuite.TLS_PSK_WITH_AES_128_CBC_SHA256)) {
            assertThat(c.send("POST", "/cse-in", "Cpskdev", 2, M2m.aeBody("pskdev")).rsc()).isEqualTo(2001);
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static PskClient device(ProtocolVersion v, int suite) throws IOException {
        return new PskClient(server.pskPort(), DEVICE_ID, HexFormat.of().parseHex(DEVICE_KEY), v, suite);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "TLSv12, TLS_PSK_WITH_AES_128_CBC_SHA256",
        "TLSv12, TLS_PSK_WITH_AES_128_CCM_8",
        "TLSv12, TLS_PSK_WITH_AES_128_GCM_SHA256",
        "TLSv13, TLS_AES_128_GCM_SHA256",
        "TLSv13, TLS_AES_128_CCM_8_SHA256",
    })
    void everyOfferedSuiteCarriesRequestsOfTheBoundAe(String version, String suiteName) throws Exception {
        ProtocolVersion v = version.equals("TLSv13") ? ProtocolVersion.TLSv13 : ProtocolVersion.TLSv12;
        int suite = CipherSuite.class.getField(suiteName).getInt(null);
        try (PskClient c = device(v, suite)) {
            assertThat(c.selectedSuite()).isEqualTo(suite);
            assertThat(c.negotiatedVersion()).isEqualTo(v);
            PskClient.Response r = c.send("GET", "/cse-in/pskdev", "Cpskdev", null, null);
            assertThat(r.rsc()).isEqualTo(2000);
            assertThat(r.body()).contains("\"aei\":\"Cpskdev\"");
            // keep-alive: a second request on the same session
            assertThat(c.send("GET", "/cse-in/pskdev", "Cpskdev", null, null).rsc()).isEqualTo(2000);
        }
    }

    @Test
    void aWrongKeyFailsTheHandshake() {
        byte[] wrong = HexFormat.of().parseHex(DEVICE_KEY);
        wrong[0] ^= 1;
        assertThatThrownBy(() -> new PskClient(server.pskPort(), DEVICE_ID, wrong, ProtocolVersion.TLSv12,
                CipherSuite.TLS_PSK_WITH_AES_128_CBC_SHA256)).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> new PskClient(server.pskPort(), DEVICE_ID, wrong, ProtocolVersion.TLSv13,
                CipherSuite.TLS_AES_128_GCM_SHA256)).isInstanceOf(IOException.class);
    }

    @Test
    void anUnknownIdentityFailsTheHandshake() {
        byte[] key = HexFormat.of().parseHex(DEVICE_KEY);
        for (String id : List.of("nobody@issuer.example", "not-a-kpsaid", "")) {
            assertThatThrownBy(() -> new PskClient(server.pskPort(), id, key, ProtocolVersion.TLSv12,
                    CipherSuite.TLS_PSK_WITH_AES_128_CBC_SHA256)).as(id).isInstanceOf(IOException.class);
        }
        assertThatThrownBy(() -> new PskClient(server.pskPort(), "nobody@issuer.example", key, ProtocolVersion.TLSv13,
                CipherSuite.TLS_AES_128_GCM_SHA256)).isInstanceOf(IOException.class);
    }

    /**
     * RFC 4279 section 2: an identity that is not provisioned (or not even a KpsaID) fails the handshake with the
     * same alert as a wrong key, so a client cannot enumerate identities; the server's log still says which it was.
     */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "TLSv12, TLS_PSK_WITH_AES_128_CBC_SHA256",
        "TLSv12, TLS_PSK_WITH_AES_128_CCM_8",
        "TLSv13, TLS_AES_128_GCM_SHA256",
    })
    void anUnknownIdentityFailsWithTheAlertOfAWrongKey(String version, String suiteName) throws Exception {
        ProtocolVersion v = version.equals("TLSv13") ? ProtocolVersion.TLSv13 : ProtocolVersion.TLSv12;
        int suite = CipherSuite.class.getField(suiteName).getInt(null);
        byte[] key = HexFormat.of().parseHex(DEVICE_KEY);
        byte[] wrong = key.clone();
        wrong[0] ^= 1;
        short wrongKey;
        short unknown;
        short notAnIdentity;
        String log;
        try (ServerLog serverLog = ServerLog.capture()) {
            wrongKey = alertOf(() -> new PskClient(server.pskPort(), DEVICE_ID, wrong, v, suite));
            unknown = alertOf(() -> new PskClient(server.pskPort(), "nobody@issuer.example", key, v, suite));
            notAnIdentity = alertOf(() -> new PskClient(server.pskPort(), "not-a-kpsaid", key, v, suite));
            log = Eventually.present("no log line for the unknown identity", Duration.ofSeconds(5), () -> {
                String t = serverLog.text();
                return t.contains("'not-a-kpsaid'") ? t : null;
            });
        }
        assertThat(wrongKey).isIn(AlertDescription.bad_record_mac, AlertDescription.decrypt_error);
        assertThat(unknown).as(AlertDescription.getText(unknown)).isEqualTo(wrongKey);
        assertThat(notAnIdentity).as(AlertDescription.getText(notAnIdentity)).isEqualTo(wrongKey);
        assertThat(log).contains("identity '" + DEVICE_ID + "': " + AlertDescription.getText(wrongKey) + " (wrong key?)")
                .contains("unknown identity 'nobody@issuer.example'").contains("not provisioned");
    }

    /** The alert the server sent to end a handshake that {@code connect} attempted. */
    private static short alertOf(Eventually.Look<PskClient> connect) {
        try (PskClient c = connect.get()) {
            throw new AssertionError("the handshake completed");
        } catch (TlsFatalAlertReceived received) {
            return received.getAlertDescription();
        } catch (Exception e) {
            throw new AssertionError("the handshake failed without an alert from the server", e);
        }
    }

    @Test
    void theAssociationsAeCreatesAndReadsItsData() throws IOException {
        try (PskClient c = device(ProtocolVersion.TLSv12, CipherSuite.TLS_PSK_WITH_AES_128_CCM_8)) {
            assertThat(c.send("POST", "/cse-in/pskdev", "Cpskdev", 3, "{\"m2m:cnt\":{\"rn\":\"temp\"}}").rsc())
                    .isEqualTo(2001);
            assertThat(c.send("POST", "/cse-in/pskdev/temp", "Cpskdev", 4,
                    "{\"m2m:cin\":{\"cnf\":\"text/plain:0\",\"con\":\"21.5\"}}").rsc()).isEqualTo(2001);
            PskClient.Response la = c.send("GET", "/cse-in/pskdev/temp/la", "Cpskdev", null, null);
            assertThat(la.rsc()).isEqualTo(2000);
            assertThat(la.body()).contains("\"con\":\"21.5\"");
        }
        // the same AE over plain HTTP is still the owner (an ID, not a door, owns resources)
        http.retrieve("Cpskdev", "/cse-in/pskdev/temp/la").expect(2000);
    }

    @Test
    void anotherAesIdOverTheAssociationIsRefusedWith4106() throws Exception {
        try (PskClient c = device(ProtocolVersion.TLSv12, CipherSuite.TLS_PSK_WITH_AES_128_GCM_SHA256)) {
            PskClient.Response r = c.send("GET", "/cse-in/plain", "Cplain", null, null);
            assertThat(r.rsc()).isEqualTo(4106);
            assertThat(r.body()).contains("may not be used over this security association");
            // registering an AE-ID the key is not bound to, or letting the CSE assign one, is refused too
            assertThat(c.send("POST", "/cse-in", "Cintruder", 2, M2m.aeBody("intruder")).rsc()).isEqualTo(4106);
            assertThat(c.send("POST", "/cse-in", null, 2, M2m.aeBody("assigned")).rsc()).isEqualTo(4106);
            assertThat(c.send("GET", "/cse-in/plain", M2m.ADMIN, null, null).rsc()).isEqualTo(4106);
        }
        http.retrieve(M2m.ADMIN, "/cse-in/intruder").expect(4004);
        // the refusal is audited with the door and the peer the TLS handshake proved
        Path audit = dir.resolve(BastionServer.AUDIT_FILE);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        String log = "";
        while (System.nanoTime() < deadline && !log.contains("\"door\":\"psk\"")) {
            Thread.sleep(50);
            log = Files.exists(audit) ? Files.readString(audit) : "";
        }
        assertThat(log).contains("\"door\":\"psk\"").contains("\"originator\":\"Cplain\"");
    }

    @Test
    void plainHttpRequestsAreStillUnauthenticated() {
        // a CSE-ID originator needs a security association: over plain HTTP it is refused with 4107
        http.retrieve("/id-mn", "/cse-in").expect(4107);
    }

    @Test
    void provisioningOnTheRunningServersDataFolderTakesEffectWithoutRestart() throws Exception {
        String id = "late@issuer.example";
        String key = "aabbccddeeff00112233445566778899";
        byte[] k = HexFormat.of().parseHex(key);
        assertThatThrownBy(() -> new PskClient(server.pskPort(), id, k, ProtocolVersion.TLSv12,
                CipherSuite.TLS_PSK_WITH_AES_128_CBC_SHA256)).isInstanceOf(IOException.class);

        CredentialsCli add = cli("psk", "add", "--identity", id, "--key", "-", "--ae", "Clate", "--stdin", key);
        assertThat(add.code()).isZero();
        assertThat(add.out() + add.err()).doesNotContain(key);
        Path file = dir.resolve("credentials").resolve("psk.json");
        if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        }

        // the store re-checks the file at most every 200 ms
        PskClient c = retry(() -> new PskClient(server.pskPort(), id, k, ProtocolVersion.TLSv12,
                CipherSuite.TLS_PSK_WITH_AES_128_CBC_SHA256));
        try (c) {
            assertThat(c.send("POST", "/cse-in", "Clate", 2, M2m.aeBody("late")).rsc()).isEqualTo(2001);
        }

        CredentialsCli list = cli("psk", "list");
        assertThat(list.code()).isZero();
        assertThat(list.out()).contains(id).contains("Clate").contains(DEVICE_ID).contains("Cpskdev")
                .doesNotContain(key).doesNotContain(DEVICE_KEY).doesNotContain(OTHER_KEY)
                .doesNotContain(DEVICE_KEY.toUpperCase());

        assertThat(cli("psk", "remove", "--identity", id).code()).isZero();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        boolean refused = false;
        while (!refused && System.nanoTime() < deadline) {
            try (PskClient again = new PskClient(server.pskPort(), id, k, ProtocolVersion.TLSv12,
                    CipherSuite.TLS_PSK_WITH_AES_128_CBC_SHA256)) {
                Thread.sleep(50);
            } catch (IOException e) {
                refused = true;
            }
        }
        assertThat(refused).as("handshake refused after psk remove").isTrue();
        assertThat(cli("psk", "remove", "--identity", id).code()).isEqualTo(1);
    }

    @Test
    void theCommandLineRefusesBadInputWithExitCode2AndDuplicatesWith1() throws IOException {
        assertThat(cli("psk", "add", "--identity", "NoAt", "--key", DEVICE_KEY, "--ae", "Cx").code()).isEqualTo(2);
        assertThat(cli("psk", "add", "--identity", "a@Upper.Example", "--key", DEVICE_KEY, "--ae", "Cx").code())
                .isEqualTo(2);
        assertThat(cli("psk", "add", "--identity", "a@b.example", "--key", "0011", "--ae", "Cx").code())
                .isEqualTo(2);
        CredentialsCli badHex = cli("psk", "add", "--identity", "a@b.example", "--key", "zz" + DEVICE_KEY,
                "--ae", "Cx");
        assertThat(badHex.code()).isEqualTo(2);
        assertThat(badHex.err()).doesNotContain(DEVICE_KEY);
        assertThat(cli("psk", "add", "--identity", "a@b.example", "--key", DEVICE_KEY, "--ae", "Xbad").code())
                .isEqualTo(2);
        assertThat(cli("psk", "add", "--identity", "a@b.example", "--key", DEVICE_KEY).code()).isEqualTo(2);
        assertThat(cli("psk", "frobnicate").code()).isEqualTo(2);
        CredentialsCli dup = cli("psk", "add", "--identity", DEVICE_ID, "--key", OTHER_KEY, "--ae", "Cpskdev");
        assertThat(dup.code()).isEqualTo(1);
        assertThat(dup.out() + dup.err()).doesNotContain(OTHER_KEY);
    }

    @Test
    void opensslClientCanUseTheMandatorySuite() throws Exception {
        Path openssl = Path.of("/usr/bin/openssl");
        Assumptions.assumeTrue(Files.isExecutable(openssl), "openssl is not installed");
        Process p = new ProcessBuilder(openssl.toString(), "s_client", "-connect", "127.0.0.1:" + server.pskPort(),
                "-tls1_2", "-cipher", "PSK-AES128-CBC-SHA256", "-psk_identity", DEVICE_ID, "-psk", DEVICE_KEY,
                "-servername", "cse.example", "-quiet", "-ign_eof")
                .redirectErrorStream(true).start();
        String req = "GET /cse-in/pskdev HTTP/1.1\r\nHost: cse.example\r\nX-M2M-Origin: Cpskdev\r\n"
                + "X-M2M-RI: ossl\r\nX-M2M-RVI: 3\r\nConnection: close\r\n\r\n";
        p.getOutputStream().write(req.getBytes(StandardCharsets.US_ASCII));
        p.getOutputStream().flush();
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(out).contains("X-M2M-RSC: 2000").contains("\"aei\":\"Cpskdev\"");
    }

    // ---------------------------------------------------------------------------------------------- helpers

    /** Runs {@code bastion credentials --data DIR ARGS}; a trailing {@code --stdin TEXT} becomes standard input. */
    static CredentialsCli cli(String... args) {
        List<String> a = new ArrayList<>(List.of("--data", dir.toString()));
        a.addAll(List.of(args));
        return CredentialsCli.run(a, System::getenv);
    }

    interface Attempt<T> {
        T get() throws IOException;
    }

    static <T> T retry(Attempt<T> a) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (true) {
            try {
                return a.get();
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(50);
            }
        }
    }
}
