package io.bastion.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bastion.bindings.ws.WebSocketConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The {@code ws.*} keys of the configuration file: defaults, values, and refusals naming the key. */
class WebSocketSettingsTest {
    @TempDir
    Path dir;

    ServerConfig load(String text) throws Exception {
        Path f = dir.resolve("bastion.properties");
        Files.writeString(f, text);
        return ServerConfig.load(f);
    }

    @Test
    void withoutKeysTheBindingIsOnWithItsDefaults() throws Exception {
        WebSocketSettings ws = load("").ws();
        assertThat(ws.enabled()).isTrue();
        assertThat(ws.binding()).isEqualTo(WebSocketConfig.defaults());
        assertThat(ServerConfig.defaults().ws()).isEqualTo(ws);
    }

    @Test
    void everyKeyIsRead() throws Exception {
        WebSocketSettings ws = load("ws.enabled=false\nws.max-frame-bytes=1000\nws.max-message-bytes=5000\n"
                + "ws.idle-timeout-s=9\nws.ping-interval-s=3\nws.max-in-flight=4\n").ws();
        assertThat(ws.enabled()).isFalse();
        assertThat(ws.binding()).isEqualTo(new WebSocketConfig(1000, 5000, Duration.ofSeconds(9),
                Duration.ofSeconds(3), 4));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "ws.enabled=yes|ws.enabled must be true or false",
        "ws.max-frame-bytes=0|ws.max-frame-bytes must be a whole number",
        "ws.max-in-flight=x|ws.max-in-flight must be a whole number",
        "ws.max-frame-bytes=5000\\nws.max-message-bytes=100|exceeds the message limit",
        "ws.port=8081|unknown configuration key 'ws.port'",
    })
    void badValuesAreRefusedNamingTheKey(String text, String message) {
        assertThatThrownBy(() -> load(text.replace("\\n", "\n"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }
}
