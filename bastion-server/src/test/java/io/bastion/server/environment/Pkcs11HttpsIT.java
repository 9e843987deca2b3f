package io.bastion.server.environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bastion.server.BastionServer;
import io.bastion.server.HttpsSettings;
import io.bastion.server.ServerConfig;
import io.bastion.server.TestPki;
import io.bastion.server.it.M2m;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.bastion.security.environment.SoftHsm;

/**
 * A real HTTPS handshake whose server key lives on a SoftHSM2 token: the key is generated on the token with keytool
 * (as in the README), the server is configured with the {@code https.pkcs11-*} keys, and the JDK HTTP client checks
 * the certificate read from the token by another process. Skipped when SoftHSM2 is not installed.
 */
class Pkcs11HttpsIT {
    @TempDir
    Path dir;

    @Test
    void theHandshakeIsSignedByTheToken() throws Exception {
        SoftHsm hsm = SoftHsm.token();
        Path cfg = hsm.configFile(dir);
        hsm.generateKey(cfg, "https-server", "CN=localhost");
        X509Certificate cert = hsm.certificate(cfg, "https-server");

        Path props = Files.writeString(dir.resolve("bastion.properties"), "https.port=0\n"
                + "https.pkcs11-config=" + cfg + "\nhttps.pkcs11-key-alias=https-server\n"
                + "https.pkcs11-pin-env=MY_TOKEN_PIN\n");
        HttpsSettings https = ServerConfig.load(props).https();
        assertThat(https.keystore()).isNull();
        assertThat(https.pkcs11()).isEqualTo(new Pkcs11KeySettings(cfg, "https-server", "MY_TOKEN_PIN"));
        ServerConfig config = M2m.config(dir.resolve("data")).withHttps(https);

        try (BastionServer server = BastionServer.start(config, Clock.systemUTC(),
                Map.of("MY_TOKEN_PIN", SoftHsm.PIN)::get)) {
            SSLContext ctx = TestPki.trusting(cert);
            try (HttpClient c = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(ctx)
                    .connectTimeout(Duration.ofSeconds(20)).build()) {
                HttpResponse<String> r = c.send(HttpRequest.newBuilder(
                                URI.create("https://localhost:" + server.httpsPort() + "/~/id-in/cse-in"))
                        .timeout(Duration.ofSeconds(20)).header("X-M2M-RI", "p11-1").header("X-M2M-RVI", "3")
                        .header("X-M2M-Origin", "CAdmin").header("Accept", "application/json").GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).isBetween(200, 499);
                assertThat(r.headers().firstValue("X-M2M-RSC")).isPresent();
                X509Certificate peer = (X509Certificate) r.sslSession().orElseThrow().getPeerCertificates()[0];
                assertThat(peer).isEqualTo(cert);
                assertThat(peer.getPublicKey().getAlgorithm()).isEqualTo("EC");
            }
        }
    }

    @Test
    void theTokenPinMustBeInTheEnvironmentAndOneKeySourceIsAllowed() throws Exception {
        Path props = Files.writeString(dir.resolve("b.properties"), "https.port=0\n"
                + "https.pkcs11-config=/etc/bastion/token.cfg\nhttps.pkcs11-key-alias=k\n");
        HttpsSettings h = ServerConfig.load(props).https();
        assertThat(h.pkcs11().pinEnv()).isEqualTo(Pkcs11KeySettings.DEFAULT_PIN_ENV);
        ServerConfig both = M2m.config(dir.resolve("d1")).withHttps(h.withKeystore(dir.resolve("x.p12")));
        assertThatThrownBy(() -> BastionServer.start(both, Clock.systemUTC(), n -> null))
                .hasMessageContaining("not both");
        Path noCfg = Files.writeString(dir.resolve("c.properties"), "https.pkcs11-key-alias=k\n");
        assertThatThrownBy(() -> ServerConfig.load(noCfg)).hasMessageContaining("https.pkcs11-config");
        ServerConfig unset = M2m.config(dir.resolve("d2")).withHttps(h);
        assertThatThrownBy(() -> BastionServer.start(unset, Clock.systemUTC(), n -> null))
                .hasMessageContaining(Pkcs11KeySettings.DEFAULT_PIN_ENV);
    }
}
