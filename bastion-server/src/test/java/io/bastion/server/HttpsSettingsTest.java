package io.bastion.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bastion.bindings.https.ClientCertificates;
import io.bastion.server.it.M2m;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code https.*} configuration keys, {@code --https-port}, and the keystore password's source. */
class HttpsSettingsTest {
    @TempDir
    Path dir;

    @Test
    void httpsIsDisabledByDefault() {
        HttpsSettings h = ServerConfig.defaults().https();
        assertThat(h.enabled()).isFalse();
        assertThat(h.port()).isEqualTo(-1);
        assertThat(h.clientCertificates()).isEqualTo(ClientCertificates.OPTIONAL);
        assertThat(h.keystorePasswordEnv()).isEqualTo("BASTION_KEYSTORE_PASSWORD");
    }

    @Test
    void theKeysAreRead() throws Exception {
        Path f = Files.writeString(dir.resolve("c.properties"), """
                https.port=8443
                https.keystore=/etc/bastion/server.p12
                https.keystore-password-env=MY_P12_PASSWORD
                https.client-auth=required
                """);
        HttpsSettings h = ServerConfig.load(f).https();
        assertThat(h.port()).isEqualTo(8443);
        assertThat(h.keystore()).isEqualTo(Path.of("/etc/bastion/server.p12"));
        assertThat(h.keystorePasswordEnv()).isEqualTo("MY_P12_PASSWORD");
        assertThat(h.clientCertificates()).isEqualTo(ClientCertificates.REQUIRED);
    }

    @Test
    void badValuesAreRefused() throws Exception {
        Path f = Files.writeString(dir.resolve("bad.properties"), "https.client-auth=maybe\n");
        assertThatThrownBy(() -> ServerConfig.load(f)).hasMessageContaining("none, optional or required");
        Path g = Files.writeString(dir.resolve("bad2.properties"), "https.port=70000\n");
        assertThatThrownBy(() -> ServerConfig.load(g)).hasMessageContaining("https.port");
    }

    @Test
    void theCommandLineSetsThePort() throws Exception {
        assertThat(Main.parseRun(List.of("--https-port", "0")).https().port()).isZero();
    }

    @Test
    void aMissingKeystoreOrPasswordVariableStopsTheStartWithAClearMessage() throws Exception {
        ServerConfig c = M2m.config(dir.resolve("data")).withHttps(HttpsSettings.defaults().withPort(0));
        assertThatThrownBy(() -> BastionServer.start(c, Clock.systemUTC(), n -> null))
                .hasMessageContaining("https.keystore is not set");
        TestPki.Issued root = TestPki.ca("R");
        Path p12 = TestPki.pkcs12(dir.resolve("s.p12"), new TestPki.Spec("CN=localhost").issue(root),
                "secret-1".toCharArray());
        ServerConfig withKs = c.withHttps(c.https().withKeystore(p12));
        assertThatThrownBy(() -> BastionServer.start(withKs, Clock.systemUTC(), n -> null))
                .hasMessageContaining("BASTION_KEYSTORE_PASSWORD").hasMessageContaining("not set");
        assertThatThrownBy(() -> BastionServer.start(withKs, Clock.systemUTC(), n -> "wrong"))
                .hasMessageContaining("cannot open keystore");
        try (BastionServer s = BastionServer.start(withKs, Clock.systemUTC(), n -> "secret-1")) {
            assertThat(s.httpsPort()).isPositive();
        }
    }
}
