package io.bastion.trust.das;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import io.bastion.security.environment.Pkcs12Environment;
import io.bastion.security.token.FileTrustedIssuers;
import io.bastion.security.token.IssuerKey;
import io.bastion.security.token.TrustedIssuer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The DAS over real HTTP, spoken to as a Hosting CSE and an Originator would (TS-0009: POST without ty = NOTIFY,
 * X-M2M-Origin/RI/RVI, application/json), with an ES256 key in a PKCS#12 secure environment; tokens are checked
 * with Nimbus against the environment's public key.
 */
class DasServerIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "das-it-secret";
    private static final String RULES = """
            {"rules": [
              {"name": "lights", "originators": ["/id-in/Clight*"], "targets": ["/id-in/cse-in/lights/**"],
               "operations": ["retrieve"], "lifetime": 60, "grant": "privileges", "hostingCses": ["/id-in"]},
              {"name": "door", "originators": ["/id-in/Cguard"], "targets": ["/id-in/cse-in/door"],
               "operations": ["retrieve", "update"], "lifetime": 120, "grant": "both"}
            ]}""";

    @TempDir
    static Path dir;
    static Pkcs12Environment env;
    static DasServer das;
    static HttpClient http;
    static int rqi;

    @BeforeAll
    static void start() throws Exception {
        Path p12 = dir.resolve("das.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "das", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=bastion-das",
                "-validity", "30", "-storetype", "PKCS12", "-keystore", p12.toString(), "-storepass", PASSWORD)
                .redirectErrorStream(true).redirectOutput(dir.resolve("keytool.log").toFile()).start();
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).isZero();
        env = Pkcs12Environment.open(p12, "DAS_P12_PASSWORD", Map.of("DAS_P12_PASSWORD", PASSWORD)::get);
        Path rules = Files.writeString(dir.resolve("rules.json"), RULES);
        das = DasServer.start(DasSettings.defaults().withPort(0).withRules(rules).withDataDir(dir.resolve("data"))
                .withTokenDomain("das.example.com"), JwsTokenIssuer.es256(env, "das", "das-1"), Clock.systemUTC());
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    @AfterAll
    static void stop() {
        if (das != null) {
            das.close();
        }
        if (env != null) {
            env.close();
        }
        if (http != null) {
            http.close();
        }
    }

    static HttpResponse<String> post(String path, String origin, String body) throws Exception {
        HttpRequest rq = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + das.port() + path))
                .timeout(Duration.ofSeconds(10))
                .header("X-M2M-Origin", origin)
                .header("X-M2M-RI", "rq-" + (++rqi))
                .header("X-M2M-RVI", "3")
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return http.send(rq, HttpResponse.BodyHandlers.ofString());
    }

    static String dreq(String or, int op, String trid, String more) {
        return "{\"m2m:seci\":{\"sit\":1,\"dreq\":{\"or\":\"" + or + "\",\"trt\":4,\"op\":" + op + ",\"trid\":\""
                + trid + "\"" + more + "}}}";
    }

    static JsonNode verified(String token) throws Exception {
        JWSObject jws = JWSObject.parse(token);
        assertThat(jws.getHeader().getAlgorithm().getName()).isEqualTo("ES256");
        assertThat(jws.getHeader().getKeyID()).isEqualTo("das-1");
        assertThat(jws.verify(new ECDSAVerifier((ECPublicKey) env.publicKey("das")))).isTrue();
        return JSON.readTree(jws.getPayload().toString());
    }

    @Test
    void aHostingCseIsGrantedPrivilegesForSixtySeconds() throws Exception {
        HttpResponse<String> r = post("/das", "/id-in", dreq("/id-in/Clight7", 2, "/id-in/cse-in/lights/lamp1",
                ",\"ppl\":\"600000\""));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("X-M2M-RSC")).contains("2000");
        assertThat(r.headers().firstValue("X-M2M-RI")).contains("rq-" + rqi);
        JsonNode seci = JSON.readTree(r.body()).path("m2m:seci");
        assertThat(seci.path("sit").asInt()).isEqualTo(2);
        assertThat(seci.path("dres").path("dai").path("gp")).isEqualTo(
                JSON.readTree("{\"acr\":[{\"acor\":[\"/id-in/Clight7\"],\"acop\":2}]}"));
        assertThat(seci.path("dres").path("dai").path("pl").asText()).matches("\\d{8}T\\d{6},\\d{6}");
        assertThat(seci.path("dres").has("tkns")).isFalse();
    }

    @Test
    void noGrantIsAnOkWithoutContent() throws Exception {
        HttpResponse<String> r = post("/das", "/id-in", dreq("/id-in/Cstranger", 2, "/id-in/cse-in/door", ""));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("X-M2M-RSC")).contains("2000");
        assertThat(r.body()).isEmpty();
        HttpResponse<String> otherCse = post("/das", "/id-other", dreq("/id-in/Clight7", 2,
                "/id-in/cse-in/lights/lamp1", ""));
        assertThat(otherCse.body()).as("rule limited to /id-in").isEmpty();
    }

    @Test
    void aTokenGrantCarriesASignedTokenForTheCseThatCanBeFetchedByItsId() throws Exception {
        HttpResponse<String> r = post("/das", "/id-in", dreq("/id-in/Cguard", 3, "/id-in/cse-in/door",
                ",\"oip\":{\"ip4\":\"192.0.2.1\"}"));
        JsonNode dres = JSON.readTree(r.body()).path("m2m:seci").path("dres");
        assertThat(dres.path("dai").path("gp").path("acr").get(0).path("acop").asInt()).isEqualTo(6);
        String token = dres.path("tkns").get(0).asText();
        JsonNode claims = verified(token);
        assertThat(claims.path("iss").asText()).isEqualTo("CDas");
        assertThat(claims.path("azp").asText()).isEqualTo("/id-in/Cguard");
        assertThat(claims.path("aud")).isEqualTo(JSON.readTree("[\"/id-in\"]"));
        assertThat(claims.path("exp").asLong() - claims.path("nbf").asLong()).isBetween(119L, 120L);
        assertThat(claims.path("tkps").path("pm").get(0).path("ris")).isEqualTo(JSON.readTree(
                "[\"/id-in/cse-in/door\"]"));
        String tkid = claims.path("jti").asText();

        HttpResponse<String> lookup = post("/das", "/id-in", dreq("/id-in/Cguard", 2, "/id-in/cse-in/door",
                ",\"tids\":[\"" + tkid + "\"]"));
        assertThat(JSON.readTree(lookup.body()).path("m2m:seci").path("dres").path("tkns").get(0).asText())
                .isEqualTo(token);
        String audit = Files.readString(dir.resolve("data/das/audit.jsonl"));
        assertThat(audit).contains(tkid).doesNotContain(token).doesNotContain(PASSWORD);
    }

    @Test
    void anOriginatorFetchesATokenForItselfAtDasToken() throws Exception {
        HttpResponse<String> r = post("/das/token", "/id-in/Cguard", dreq("/id-in/Cguard", 2,
                "/id-in/cse-in/door", ""));
        assertThat(r.headers().firstValue("X-M2M-RSC")).contains("2000");
        JsonNode dres = JSON.readTree(r.body()).path("m2m:seci").path("dres");
        assertThat(dres.has("dai")).as("an originator cannot create ACPs").isFalse();
        JsonNode claims = verified(dres.path("tkns").get(0).asText());
        assertThat(claims.path("aud")).isEqualTo(JSON.readTree("[\"/id-in\"]"));
        assertThat(claims.path("azp").asText()).isEqualTo("/id-in/Cguard");

        HttpResponse<String> forOther = post("/das/token", "/id-in/Cmallory", dreq("/id-in/Cguard", 2,
                "/id-in/cse-in/door", ""));
        assertThat(forOther.statusCode()).isEqualTo(403);
        assertThat(forOther.headers().firstValue("X-M2M-RSC")).contains("4103");
    }

    @Test
    void garbageIsRefusedWith4000AndAMessage() throws Exception {
        HttpResponse<String> notJson = post("/das", "/id-in", "{not json");
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(notJson.headers().firstValue("X-M2M-RSC")).contains("4000");

        HttpResponse<String> badOp = post("/das", "/id-in", dreq("/id-in/Cguard", 9, "/id-in/cse-in/door", ""));
        assertThat(badOp.headers().firstValue("X-M2M-RSC")).contains("4000");
        assertThat(JSON.readTree(badOp.body()).path("m2m:dbg").asText())
                .isEqualTo("m2m:seci.dreq.op: must be an integer 1..5 (m2m:operation)");

        HttpResponse<String> wrongType = post("/das", "/id-in", "{\"m2m:seci\":{\"sit\":2}}");
        assertThat(wrongType.headers().firstValue("X-M2M-RSC")).contains("4000");

        HttpRequest get = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + das.port() + "/das"))
                .header("X-M2M-Origin", "/id-in").header("X-M2M-RI", "g1").header("X-M2M-RVI", "3").GET().build();
        assertThat(http.send(get, HttpResponse.BodyHandlers.ofString()).headers().firstValue("X-M2M-RSC"))
                .contains("4005");
        assertThat(post("/elsewhere", "/id-in", dreq("a", 2, "t", "")).headers().firstValue("X-M2M-RSC"))
                .contains("4004");
    }

    @Test
    void theExportedIssuerEntryIsWhatACseTrustFileReads() throws Exception {
        JsonNode entry = IssuerEntry.es256("CDas", env, "das", "das-1");
        assertThat(entry.path("keys").get(0).has("d")).isFalse();
        Path file = FileTrustedIssuers.fileIn(dir.resolve("cse"));
        Files.createDirectories(file.getParent());
        Files.writeString(file, "{\"version\":1,\"issuers\":[" + entry + "]}");
        TrustedIssuer issuer = new FileTrustedIssuers(file, Duration.ZERO).issuer("CDas").orElseThrow();
        assertThat(issuer.keys()).singleElement().isInstanceOfSatisfying(IssuerKey.EcP256.class,
                k -> assertThat(k.key()).isEqualTo(env.publicKey("das")));
        assertThat(List.of(issuer.keys().get(0).keyId())).containsExactly("das-1");
    }
}
