package io.bastion.server.environment;

import static org.assertj.core.api.Assertions.assertThat;

import io.bastion.security.environment.SoftHsm;
import io.bastion.server.BastionServer;
import io.bastion.server.CoapSettings;
import io.bastion.server.ServerConfig;
import io.bastion.server.TestPki;
import io.bastion.server.coap.CoapTestClient;
import io.bastion.server.coap.CoapTestClient.Rsp;
import io.bastion.server.it.M2m;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import io.bastion.security.certificate.CertificateBindings;
import io.bastion.security.certificate.PublicKeyId;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.eclipse.californium.elements.DtlsEndpointContext;
import org.eclipse.californium.elements.auth.X509CertPath;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.dtls.cipher.CipherSuite;
import org.eclipse.californium.scandium.dtls.x509.SingleCertificateProvider;
import org.eclipse.californium.scandium.dtls.x509.StaticNewAdvancedCertificateVerifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real DTLS 1.2 certificate handshake (TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8) whose server signature is made by a
 * SoftHSM2 token: the key is generated on the token with keytool, the server is configured with the
 * {@code https.pkcs11-*} keys, and the HTTPS door uses the same token key at the same time (one login for both
 * doors). Skipped when SoftHSM2 is not installed.
 */
class Pkcs11CoapsIT {
    @TempDir
    Path dir;

    @Test
    void theDtlsHandshakeIsSignedByTheTokenWhileHttpsUsesTheSameKey() throws Exception {
        SoftHsm hsm = SoftHsm.token();
        Path cfg = hsm.configFile(dir);
        hsm.generateKey(cfg, "coaps-server", "CN=localhost");
        X509Certificate cert = hsm.certificate(cfg, "coaps-server");

        Path props = Files.writeString(dir.resolve("bastion.properties"), "https.port=0\ncoaps.port=0\n"
                + "https.pkcs11-config=" + cfg + "\nhttps.pkcs11-key-alias=coaps-server\n"
                + "https.pkcs11-pin-env=MY_TOKEN_PIN\n");
        ServerConfig loaded = ServerConfig.load(props);
        assertThat(loaded.coap()).isEqualTo(new CoapSettings(-1, 0));
        ServerConfig config = M2m.config(dir.resolve("data")).withHttps(loaded.https()).withCoap(loaded.coap());

        try (BastionServer server = BastionServer.start(config, Clock.systemUTC(),
                Map.of("MY_TOKEN_PIN", SoftHsm.PIN)::get)) {
            // a client without a certificate of its own: the server's ServerKeyExchange signature is the token's
            try (CoapTestClient c = CoapTestClient.dtls(server.coapsPort(), b -> b
                    .setAsList(DtlsConfig.DTLS_CIPHER_SUITES, CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8)
                    .setAdvancedCertificateVerifier(StaticNewAdvancedCertificateVerifier.builder()
                            .setTrustedCertificates(cert).build()))) {
                Rsp r = c.retrieve("CAdmin", "/cse-in");
                assertThat(r).as("no answer: the DTLS handshake failed").isNotNull();
                assertThat(r.rsc()).as("%s", r).isPositive();
                var ctx = r.raw().advanced().getSourceContext();
                assertThat(ctx.get(DtlsEndpointContext.KEY_CIPHER))
                        .isEqualTo(CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8.name());
                assertThat(((X509CertPath) ctx.getPeerIdentity()).getTarget()).isEqualTo(cert);
            }

            // clients with raw public keys: the server verifies their CertificateVerify in software and signs its
            // ServerKeyExchange on the token, on whichever DTLS worker thread gets each flight
            for (int i = 0; i < 12; i++) {
                KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
                g.initialize(new ECGenParameterSpec("secp256r1"));
                KeyPair kp = g.generateKeyPair();
                String ae = "Cp11rpk" + i;
                CertificateBindings.inDataDir(config.dataDir()).bind(
                        PublicKeyId.of(kp.getPublic(), PublicKeyId.Algorithm.SHA_256).credentialId(), List.of(ae));
                try (CoapTestClient c = CoapTestClient.dtls(server.coapsPort(), b -> b
                        .setAsList(DtlsConfig.DTLS_CIPHER_SUITES, CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8)
                        .setCertificateIdentityProvider(new SingleCertificateProvider(kp.getPrivate(), kp.getPublic()))
                        .setAdvancedCertificateVerifier(StaticNewAdvancedCertificateVerifier.builder()
                                .setTrustedCertificates(cert).setTrustAllRPKs().build()))) {
                    Rsp r = c.create(ae, "/cse-in", 2, M2m.aeBody("p11rpk" + i));
                    assertThat(r).as("handshake %d failed", i).isNotNull();
                    assertThat(r.rsc()).as("%s", r).isEqualTo(2001);
                }
            }

            SSLContext ctx = TestPki.trusting(cert);
            try (HttpClient h = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(ctx)
                    .connectTimeout(Duration.ofSeconds(20)).build()) {
                HttpResponse<String> r = h.send(HttpRequest.newBuilder(
                                URI.create("https://localhost:" + server.httpsPort() + "/~/id-in/cse-in"))
                        .timeout(Duration.ofSeconds(20)).header("X-M2M-RI", "p11-coaps").header("X-M2M-RVI", "3")
                        .header("X-M2M-Origin", "CAdmin").header("Accept", "application/json").GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(r.headers().firstValue("X-M2M-RSC")).isPresent();
                assertThat(r.sslSession().orElseThrow().getPeerCertificates()[0]).isEqualTo(cert);
            }
        }
    }
}
