package io.bastion.server.it;

import static io.bastion.server.it.M2m.rule;
import static io.bastion.server.it.M2m.rules;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bastion.core.time.MutableClock;
import io.bastion.cse.dynamic.DasFailure;
import io.bastion.cse.config.DynamicAuthorizationConfig;
import io.bastion.server.AuditLines;
import io.bastion.server.BastionServer;
import io.bastion.server.ServerConfig;
import io.bastion.server.TokenSettings;
import io.bastion.trust.das.KeytoolPki;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole dynamic authorization loop with Bastion's own DAS as a separate process ({@code bastion das run}, rules
 * file, ES256 key in a PKCS#12 file whose password is only in the process's environment) and the CSE in this JVM,
 * trusting the key that {@code bastion das export-key} printed. Over real HTTP both ways.
 *
 * <p>Clocks: the DAS runs on the real clock, the CSE on an injected one that starts a few seconds ahead of real time
 * (so a token's notBefore, real time at issue, is never after the CSE's now). The DAS's grant ends at real time +60 s
 * ({@code pl} and the token's notAfter, read back from the DAS's audit log); the tests move the CSE's clock to just
 * before that instant (still permitted, the DAS is not asked) and well after it. Then the CSE consults again; the
 * DAS, on real time, grants again, but a lifetime (or a token) that has already ended by the CSE's clock grants
 * nothing, so the AE is denied. Cases: privileges, a token (verified against the exported key, {@code das.issuers}
 * mapping the DAS to its issuer ID), the Token-ID lookup at the DAS, and a DAS that hangs (SIGSTOP) or is killed.
 *
 * <p>One DAS process serves every test; each test gets a fresh CSE (clock, data folder) so that one test's clock
 * moves do not reach another's.
 */
class DasEndToEndIT {
    static final String PASSWORD = "e2e-das-secret";
    static final String OWNER = "Ce2eowner";
    static final String STRANGER = "Ce2estranger";
    static final String HOME = "/cse-in/e2eowner";
    static final Duration TIMEOUT = Duration.ofMillis(3000);
    /**
     * How far past the end of a grant the CSE's clock is moved: more than the grant's 60 s, so that a grant the DAS
     * makes again meanwhile (60 s from real time, which moves on slowly during the test) has ended too.
     */
    static final Duration AFTER = Duration.ofSeconds(90);
    static final String RULES = """
            {"rules": [
              {"name": "e2e-privileges", "originators": ["/id-in/Ce2estranger"],
               "targets": ["/id-in/cse-in/e2eowner/priv*"], "operations": ["retrieve"], "lifetime": 60,
               "grant": "privileges", "hostingCses": ["/id-in"]},
              {"name": "e2e-token", "originators": ["/id-in/Ce2estranger"],
               "targets": ["/id-in/cse-in/e2eowner/tok*"], "operations": ["retrieve"], "lifetime": 60,
               "grant": "token", "hostingCses": ["/id-in"]},
              {"name": "warm-up", "originators": ["/id-in/Cwarmup"], "targets": ["/id-in/warmup"],
               "operations": ["retrieve"], "lifetime": 1, "grant": "both"}
            ]}
            """;
    static final AtomicInteger SEQ = new AtomicInteger();

    @TempDir
    static Path shared;
    static DasProcess das;
    static Path audit;
    static String trustFile;

    @TempDir
    Path cseData;
    MutableClock clock;
    BastionServer server;
    M2m m2m;
    String acp;

    @BeforeAll
    static void startDas() throws Exception {
        Path p12 = shared.resolve("das.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "das", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=bastion-das",
                "-validity", "30", "-storetype", "PKCS12", "-keystore", p12.toString(), "-storepass", PASSWORD)
                .redirectErrorStream(true).redirectOutput(shared.resolve("keytool.log").toFile()).start();
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).isZero();
        Path rules = Files.writeString(shared.resolve("das-rules.json"), RULES);
        Path dasData = shared.resolve("das-data");
        audit = dasData.resolve("das").resolve("audit.jsonl");

        // What an operator pastes into the CSE's credentials/token-issuers.json.
        String entry = DasProcess.runToEnd(List.of("das", "export-key", "--keystore", p12.toString(),
                "--key-alias", "das", "--key-id", "das-1"), Map.of(DasProcess.PASSWORD_VARIABLE, PASSWORD));
        JsonNode issuer = M2m.JSON.readTree(entry);
        assertThat(issuer.path("issuer").asText()).isEqualTo("CDas");
        assertThat(issuer.path("keys").get(0).has("d")).as("no private part exported").isFalse();
        assertThat(entry).doesNotContain(PASSWORD);
        ObjectNode file = M2m.JSON.createObjectNode();
        file.put("version", 1);
        file.putArray("issuers").add(issuer);
        trustFile = file.toPrettyString();

