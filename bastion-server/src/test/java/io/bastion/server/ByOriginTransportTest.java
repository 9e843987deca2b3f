package io.bastion.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.bastion.core.binding.RequestTransport;
import io.bastion.core.codec.Serialization;
import io.bastion.core.primitive.Request;
import io.bastion.core.primitive.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/** Which transport a point of access goes through, and when plain http is sent to at all. */
class ByOriginTransportTest {

    /** Records the points of access it was asked to send to; answers nothing. */
    static final class Recording implements RequestTransport {
        final List<String> sent = new ArrayList<>();

        @Override
        public boolean supports(String poa) {
            return true;
        }

        @Override
        public CompletableFuture<Response> send(String poa, Request rq, Serialization s, Duration timeout) {
            sent.add(poa);
            return new CompletableFuture<>();
        }
    }

    @Test
    void theRegistrarsOriginGoesThroughItsTransportAndEveryOtherHttpsPoaThroughThePeers() {
        Recording registrar = new Recording();
        Recording peers = new Recording();
        ByOriginTransport t = new ByOriginTransport("https://IN.example:8443", registrar, peers, false);
        t.send("https://in.example:8443/", null, Serialization.JSON, Duration.ofSeconds(1));
        t.send("https://in.example:9443", null, Serialization.JSON, Duration.ofSeconds(1));
        t.send("https://mn.example", null, Serialization.JSON, Duration.ofSeconds(1));
        assertThat(registrar.sent).containsExactly("https://in.example:8443/");
        assertThat(peers.sent).containsExactly("https://in.example:9443", "https://mn.example");
    }

    @Test
    void plainHttpToAPeerIsRefusedUnlessMccPlainAllowIsSet() throws Exception {
        Recording peers = new Recording();
        ByOriginTransport closed = new ByOriginTransport(null, null, peers, false);
        assertThat(closed.supports("http://mn.example:8080")).isFalse();
        assertThat(closed.supports("https://mn.example:8443")).isTrue();
        assertThat(closed.supports("coap://mn.example")).isFalse();
        assertThat(closed.supports("not a uri")).isFalse();
        CompletableFuture<Response> refused = closed.send("http://mn.example:8080", null, Serialization.JSON,
                Duration.ofSeconds(1));
        assertThat(refused).isCompletedExceptionally();
        assertThat(org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, refused::get)
                .getCause().getMessage()).contains("mcc.plain.allow");
        assertThat(peers.sent).isEmpty();
        assertThat(new ByOriginTransport(null, null, peers, true).supports("http://mn.example:8080")).isTrue();
    }

    @Test
    void aPlainRegistrarNamedInMccPlainAllowStillGoesThroughItsOwnTransport() {
        Recording registrar = new Recording();
        ByOriginTransport t = new ByOriginTransport("http://in.example", registrar, new Recording(), false);
        assertThat(t.supports("http://in.example:80/")).isTrue();
        assertThat(t.supports("http://other.example")).isFalse();
    }

    @Test
    void theSettingsAreParsedAndAMistypedClientCertificateIsNamed() {
        Properties p = new Properties();
        p.setProperty("mcc.trust", " /etc/bastion/mcc-ca.pem ");
        p.setProperty("mcc.client-certificate", "https");
        var tls = MccSettings.load(p, false).peerTls();
        assertThat(tls.trust()).isEqualTo("/etc/bastion/mcc-ca.pem");
        assertThat(tls.clientCertificate()).isTrue();
        p.setProperty("mcc.client-certificate", "yes");
        assertThat(org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> MccSettings.load(p, true)).getMessage()).contains("mcc.client-certificate");
    }

    /** mcc.client-certificate as given, else https exactly when an HTTPS key is configured; the registrar's stays. */
    @Test
    void theClientCertificateTowardsOtherCsesDefaultsToTheHttpsKeyWhenThereIsOne() {
        record Case(String setting, boolean hasServerKey, boolean presented) {
        }
        for (Case c : java.util.List.of(new Case(null, false, false), new Case(null, true, true),
                new Case("none", true, false), new Case("https", true, true), new Case("https", false, true))) {
            Properties p = new Properties();
            if (c.setting() != null) {
                p.setProperty("mcc.client-certificate", c.setting());
            }
            assertThat(MccSettings.load(p, c.hasServerKey()).peerTls().clientCertificate()).as(c.toString())
                    .isEqualTo(c.presented());
        }
        Properties registree = new Properties();
        registree.setProperty("cse.type", "MN");
        registree.setProperty("registrar.url", "https://in.example:8443");
        registree.setProperty("registrar.cse-id", "/id-in");
        registree.setProperty("registrar.name", "cse-in");
        assertThat(MccSettings.load(registree, true).registrar().clientCertificate()).isFalse();
    }

    @Test
    void aConfigurationFileWithAnHttpsKeyPresentsItToOtherCses(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path with = java.nio.file.Files.writeString(dir.resolve("with.properties"),
                "https.keystore=" + dir.resolve("server.p12") + "\n");
        java.nio.file.Path without = java.nio.file.Files.writeString(dir.resolve("without.properties"), "http.port=0\n");
        assertThat(ServerConfig.load(with).mcc().peerTls().clientCertificate()).isTrue();
        assertThat(ServerConfig.load(without).mcc().peerTls().clientCertificate()).isFalse();
    }
}
