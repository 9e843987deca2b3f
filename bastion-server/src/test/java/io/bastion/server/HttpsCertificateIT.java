package io.bastion.server;

import static io.bastion.server.it.M2m.rules;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bastion.bindings.https.ClientCertificates;
import io.bastion.server.TestPki.Issued;
import io.bastion.server.it.M2m;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTPS door with client certificates (TS-0003 8.2.2.2, 10.1.1, 10.2) end to end: real TLS handshakes with the
 * JDK HTTP client (and {@code openssl s_client} where installed) against a server with a PKCS#12 key, certificates
 * made for the test.
 */
class HttpsCertificateIT {
    static final String PASSWORD = "test-keystore-secret";
    static final AtomicLong RQI = new AtomicLong();

    @TempDir
    static Path dir;
    static BastionServer server;
    static Issued root;
    static Issued aeCert;
    static M2m plain;

    @BeforeAll
    static void start() throws Exception {
        root = TestPki.ca("Bastion Test Root");
        aeCert = new TestPki.Spec("CN=cert-ae-1").uri("onem2m://bastion.example/id-in/Ccert1").issue(root);
        Path p12 = TestPki.localhostKeystore(dir, root, PASSWORD);
        Path rootPem = TestPki.writePem(dir.resolve("root.pem"), root.cert());
        Path data = dir.resolve("data");
        assertThat(credentials(data, "cert", "trust", rootPem.toString())).isZero();
        ServerConfig config = M2m.config(data).withHttps(HttpsSettings.defaults().withPort(0).withKeystore(p12));
        server = BastionServer.start(config, Clock.systemUTC(),
                name -> name.equals(HttpsSettings.DEFAULT_PASSWORD_ENV) ? PASSWORD : null);
        plain = new M2m(server.httpPort());
        assertThat(server.httpsPort()).isPositive();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    static int credentials(Path data, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<String> all = new java.util.ArrayList<>(List.of("--data", data.toString()));
        all.addAll(List.of(args));
        int rc = CredentialsCommand.run(all, InputStream.nullInputStream(),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(out, true, StandardCharsets.UTF_8));
        lastOutput = out.toString(StandardCharsets.UTF_8);
        return rc;
    }

    static String lastOutput;

    // ------------------------------------------------------------------------------------------ client side

    static HttpClient client(Issued clientCert) throws Exception {
        return client(TestPki.client(clientCert, root.cert()), null);
    }

    static HttpClient client(SSLContext ctx, SSLParameters params) {
        HttpClient.Builder b = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(ctx)
                .connectTimeout(Duration.ofSeconds(5));
        if (params != null) {
            b.sslParameters(params);
        }
        return b.build();
    }

    static M2m.Rsp send(HttpClient c, String method, String path, String fr, Integer ty, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("https://localhost:" + server.httpsPort() + path))
                .timeout(Duration.ofSeconds(20)).header("X-M2M-RI", "tls-" + RQI.incrementAndGet())
                .header("X-M2M-RVI", "3").header("Accept", "application/json");
        if (fr != null) {
            b.header("X-M2M-Origin", fr);
        }
        if (body != null) {
            b.header("Content-Type", "application/json" + (ty == null ? "" : ";ty=" + ty));
            b.method(method, HttpRequest.BodyPublishers.ofString(body));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> r = c.send(b.build(), HttpResponse.BodyHandlers.ofString());
        Map<String, String> h = new LinkedHashMap<>();
        r.headers().map().forEach((k, v) -> h.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
        return new M2m.Rsp("https " + method + " " + path + " (" + fr + ")", r.statusCode(), h, r.body());
    }

    static M2m.Rsp get(HttpClient c, String path, String fr) throws Exception {
        return send(c, "GET", path, fr, null, null);
    }

    static void assertHandshakeRefused(Issued clientCert) throws Exception {
        try (HttpClient c = client(clientCert)) {
            assertThatThrownBy(() -> get(c, "/cse-in", "Cany")).isInstanceOf(IOException.class);
        }
    }

    // ------------------------------------------------------------------------------------------------ tests

    @Test
    void anAeCertificateRegistersItsAeAndReadsOverHttps() throws Exception {
        try (HttpClient c = client(aeCert)) {
            send(c, "POST", "/cse-in", "Ccert1", 2, M2m.aeBody("certae1")).expect(2001);
            send(c, "POST", "/cse-in/certae1", "Ccert1", 3, "{\"m2m:cnt\":{\"rn\":\"data\"}}").expect(2001);
            send(c, "POST", "/cse-in/certae1/data", "Ccert1", 4, "{\"m2m:cin\":{\"con\":\"21.5\"}}").expect(2001);
            M2m.Rsp la = get(c, "/cse-in/certae1/data/la", "Ccert1").expect(2000);
            assertThat(la.attr("con")).isEqualTo("21.5");
            // the absolute and SP-relative forms of the same AE-ID are the same originator
            get(c, "/cse-in/certae1", "//bastion.example/id-in/Ccert1").expect(2000);
            get(c, "/cse-in/certae1", "/id-in/Ccert1").expect(2000);
        }
    }

    @Test
    void theSameCertificateWithAnotherAeIdIsRefusedWith4106() throws Exception {
        plain.registerAe("Cplain7", "plain7");
        try (HttpClient c = client(aeCert)) {
            M2m.Rsp r = send(c, "POST", "/cse-in", "Cother", 2, M2m.aeBody("otherae")).expect(4106);
            assertThat(r.dbg()).contains("Cother");
            get(c, "/cse-in/plain7", "Cplain7").expect(4106);
            // an empty originator asks for an assigned AE-ID, which the certificate does not name either
            send(c, "POST", "/cse-in", "", 2, M2m.aeBody("assigned")).expect(4106);
        }
    }

    @Test
    void anAcafRulePermitsOverHttpsWithACertificateAndDeniesOverPlainHttp() throws Exception {
        Issued cert = new TestPki.Spec("CN=cert-ae-2").uri("onem2m://bastion.example/id-in/Ccert2").issue(root);
        try (HttpClient c = client(cert)) {
            send(c, "POST", "/cse-in", "Ccert2", 2, M2m.aeBody("certae2")).expect(2001);
            String acaf = "[{\"acor\":[\"Ccert2\"],\"acop\":63,\"acaf\":true}]";
            String acp = send(c, "POST", "/cse-in/certae2", "Ccert2", 1,
                    M2m.acpBody("authOnly", acaf, rules(M2m.rule(63, "Ccert2")))).expect(2001).ri();
            send(c, "POST", "/cse-in/certae2", "Ccert2", 3,
                    "{\"m2m:cnt\":{\"rn\":\"secret\",\"acpi\":[\"" + acp + "\"]}}").expect(2001);
            get(c, "/cse-in/certae2/secret", "Ccert2").expect(2000);
        }
        M2m.Rsp denied = plain.retrieve("Ccert2", "/cse-in/certae2/secret").expect(4103);
        assertThat(denied.dbg()).isNotBlank();
        // HTTPS without a client certificate is not an authenticated association either
        try (HttpClient anonymous = client((Issued) null)) {
            get(anonymous, "/cse-in/certae2/secret", "Ccert2").expect(4103);
        }
    }

    @Test
    void theTls12SuiteTs0003MandatesWorks() throws Exception {
        Issued cert = new TestPki.Spec("CN=tls12").uri("onem2m://bastion.example/id-in/Ctls12").issue(root);
        SSLParameters p = new SSLParameters(new String[] {"TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256"},
                new String[] {"TLSv1.2"});
        try (HttpClient c = client(TestPki.client(cert, root.cert()), p)) {
            send(c, "POST", "/cse-in", "Ctls12", 2, M2m.aeBody("tls12")).expect(2001);
            get(c, "/cse-in/tls12", "Ctls12").expect(2000);
        }
    }

    @Test
    void anExpiredCertificateIsRefused() throws Exception {
        assertHandshakeRefused(new TestPki.Spec("CN=expired").uri("onem2m://bastion.example/id-in/Cexp")
                .validity(Instant.now().minus(Duration.ofDays(30)), Instant.now().minus(Duration.ofDays(1)))
                .issue(root));
    }

    @Test
    void aNotYetValidCertificateIsRefused() throws Exception {
        assertHandshakeRefused(new TestPki.Spec("CN=future").uri("onem2m://bastion.example/id-in/Cfut")
                .validity(Instant.now().plus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(30)))
                .issue(root));
    }

    @Test
    void aCertificateWithoutDigitalSignatureIsRefused() throws Exception {
        assertHandshakeRefused(new TestPki.Spec("CN=nosig").uri("onem2m://bastion.example/id-in/Cnosig")
                .keyUsage(KeyUsage.keyAgreement).issue(root));
    }

    @Test
    void aCertificateFromAnUntrustedCaIsRefused() throws Exception {
        Issued stranger = TestPki.ca("Stranger CA");
        assertHandshakeRefused(new TestPki.Spec("CN=stranger").uri("onem2m://bastion.example/id-in/Cstr")
                .issue(stranger));
    }

    @Test
    void anRsaCertificateIsRefusedByTheProfile() throws Exception {
        assertHandshakeRefused(new TestPki.Spec("CN=rsa").uri("onem2m://bastion.example/id-in/Crsa")
                .keys(TestPki.rsa()).issue(root));
    }

    @Test
    void aDeviceCertificateMayUseTheAeIdsItIsBoundTo() throws Exception {
        Issued device = new TestPki.Spec("CN=device-17").issue(root);
        String fp = io.bastion.security.certificate.Certificates.fingerprint(device.cert());
        try (HttpClient c = client(device)) {
            send(c, "POST", "/cse-in", "Cdev17", 2, M2m.aeBody("dev17")).expect(4106);
        }
        assertThat(credentials(dir.resolve("data"), "cert", "bind", "--subject", "31-" + fp, "--ae", "Cdev17"))
                .as(lastOutput).isZero();
        try (HttpClient c = client(device)) {
            send(c, "POST", "/cse-in", "Cdev17", 2, M2m.aeBody("dev17")).expect(2001);
            get(c, "/cse-in/dev17", "Cdev17").expect(2000);
        }
        assertThat(credentials(dir.resolve("data"), "cert", "list")).isZero();
        assertThat(lastOutput).contains("31-" + fp + " -> Cdev17").contains("CN=Bastion Test Root");
    }

    @Test
    void trustingACaOnARunningServerTakesEffectWithoutRestart() throws Exception {
        Issued late = TestPki.ca("Late CA");
        Issued cert = new TestPki.Spec("CN=late-ae").uri("onem2m://bastion.example/id-in/Clate").issue(late);
        assertHandshakeRefused(cert);
        Path pem = TestPki.writePem(dir.resolve("late.pem"), late.cert());
        assertThat(credentials(dir.resolve("data"), "cert", "trust", pem.toString())).as(lastOutput).isZero();
        try (HttpClient c = client(cert)) {
            send(c, "POST", "/cse-in", "Clate", 2, M2m.aeBody("late")).expect(2001);
        }
        String fp = io.bastion.security.certificate.Certificates.fingerprint(late.cert());
        assertThat(credentials(dir.resolve("data"), "cert", "untrust", "--fingerprint", fp)).as(lastOutput).isZero();
        assertHandshakeRefused(cert);
    }

    @Test
    void requiredClientCertificatesRefuseClientsWithoutOne() throws Exception {
        Path p12 = dir.resolve("server.p12");
        Path data = dir.resolve("data-required");
        assertThat(credentials(data, "cert", "trust", dir.resolve("root.pem").toString())).isZero();
        ServerConfig config = M2m.config(data).withAdminPort(-1).withHttps(HttpsSettings.defaults().withPort(0)
                .withKeystore(p12).withClientCertificates(ClientCertificates.REQUIRED));
        try (BastionServer required = BastionServer.start(config, Clock.systemUTC(), n -> PASSWORD);
             HttpClient anonymous = client((Issued) null);
             HttpClient withCert = client(aeCert)) {
            URI uri = URI.create("https://localhost:" + required.httpsPort() + "/cse-in");
            HttpRequest rq = HttpRequest.newBuilder(uri).header("X-M2M-Origin", "CAdmin").header("X-M2M-RI", "r1")
                    .header("X-M2M-RVI", "3").header("Accept", "application/json").GET().build();
            assertThatThrownBy(() -> anonymous.send(rq, HttpResponse.BodyHandlers.ofString()))
                    .isInstanceOf(IOException.class);
            HttpResponse<String> r = withCert.send(HttpRequest.newBuilder(uri).header("X-M2M-Origin", "Ccert1")
                    .header("X-M2M-RI", "r2").header("X-M2M-RVI", "3").GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            // the handshake succeeded; Ccert1 is not registered with this second CSE
            assertThat(r.headers().firstValue("X-M2M-RSC")).contains("4106");
        }
    }

    @Test
    void opensslWithAClientCertificateRegistersAndReads() throws Exception {
        Issued cert = new TestPki.Spec("CN=ossl").uri("onem2m://bastion.example/id-in/Cossl").issue(root);
        String body = M2m.aeBody("osslae");
        String created = openssl(cert, "POST /cse-in HTTP/1.1\r\nHost: localhost\r\nX-M2M-Origin: Cossl\r\n"
                + "X-M2M-RI: ossl-1\r\nX-M2M-RVI: 3\r\nContent-Type: application/json;ty=2\r\n"
                + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length
                + "\r\nConnection: close\r\n\r\n" + body);
        assertThat(created).contains("HTTP/1.1 201").contains("X-M2M-RSC: 2001").contains("X-M2M-RI: ossl-1")
                .contains("\"aei\":\"Cossl\"");
        String read = openssl(cert, "GET /cse-in/osslae HTTP/1.1\r\nHost: localhost\r\nX-M2M-Origin: Cossl\r\n"
                + "X-M2M-RI: ossl-2\r\nX-M2M-RVI: 3\r\nAccept: application/json\r\nConnection: close\r\n\r\n");
        assertThat(read).contains("X-M2M-RSC: 2000").contains("\"rn\":\"osslae\"");
        // another AE-ID over the same certificate is impersonation
        String other = openssl(cert, "GET /cse-in/osslae HTTP/1.1\r\nHost: localhost\r\nX-M2M-Origin: Cother\r\n"
                + "X-M2M-RI: ossl-3\r\nX-M2M-RVI: 3\r\nConnection: close\r\n\r\n");
        assertThat(other).contains("X-M2M-RSC: 4106");
    }

    @Test
    void opensslWithACertificateFromAnUntrustedCaIsRefused() throws Exception {
        Issued stranger = TestPki.ca("Stranger CA for openssl");
        Issued cert = new TestPki.Spec("CN=ossl-stranger").uri("onem2m://bastion.example/id-in/Costr")
                .issue(stranger);
        String out = openssl(cert, "GET /cse-in HTTP/1.1\r\nHost: localhost\r\nX-M2M-Origin: Costr\r\n"
                + "X-M2M-RI: ossl-4\r\nX-M2M-RVI: 3\r\nConnection: close\r\n\r\n");
        assertThat(out).doesNotContain("X-M2M-RSC").containsIgnoringCase("alert");
    }

    /**
     * Runs {@code openssl s_client} with {@code cert} and its key against the HTTPS door, writes {@code request}
     * and returns everything openssl printed (the HTTP response, or its error). Skipped without /usr/bin/openssl.
     */
    static String openssl(Issued cert, String request) throws Exception {
        Path openssl = Path.of("/usr/bin/openssl");
        Assumptions.assumeTrue(Files.isExecutable(openssl), "openssl is not installed");
        String name = cert.cert().getSubjectX500Principal().getName().replaceAll("[^A-Za-z0-9]", "_");
        Path certPem = TestPki.writePem(dir.resolve(name + ".crt.pem"), cert.cert());
        Path keyPem = TestPki.writeKeyPem(dir.resolve(name + ".key.pem"), cert.key());
        Process p = new ProcessBuilder(openssl.toString(), "s_client", "-connect", "127.0.0.1:" + server.httpsPort(),
                "-servername", "localhost", "-CAfile", dir.resolve("root.pem").toString(), "-cert",
                certPem.toString(), "-key", keyPem.toString(), "-quiet", "-ign_eof")
                .redirectErrorStream(true).start();
        try {
            p.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
            p.getOutputStream().flush();
        } catch (IOException closedEarly) {
            // openssl already quit (a refused handshake); its output says why
        }
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).as("openssl s_client ended").isTrue();
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    /**
     * Client-initiated renegotiation (TLS 1.2, openssl's {@code R} command) ends the connection instead of costing the
     * server a handshake per request (issue 9 #12); a TLS 1.2 request without it, and a TLS 1.3 key update (not a
     * renegotiation), are served.
     */
    @Test
    void clientInitiatedRenegotiationIsRefusedAndOrdinaryTls12IsServed() throws Exception {
        String get = "GET /cse-in HTTP/1.1\r\nHost: localhost\r\nX-M2M-Origin: CAdmin\r\nX-M2M-RI: reneg\r\n"
                + "X-M2M-RVI: 3\r\nAccept: application/json\r\nConnection: close\r\n\r\n";
        String renegotiated = opensslInteractive("-tls1_2", "R\n", get);
        assertThat(renegotiated).contains("RENEGOTIATING").doesNotContain("X-M2M-RSC");

        assertThat(opensslInteractive("-tls1_2", get)).contains("Protocol  : TLSv1.2").contains("X-M2M-RSC: 2000");
        assertThat(opensslInteractive("-tls1_3", "K\n", get)).contains("KEYUPDATE").contains("X-M2M-RSC: 2000");
    }

    /**
     * Runs {@code openssl s_client} interactively (its one-letter commands on) without a client certificate, writes
     * {@code inputs} a second apart, and returns what it printed once it ended.
     */
    static String opensslInteractive(String version, String... inputs) throws Exception {
        Path openssl = Path.of("/usr/bin/openssl");
        Assumptions.assumeTrue(Files.isExecutable(openssl), "openssl is not installed");
        Process p = new ProcessBuilder(openssl.toString(), "s_client", "-connect", "127.0.0.1:" + server.httpsPort(),
                "-servername", "localhost", "-CAfile", dir.resolve("root.pem").toString(), version)
                .redirectErrorStream(true).start();
        try {
            for (String input : inputs) {
                Thread.sleep(1000);
                p.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
                p.getOutputStream().flush();
            }
            Thread.sleep(1000);
            p.getOutputStream().close();
        } catch (IOException closedEarly) {
            // openssl already quit (the server closed the connection); its output says why
        }
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).as("openssl s_client ended").isTrue();
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void trustRefusesACertificateThatIsNotACa() throws Exception {
        Path pem = TestPki.writePem(dir.resolve("leaf.pem"), aeCert.cert());
        assertThat(credentials(dir.resolve("other-data"), "cert", "trust", pem.toString())).isEqualTo(1);
        assertThat(lastOutput).contains("not a CA certificate");
    }
}
