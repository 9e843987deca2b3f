package io.bastion.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.bastion.cse.config.CseConfig;
import io.bastion.cse.config.MccConfig;
import io.bastion.cse.config.RegistreeConfig;
import io.bastion.server.it.M2m;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Several CSEs on loopback that prove their CSE-IDs to each other over HTTPS with client certificates: one test CA,
 * and for each CSE a key whose certificate names {@code localhost}, 127.0.0.1 and its CSE-ID
 * ({@code onem2m://bastion.example/id-mn}), used by its HTTPS door and as its client certificate towards its
 * registrar; every data folder trusts the CA for client certificates.
 */
final class CseNetwork {
    static final String PASSWORD = "mcc-keystore-secret";
    static final String SP = "bastion.example";

    final Path dir;
    final TestPki.Issued root;
    final Path rootPem;

    CseNetwork(Path dir) throws IOException {
        this.dir = dir;
        this.root = TestPki.ca("Mcc Test Root");
        this.rootPem = TestPki.writePem(dir.resolve("root.pem"), root.cert());
    }

    /** The keystore of the CSE {@code /stem}, made on first use. */
    Path keystore(String stem) throws Exception {
        Path p12 = dir.resolve(stem + ".p12");
        if (!Files.exists(p12)) {
            TestPki.Issued id = new TestPki.Spec("CN=" + stem).dns("localhost").ip("127.0.0.1")
                    .uri("onem2m://" + SP + "/" + stem).issue(root);
            TestPki.pkcs12(p12, id, PASSWORD.toCharArray());
        }
        return p12;
    }

    /** The data folder of the CSE {@code /stem}, trusting the test CA for client certificates. */
    Path data(String stem) {
        Path data = dir.resolve(stem).resolve("data");
        if (!Files.exists(data)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8);
            int rc = CredentialsCommand.run(List.of("--data", data.toString(), "cert", "trust", rootPem.toString()),
                    InputStream.nullInputStream(), ps, ps);
            assertThat(rc).as(out.toString(StandardCharsets.UTF_8)).isZero();
        }
        return data;
    }

    /**
     * A CSE {@code /stem} with CSEBase {@code cse-<suffix>}, HTTPS on {@code httpsPort} (0 for any), HTTP and admin on
     * any port, accepting the registrees {@code allowed}, registering with {@code registrar} (or none), retrying
     * every 50 ms doubling to 400 ms.
     */
    ServerConfig config(String stem, MccConfig.CseType type, List<String> allowed, MccConfig.Registrar registrar,
                        int httpsPort) throws Exception {
        CseConfig d = CseConfig.defaults();
        CseConfig cse = new CseConfig("/" + stem, base(stem), SP, d.adminOriginator(), false,
                d.registrationAllowed(), d.supportedReleases(), d.defaultExpiry(), d.maxExpiry(),
                d.verificationTimeout(), d.maxGroupMembers(), d.doors(), d.dynamic(), d.cseBaseAcpi(), d.limits());
        return ServerConfig.defaults().withDataDir(data(stem)).withHttpPort(0).withAdminPort(0).withCse(cse)
                .withHttps(HttpsSettings.defaults().withPort(httpsPort).withKeystore(keystore(stem)))
                .withMcc(new MccConfig(type, allowed, registrar))
                .withRegistree(RegistreeConfig.defaults().withRetry(Duration.ofMillis(50), Duration.ofMillis(400))
                        .withTimeout(Duration.ofSeconds(5)));
    }

    /** {@code cse-mn} for {@code id-mn}. */
    static String base(String stem) {
        return "cse-" + stem.substring(stem.indexOf('-') + 1);
    }

    /** Reaching the CSE {@code /stem} at its HTTPS {@code port}, trusting the test CA, presenting this CSE's key. */
    MccConfig.Registrar registrar(String stem, int port) {
        return new MccConfig.Registrar("https://127.0.0.1:" + port, "/" + stem, base(stem), null, rootPem.toString(),
                true);
    }

    BastionServer start(ServerConfig c) {
        return BastionServer.start(c, Clock.systemUTC(),
                name -> name.equals(HttpsSettings.DEFAULT_PASSWORD_ENV) ? PASSWORD : null);
    }

    /** A loopback port free now (for a registrar that must come back on the same address). */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** The admin endpoint's {@code GET /health} of a CSE. */
    static JsonNode health(int adminPort) throws Exception {
        try (HttpClient c = HttpClient.newHttpClient()) {
            HttpResponse<String> r = c.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort
                    + "/health")).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            return M2m.JSON.readTree(r.body());
        }
    }

    /** Waits until the CSE's registration is in {@code state}; returns its health. */
    static JsonNode awaitRegistration(int adminPort, String state) throws Exception {
        return Eventually.matches(Duration.ofSeconds(30), () -> health(adminPort),
                h -> h.path("registration").path("state").asText().equals(state));
    }

    /** The {@code <remoteCSE>} children of a CSEBase, as its admin discovers them (ty 16). */
    static List<String> remoteCses(M2m http, String cseBase) {
        return new ArrayList<>(http.retrieve(M2m.ADMIN, "/" + cseBase + "?fu=1&ty=16").expect(2000).uris());
    }
}
