package io.bastion.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bastion.cse.config.DistributedAuthorizationConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The {@code pdp.*} keys of the configuration file ({@link PdpSettings}). */
class PdpSettingsTest {
    @TempDir
    Path dir;

    ServerConfig load(String text) throws Exception {
        Path f = dir.resolve("bastion.properties");
        Files.writeString(f, text);
        return ServerConfig.load(f);
    }

    @Test
    void withoutKeysTheDefaultsApply() throws Exception {
        assertThat(load("http.port=0\n").pdp()).isEqualTo(DistributedAuthorizationConfig.defaults());
        assertThat(ServerConfig.defaults().pdp()).isEqualTo(DistributedAuthorizationConfig.defaults());
    }

    @Test
    void everyKeyIsRead() throws Exception {
        DistributedAuthorizationConfig d = load("""
                pdp.timeout-ms=750
                pdp.cache-ttl-s=0
                pdp.negative-ttl-s=2
                pdp.breaker-failures=5
                pdp.breaker-cooldown-s=60
                """).pdp();
        assertThat(d).isEqualTo(new DistributedAuthorizationConfig(Duration.ofMillis(750), Duration.ZERO,
                Duration.ofSeconds(2), 5, Duration.ofSeconds(60)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            pdp.timeout-ms=0          | pdp.timeout-ms must be a whole number from 1
            pdp.timeout-ms=soon       | pdp.timeout-ms must be a whole number
            pdp.cache-ttl-s=-1        | pdp.cache-ttl-s must be a whole number from 0
            pdp.negative-ttl-s=-5     | pdp.negative-ttl-s must be a whole number from 0
            pdp.breaker-failures=0    | pdp.breaker-failures must be a whole number from 1
            pdp.breaker-cooldown-s=-1 | pdp.breaker-cooldown-s must be a whole number from 0
            pdp.cache-ttl=10          | unknown configuration key 'pdp.cache-ttl'
            """)
    void aBadValueOrKeyIsRefusedNamingIt(String line, String message) {
        assertThatThrownBy(() -> load(line + "\n")).hasMessageStartingWith(message);
    }
}
