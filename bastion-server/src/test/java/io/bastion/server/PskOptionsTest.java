package io.bastion.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** psk.port and --psk-port: the TLS-PSK door is off by default, 0 is ephemeral. */
class PskOptionsTest {
    @TempDir
    Path dir;

    @Test
    void theDoorIsOffByDefault() {
        assertThat(ServerConfig.defaults().pskPort()).isEqualTo(-1);
    }

    @Test
    void pskPortComesFromTheFileAndTheCommandLineOverridesIt() throws Exception {
        Path f = dir.resolve("bastion.properties");
        Files.writeString(f, "psk.port=8443\n");
        assertThat(ServerConfig.load(f).pskPort()).isEqualTo(8443);
        assertThat(Main.parseRun(List.of("--config", f.toString(), "--psk-port", "0")).pskPort()).isZero();
        Files.writeString(f, "psk.port=70000\n");
        assertThatThrownBy(() -> ServerConfig.load(f)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Main.parseRun(List.of("--psk-port", "x"))).isInstanceOf(IllegalArgumentException.class);
    }
}