        das = DasProcess.start(List.of("--port", "0", "--rules", rules.toString(), "--data", dasData.toString(),
                "--keystore", p12.toString(), "--key-alias", "das", "--key-id", "das-1"), PASSWORD,
                shared.resolve("das.log"));
        warmUp(das);
    }

    /**
     * One consultation with a generous client timeout, granting privileges and a signed token, so that the fresh
     * JVM's first-request costs (class loading, the signature provider) are not charged to the CSE's bounded wait.
     */
    static void warmUp(DasProcess p) {
        String seci = "{\"m2m:seci\":{\"sit\":1,\"dreq\":{\"or\":\"/id-in/Cwarmup\",\"op\":2,"
                + "\"trid\":\"/id-in/warmup\"}}}";
        new M2m(p.port()).request("POST", "/das").from("/id-in").body(seci).send().expect(2000);
    }

    @AfterAll
    static void stopDas() {
        if (das != null) {
            das.close();
        }
    }

    @BeforeEach
    void startCse() throws IOException {
        Path credentials = Files.createDirectories(cseData.resolve("credentials"));
        Files.writeString(credentials.resolve("token-issuers.json"), trustFile);
        // A few seconds ahead of real time: tokens issued by the DAS in the meantime are already valid here.
        clock = new MutableClock(Instant.now().plusSeconds(5));
        ServerConfig c = M2m.config(cseData);
        c = c.withCse(c.cse().withDynamic(DynamicAuthorizationConfig.defaults().withTimeout(TIMEOUT)
                .withNegativeTtl(Duration.ofSeconds(5)).withDasIssuer(das.dap(), "CDas")));
        server = BastionServer.start(c, clock);
        m2m = new M2m(server.httpPort());
        m2m.registerAe(OWNER, "e2eowner");
        m2m.registerAe(STRANGER, "e2estranger");
        acp = m2m.createAcp(OWNER, HOME, "ownerOnly", rules(rule(63, OWNER)), rules(rule(63, OWNER)));
    }

    @AfterEach
    void stopCse() {
        if (server != null) {
            server.close();
        }
    }

    /** A dac under the owner AE consulting {@code dap} for at most two minutes ({@code dal}); returns its ID. */
    String dac(String dap) {
        String body = "{\"m2m:dac\":{\"rn\":\"dac" + SEQ.incrementAndGet() + "\",\"dae\":true,\"dap\":[\"" + dap
                + "\"],\"dal\":\"120000\"}}";
        return m2m.create(OWNER, HOME, 34, body).expect(2001).ri();
    }

    /** A container named {@code prefix<n>} only the owner may use by its ACP, linked to {@code daci} (or not). */
    String container(String prefix, String daci) {
        String rn = prefix + SEQ.incrementAndGet();
        m2m.create(OWNER, HOME, 3, "{\"m2m:cnt\":{\"rn\":\"" + rn + "\",\"acpi\":[\"" + acp + "\"]"
                + (daci == null ? "" : ",\"daci\":[\"" + daci + "\"]") + "}}").expect(2001);
        return HOME + "/" + rn;
    }

    /** The DAS's audit lines about {@code trid} (the file is flushed after every line). */
    static List<JsonNode> auditFor(String trid) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        if (!Files.exists(audit)) {
            return out;
        }
        for (String line : Files.readAllLines(audit)) {
            JsonNode n = M2m.JSON.readTree(line);
            if (trid.equals(n.path("trid").asText())) {
                out.add(n);
            }
        }
        return out;
    }

    static long grants(String trid) throws IOException {
        return auditFor(trid).stream().filter(n -> n.path("event").asText().equals("grant")).count();
    }

    /**
     * A RETRIEVE of {@code cnt} by the stranger, refused with 4103 saying in general terms that dynamic authorization
     * did not grant it; returns its rqi, whose audit line names the DAS and the cause.
     */
    String refusedRqi(String cnt) {
        String rqi = "e2e-" + SEQ.incrementAndGet();
        DasFixture.expectNotGranted(m2m, STRANGER, cnt, rqi);
        return rqi;
    }

    /** As {@link #refusedRqi}, returning the audit line. */
    String refusal(String cnt) throws Exception {
        return AuditLines.awaitRequest(cseData, refusedRqi(cnt));
    }

    /** Moves the CSE's clock to {@code at} (it only moves forward). */
    void moveTo(Instant at) {
        Duration d = Duration.between(clock.instant(), at);
        assertThat(d.isNegative()).as("the CSE clock moves forward only").isFalse();
        clock.advance(d);
    }

    @Test
    void theDasGrantsPrivilegesForItsLifetimeAndTheAeLosesAccessAfterIt() throws Exception {
        // Denied by the ACPs, and without a dac nobody is asked.
        String plain = container("priv", null);
        m2m.retrieve(STRANGER, plain).expect(4103);

        String cnt = container("priv", dac(das.dap()));
        String trid = "/id-in" + cnt;
        m2m.retrieve(STRANGER, cnt).expect(2000);
        List<JsonNode> lines = auditFor(trid);
        assertThat(lines).hasSize(1);
        JsonNode grant = lines.getFirst();
        assertThat(grant.path("event").asText()).isEqualTo("grant");
        assertThat(grant.path("requester").asText()).isEqualTo("/id-in");
        assertThat(grant.path("or").asText()).isEqualTo("/id-in/" + STRANGER);
        assertThat(grant.path("rule").asText()).isEqualTo("e2e-privileges");
        assertThat(grant.path("lifetime").asLong()).isEqualTo(60);
        Instant notAfter = Instant.parse(grant.path("notAfter").asText());

        // The grant covers RETRIEVE only: a DELETE is put to the DAS, which refuses it.
        m2m.delete(STRANGER, cnt).expect(4103);
        assertThat(auditFor(trid).getLast().path("event").asText()).isEqualTo("deny");

        // Shortly before the end of the lifetime: still permitted, from the remembered grant.
        moveTo(notAfter.minusSeconds(5));
        m2m.retrieve(STRANGER, cnt).expect(2000);
        assertThat(grants(trid)).isEqualTo(1);

        // After it: denied again. The CSE asks the DAS again (a new grant in its log); that grant ends 60 s after
        // real time, which (the test being shorter than AFTER) is already over on the CSE's clock.
        moveTo(notAfter.plus(AFTER));
        assertThat(refusal(cnt)).contains("already ended");
        assertThat(grants(trid)).isEqualTo(2);
        // The owner is never affected.
        m2m.retrieve(OWNER, cnt).expect(2000);
    }

    @Test
    void theDasGrantsATokenForItsLifetimeAndTheAeLosesAccessAfterIt() throws Exception {
        String cnt = container("tok", dac(das.dap()));
        String trid = "/id-in" + cnt;
        m2m.retrieve(STRANGER, cnt).expect(2000);
        JsonNode grant = auditFor(trid).getFirst();
        assertThat(grant.path("delivery").asText()).isEqualTo("token");
        assertThat(grant.path("tkids")).hasSize(1);
        assertThat(grant.path("aud").get(0).asText()).isEqualTo("/id-in");
        Instant notAfter = Instant.parse(grant.path("notAfter").asText());
        // The token carries RETRIEVE only: a DELETE is put to the DAS, which refuses it.
        m2m.delete(STRANGER, cnt).expect(4103);

        moveTo(notAfter.minusSeconds(5));
        m2m.retrieve(STRANGER, cnt).expect(2000);
        assertThat(grants(trid)).isEqualTo(1);

        // The token's notAfter has passed: the CSE asks again, and the new token is already expired on its clock.
        moveTo(notAfter.plus(AFTER));
        assertThat(refusal(cnt)).contains("is refused").contains("expired");
        assertThat(grants(trid)).isEqualTo(2);
    }

    @Test
    void theIndirectFlowThroughTheDasAndTheCseLookingTokensUp() throws Exception {
        // Indirect flow (TS-0001 11.5.3): the AE asks with tqi, gets the dreq in tqf and fetches a token at the DAS.
        String cnt = container("tok", dac(das.dap()));
        M2m.Rsp denied = m2m.request("GET", cnt + "?tqi=true").from(STRANGER).send().expect(4103);
        assertThat(auditFor("/id-in" + cnt)).as("with tqi the CSE does not consult the DAS itself").isEmpty();
        JsonNode dasi = denied.json().path("m2m:tqf").path("dasi").get(0);
        assertThat(dasi.path("uri").asText()).isEqualTo(das.dap());
        JsonNode dreq = dasi.path("dreq");
        assertThat(dreq.path("or").asText()).isEqualTo("/id-in/" + STRANGER);
        ObjectNode seci = M2m.JSON.createObjectNode();
        seci.putObject("m2m:seci").put("sit", 1).set("dreq", dreq);
        JsonNode dres = new M2m(das.port()).request("POST", "/das/token").from(dreq.path("or").asText())
                .body(seci.toString()).send().expect(2000).json().path("m2m:seci").path("dres");
        String token = dres.path("tkns").get(0).asText();
        JsonNode issued = auditFor("/id-in" + cnt).getLast();
        assertThat(issued.path("flow").asText()).isEqualTo("indirect");
        String tkid = issued.path("tkids").get(0).asText();
        assertThat(token.split("\\.")).as("a compact JWS").hasSize(3);

        // The AE retries with the token (TS-0009 Authorization header): granted, with its Local-Token-ID in ATI.
        M2m.Rsp ok = m2m.request("GET", cnt).from(STRANGER).header("Authorization", "Bearer " + token).send()
                .expect(2000);
        assertThat(ok.json().path("m2m:cnt").path("rn").asText()).isEqualTo(cnt.substring(cnt.lastIndexOf('/') + 1));
        String ati = ok.header("X-M2M-ATI");
        assertThat(ati).as("X-M2M-ATI: <lti>:<tkid>").endsWith(":" + tkid);
        String lti = ati.substring(0, ati.indexOf(':'));
        // Then with the Local-Token-ID alone, for as long as the token is valid.
        m2m.request("GET", cnt + "?ltids=" + lti).from(STRANGER).send().expect(2000);
        // Neither needed the DAS again: its log still holds the one indirect grant for this target.
        assertThat(auditFor("/id-in" + cnt)).hasSize(1);
        // The token grants RETRIEVE only (a DELETE is put to the DAS, which refuses it).
        m2m.request("DELETE", cnt + "?ltids=" + lti).from(STRANGER).send().expect(4103);

        // The Hosting CSE resolves the Token-ID at the DAS: the same token comes back, unknown IDs give nothing.
        URI dap = URI.create(das.dap());
        var dynamic = server.cse().dynamicAuthorization();
        assertThat(dynamic.lookupTokens(dap, STRANGER, List.of(tkid))).containsExactly(token);
        assertThat(dynamic.lookupTokens(dap, STRANGER, List.of("0123456789abcdef@elsewhere.example"))).isEmpty();
        // Only the holder's tokens are handed out.
        assertThat(dynamic.lookupTokens(dap, OWNER, List.of(tkid))).isEmpty();
        JsonNode lookup = auditFor("/id-in").getLast();
        assertThat(lookup.path("event").asText()).isEqualTo("lookup");
    }

    @Test
    void aDasEncryptingToTheCseIssuesNestedTokensThatTheCseAccepts() throws Exception {
        Path dir = Files.createDirectories(shared.resolve("encrypting-" + SEQ.incrementAndGet()));
        // The CSE's token decryption key, and its certificate for the DAS (keytool, as the README shows).
        Path cseP12 = dir.resolve("cse-tokens.p12");
        Path pem = dir.resolve("cse-tokens.pem");
        keytool(dir, "-genkeypair", "-alias", "tokens", "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
                "CN=cse-tokens", "-validity", "30", "-storetype", "PKCS12", "-keystore", cseP12.toString(),
                "-storepass", PASSWORD);
        keytool(dir, "-exportcert", "-rfc", "-alias", "tokens", "-keystore", cseP12.toString(), "-storepass",
                PASSWORD, "-file", pem.toString());
        Path rules = Files.writeString(dir.resolve("rules.json"), RULES);
        try (DasProcess encrypting = DasProcess.start(List.of("--port", "0", "--rules", rules.toString(), "--data",
                dir.toString(), "--keystore", shared.resolve("das.p12").toString(), "--key-alias", "das",
                "--key-id", "das-1", "--encrypt-to", "/id-in=" + pem), PASSWORD, dir.resolve("das.log"))) {
            warmUp(encrypting);
            // Starting the DAS took real time (seconds on a loaded machine): ahead of real time again, as at the
            // start of the test, so that the tokens it issues from now on are valid on the CSE's clock.
            clock.set(Instant.now().plusSeconds(5));
            // This test's CSE again, now with its decryption key (password only in the environment it is given).
            server.close();
            ServerConfig c = M2m.config(cseData);
            c = c.withCse(c.cse().withDynamic(DynamicAuthorizationConfig.defaults().withTimeout(TIMEOUT)
                    .withDasIssuer(encrypting.dap(), "CDas"))).withTokens(TokenSettings.decryptionKey("tokens",
                    cseP12).withPasswordEnv("E2E_CSE_TOKENS_PASSWORD"));
            server = BastionServer.start(c, clock, Map.of("E2E_CSE_TOKENS_PASSWORD", PASSWORD)::get);
            m2m = new M2m(server.httpPort());

            // Indirect: tqf, a token from the DAS (now a JWE), the retry with it.
            String cnt = container("tok", dac(encrypting.dap()));
            JsonNode dreq = m2m.request("GET", cnt + "?tqi=true").from(STRANGER).send().expect(4103).json()
                    .path("m2m:tqf").path("dasi").get(0).path("dreq");
            ObjectNode seci = M2m.JSON.createObjectNode();
            seci.putObject("m2m:seci").put("sit", 1).set("dreq", dreq);
            String token = new M2m(encrypting.port()).request("POST", "/das/token").from(dreq.path("or").asText())
                    .body(seci.toString()).send().expect(2000).json().path("m2m:seci").path("dres").path("tkns")
                    .get(0).asText();
            assertThat(token.split("\\.")).as("a compact JWE").hasSize(5);
            M2m.Rsp ok = m2m.request("GET", cnt).from(STRANGER).header("Authorization", "Bearer " + token).send()
                    .expect(2000);
            assertThat(ok.header("X-M2M-ATI")).isNotEmpty();

            // Direct: the CSE consults the DAS, which answers an encrypted token; the CSE decrypts and verifies it.
            String direct = container("tok", dac(encrypting.dap()));
            m2m.retrieve(STRANGER, direct).expect(2000);
        }
    }

    /**
     * The DAS over TLS with client certificates required (its TLS key a second key of its signing keystore, all
     * certificates from keytool): the CSE trusts the site CA for the DAS ({@code das.trust}) and presents its HTTPS
     * key as client certificate ({@code das.client-certificate}), whose URI names its CSE-ID. A grant comes through;
     * a DAS whose certificate another CA issued is refused by the CSE's TLS client: 4103, the audit log naming the TLS
     * failure, well within the bounded wait.
     */
    @Test
    void overMutualTlsTheDasGrantsAndAnUntrustedDasCertificateIsA4103AuditedAsTls() throws Exception {
        Path dir = Files.createDirectories(shared.resolve("tls-" + SEQ.incrementAndGet()));
        KeytoolPki pki = new KeytoolPki(dir, PASSWORD);
        Path siteCa = pki.ca("site-ca");
        pki.ca("rogue-ca");
        Path signing = shared.resolve("das.p12");
        Path dasKeys = Files.copy(signing, dir.resolve("das.p12"));
        pki.issue("site-ca", dasKeys, "tls", "ip:127.0.0.1,dns:localhost", null);
        Path rogueKeys = Files.copy(signing, dir.resolve("rogue-das.p12"));
        pki.issue("rogue-ca", rogueKeys, "tls", "ip:127.0.0.1,dns:localhost", null);
        Path cseKey = pki.issue("site-ca", dir.resolve("cse.p12"), "cse",
                "uri:onem2m://bastion.example/id-in,dns:localhost,ip:127.0.0.1", "serverAuth,clientAuth");
        Path rules = Files.writeString(dir.resolve("rules.json"), RULES);
        List<String> common = List.of("--port", "0", "--rules", rules.toString(), "--key-alias", "das",
                "--key-id", "das-1", "--tls-key-alias", "tls", "--trust", siteCa.toString());
        List<String> good = new ArrayList<>(common);
        good.addAll(List.of("--keystore", dasKeys.toString(), "--data", dir.resolve("das-data").toString()));
        List<String> rogue = new ArrayList<>(common);
        rogue.addAll(List.of("--keystore", rogueKeys.toString(), "--data", dir.resolve("rogue-data").toString()));
        try (DasProcess tlsDas = DasProcess.start(good, PASSWORD, dir.resolve("das.log"));
             DasProcess rogueDas = DasProcess.start(rogue, PASSWORD, dir.resolve("rogue.log"))) {
            String dap = "https://127.0.0.1:" + tlsDas.port() + "/das";
            String rogueDap = "https://127.0.0.1:" + rogueDas.port() + "/das";
            server.close();
            Duration timeout = Duration.ofSeconds(10); // the first TLS handshakes of a fresh DAS JVM are slow
            ServerConfig c = M2m.config(cseData);
            c = c.withHttps(c.https().withKeystore(cseKey).withKeystorePasswordEnv("E2E_CSE_TLS_PASSWORD"))
                    .withCse(c.cse().withDynamic(DynamicAuthorizationConfig.defaults().withTimeout(timeout)
                            .withDasIssuer(dap, "CDas").withDasTrust(siteCa).withDasClientCertificate(true)));
            server = BastionServer.start(c, clock, Map.of("E2E_CSE_TLS_PASSWORD", PASSWORD)::get);
            m2m = new M2m(server.httpPort());

            String cnt = container("priv", dac(dap));
            m2m.retrieve(STRANGER, cnt).expect(2000);
            JsonNode grant = auditIn(dir.resolve("das-data"), "/id-in" + cnt).getFirst();
            assertThat(grant.path("event").asText()).isEqualTo("grant");
            assertThat(grant.path("requester").asText()).isEqualTo("/id-in");

            String rogueCnt = container("priv", dac(rogueDap));
            long t0 = System.nanoTime();
            String rqi = refusedRqi(rogueCnt);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertThat(ms).as("within the bounded wait (%d ms)", timeout.toMillis()).isLessThan(timeout.toMillis());
            assertThat(AuditLines.awaitRequest(cseData, rqi)).contains(rogueDap).contains("TLS handshake")
                    .contains("das.trust").doesNotContain("Exception").doesNotContain("sun.");
            assertThat(auditIn(dir.resolve("rogue-data"), "/id-in" + rogueCnt)).as("nothing reached the rogue DAS")
                    .isEmpty();
        }
    }

    /** The audit lines about {@code trid} of the DAS whose data folder is {@code data}. */
    static List<JsonNode> auditIn(Path data, String trid) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        Path file = data.resolve("das").resolve("audit.jsonl");
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file)) {
                JsonNode n = M2m.JSON.readTree(line);
                if (trid.equals(n.path("trid").asText())) {
                    out.add(n);
                }
            }
        }
        return out;
    }

    static void keytool(Path dir, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool")
                .toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve("keytool-" + SEQ.incrementAndGet() + ".log").toFile()).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
    }

    @Test
    void aHungOrKilledDasCostsOneBoundedWaitAndThenDenies() throws Exception {
        Path dir = Files.createDirectories(shared.resolve("doomed-" + SEQ.incrementAndGet()));
        Path rules = Files.writeString(dir.resolve("rules.json"), RULES);
        try (DasProcess doomed = DasProcess.start(List.of("--port", "0", "--rules", rules.toString(), "--data",
                dir.toString()), "unused", dir.resolve("das.log"))) {
            warmUp(doomed);
            String daci = dac(doomed.dap());
            m2m.retrieve(STRANGER, container("priv", daci)).expect(2000);

            // Hung (frozen: connections are accepted, nothing answers): one bounded wait, then 4103.
            doomed.signal("STOP");
            String hungCnt = container("priv", daci);
            long t0 = System.nanoTime();
            String hung = refusedRqi(hungCnt);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertThat(AuditLines.awaitRequest(cseData, hung)).contains(doomed.dap()).contains("did not answer within");
            assertThat(ms).as("one bounded wait (timeout %d ms)", TIMEOUT.toMillis())
                    .isBetween(TIMEOUT.toMillis() - 100, TIMEOUT.toMillis() + 3000);

            // Killed: refused at once, 4103, the audit log naming the DAS.
            doomed.kill();
            assertThat(doomed.isAlive()).isFalse();
            String deadCnt = container("priv", daci);
            t0 = System.nanoTime();
            String dead = refusedRqi(deadCnt);
            ms = (System.nanoTime() - t0) / 1_000_000;
            assertThat(AuditLines.awaitRequest(cseData, dead)).contains(doomed.dap());
            assertThat(ms).as("within the timeout (%d ms)", TIMEOUT.toMillis())
                    .isLessThan(TIMEOUT.toMillis() + 3000);

            // A token lookup at the dead DAS fails the same way, naming it.
            var dynamic = server.cse().dynamicAuthorization();
            try {
                dynamic.lookupTokens(URI.create(doomed.dap()), STRANGER, List.of("00@x.example"));
                throw new AssertionError("a lookup at a dead DAS must fail");
            } catch (DasFailure expected) {
                assertThat(expected.getMessage()).contains(doomed.dap());
            }
        }
    }
}
