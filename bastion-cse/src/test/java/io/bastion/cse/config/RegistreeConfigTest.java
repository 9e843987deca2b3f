package io.bastion.cse.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The registree's retry pauses double up to their bound; bad settings are refused naming them. */
class RegistreeConfigTest {

    @Test
    void pausesDoubleFromTheInitialOneAndStopAtTheMaximum() {
        RegistreeConfig c = RegistreeConfig.defaults().withRetry(Duration.ofMillis(100), Duration.ofMillis(500));
        assertThat(List.of(1, 2, 3, 4, 5, 1000).stream().map(n -> c.pauseAfter(n).toMillis()).toList())
                .containsExactly(100L, 200L, 400L, 500L, 500L, 500L);
        assertThat(RegistreeConfig.defaults().pauseAfter(100)).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void badSettingsAreRefusedByName() {
        assertThatThrownBy(() -> RegistreeConfig.defaults().withPoa(List.of("ftp://x")))
                .hasMessageContaining("cse.poa");
        assertThatThrownBy(() -> RegistreeConfig.defaults().withRetry(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .hasMessageContaining("registrar.retry-initial-ms");
        assertThatThrownBy(() -> RegistreeConfig.defaults().withTimeout(Duration.ZERO))
                .hasMessageContaining("registrar.timeout-ms");
    }
}
