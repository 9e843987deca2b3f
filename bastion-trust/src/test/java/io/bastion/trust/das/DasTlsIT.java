package io.bastion.trust.das;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bastion.bindings.https.ClientCertificates;
import io.bastion.security.environment.Pkcs12Environment;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The DAS over TLS with client certificates required, spoken to by the JDK's HTTP client as a Hosting CSE would
 * ({@code das.trust} and {@code das.client-certificate} at the CSE): the DAS's TLS key is a second key of its signing
 * keystore; every certificate comes from {@code keytool}.
 */
class DasTlsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "das-tls-secret";
    private static final String RULES = """
            {"rules": [{"name": "lights", "originators": ["/id-in/Clight*"], "targets": ["/id-in/cse-in/lights/**"],
               "operations": ["retrieve"], "lifetime": 60, "grant": "privileges", "hostingCses": ["/id-in"]}]}""";
    private static final String DREQ = "{\"m2m:seci\":{\"sit\":1,\"dreq\":{\"or\":\"/id-in/Clight1\",\"op\":2,"
            + "\"trid\":\"/id-in/cse-in/lights/l1\"}}}";

    @TempDir
    static Path dir;
    static Pkcs12Environment env;
    static DasServer das;
    static Path caPem;
    static Path rogueCaPem;
    static Path cseP12;
    static Path rogueP12;

    @BeforeAll
    static void start() throws Exception {
        KeytoolPki pki = new KeytoolPki(dir, PASSWORD);
        caPem = pki.ca("site-ca");
        rogueCaPem = pki.ca("rogue-ca");
        Path dasP12 = dir.resolve("das.p12");
        pki.issue("site-ca", dasP12, "das", "dns:localhost", null);           // the signing key
        pki.issue("site-ca", dasP12, "tls", "ip:127.0.0.1,dns:localhost", null); // the TLS server key
        cseP12 = pki.issue("site-ca", dir.resolve("cse.p12"), "cse", "uri:onem2m://bastion.example/id-in",
                "clientAuth");
        rogueP12 = pki.issue("rogue-ca", dir.resolve("rogue.p12"), "cse", "uri:onem2m://bastion.example/id-in",
                "clientAuth");
        env = Pkcs12Environment.open(dasP12, "DAS_P12_PASSWORD", Map.of("DAS_P12_PASSWORD", PASSWORD)::get);
        Path rules = Files.writeString(dir.resolve("rules.json"), RULES);
        das = DasServer.start(DasSettings.defaults().withPort(0).withRules(rules).withDataDir(dir.resolve("data")),
                JwsTokenIssuer.es256(env, "das", "das"), Clock.systemUTC(),
                new DasTls(env.serverCredentials("tls"), ClientCertificates.REQUIRED, caPem, null));
    }

    @AfterAll
    static void stop() {
        if (das != null) {
            das.close();
        }
        if (env != null) {
            env.close();
        }
    }

    /** A TLS context trusting {@code ca} and presenting the key in {@code p12} (null: none). */
    static SSLContext tls(Path ca, Path p12) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(ca)) {
            trust.setCertificateEntry("ca", java.security.cert.CertificateFactory.getInstance("X.509")
                    .generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
        tmf.init(trust);
        KeyManagerFactory kmf = null;
        if (p12 != null) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(p12)) {
                ks.load(in, PASSWORD.toCharArray());
            }
            kmf = KeyManagerFactory.getInstance("PKIX");
            kmf.init(ks, PASSWORD.toCharArray());
        }
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf == null ? null : new javax.net.ssl.KeyManager[] {
            new AlwaysPresent((javax.net.ssl.X509ExtendedKeyManager) kmf.getKeyManagers()[0])},
                tmf.getTrustManagers(), null);
        return ctx;
    }

    /** Presents its certificate whatever CAs the server names, so that a refusal is the server's decision. */
    private static final class AlwaysPresent extends javax.net.ssl.X509ExtendedKeyManager {
        private final javax.net.ssl.X509ExtendedKeyManager km;

        AlwaysPresent(javax.net.ssl.X509ExtendedKeyManager km) {
            this.km = km;
        }

        @Override
        public String[] getClientAliases(String keyType, java.security.Principal[] issuers) {
            return km.getClientAliases(keyType, null);
        }

        @Override
        public String chooseClientAlias(String[] keyType, java.security.Principal[] issuers, java.net.Socket s) {
            return km.chooseClientAlias(keyType, null, s);
        }

        @Override
        public String chooseEngineClientAlias(String[] keyType, java.security.Principal[] issuers,
                                              javax.net.ssl.SSLEngine e) {
            return km.chooseEngineClientAlias(keyType, null, e);
        }

        @Override
        public String[] getServerAliases(String keyType, java.security.Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseServerAlias(String keyType, java.security.Principal[] issuers, java.net.Socket s) {
            return null;
        }

        @Override
        public java.security.cert.X509Certificate[] getCertificateChain(String alias) {
            return km.getCertificateChain(alias);
        }

        @Override
        public java.security.PrivateKey getPrivateKey(String alias) {
            return km.getPrivateKey(alias);
        }
    }

    static HttpResponse<String> consult(SSLContext ssl, String origin) throws Exception {
        try (HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(ssl)
                .connectTimeout(Duration.ofSeconds(10)).build()) {
            HttpRequest rq = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + das.port() + "/das"))
                    .timeout(Duration.ofSeconds(10)).header("X-M2M-Origin", origin).header("X-M2M-RI", "tls-1")
                    .header("X-M2M-RVI", "3").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(DREQ)).build();
            return http.send(rq, HttpResponse.BodyHandlers.ofString());
        }
    }

    static List<JsonNode> audit() throws IOException {
        return Files.readAllLines(dir.resolve("data/das/audit.jsonl")).stream().map(l -> {
            try {
                return JSON.readTree(l);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    @Test
    void aCseWithACertificateOfTheTrustedCaIsGranted() throws Exception {
        HttpResponse<String> r = consult(tls(caPem, cseP12), "/id-in");
        assertThat(r.headers().firstValue("X-M2M-RSC")).contains("2000");
        assertThat(JSON.readTree(r.body()).path("m2m:seci").path("dres").path("dai").path("gp").path("acr").get(0)
                .path("acor").get(0).asText()).isEqualTo("/id-in/Clight1");
    }

    @Test
    void anOriginatorTheCertificateDoesNotNameIsRefusedWith4106AndAudited() throws Exception {
        HttpResponse<String> r = consult(tls(caPem, cseP12), "/id-other");
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.headers().firstValue("X-M2M-RSC")).contains("4106");
        assertThat(JSON.readTree(r.body()).path("m2m:dbg").asText()).contains("/id-other").contains("32-");
        JsonNode line = audit().stream().filter(n -> n.path("from").asText().equals("/id-other")).findFirst()
                .orElseThrow();
        assertThat(line.path("event").asText()).isEqualTo("refused");
        assertThat(line.path("rsc").asInt()).isEqualTo(4106);
        assertThat(line.path("credential").asText()).startsWith("32-");
    }

    @Test
    void aClientThatDoesNotTrustTheDasCertificateFailsTheHandshake() {
        assertThatThrownBy(() -> consult(tls(rogueCaPem, cseP12), "/id-in"))
                .isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void withoutAClientCertificateTheConnectionIsRefused() {
        assertThatThrownBy(() -> consult(tls(caPem, null), "/id-in")).isInstanceOf(IOException.class);
    }

    @Test
    void aClientCertificateFromAnotherCaIsRefused() {
        assertThatThrownBy(() -> consult(tls(caPem, rogueP12), "/id-in")).isInstanceOf(IOException.class);
    }
}
