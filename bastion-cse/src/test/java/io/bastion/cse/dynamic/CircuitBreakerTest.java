package io.bastion.cse.dynamic;

import static org.assertj.core.api.Assertions.assertThat;

import io.bastion.core.time.MutableClock;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The per-DAS circuit: closed, open after N consecutive failures, one trial per cool-down, closed on success. */
class CircuitBreakerTest {
    final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    final CircuitBreaker breaker = new CircuitBreaker(2, Duration.ofSeconds(30), clock);
    final URI das = URI.create("http://das.example/das");
    final URI other = URI.create("http://other.example/das");

    @Test
    void opensAfterConsecutiveFailuresOnlyForThatDas() {
        breaker.failure(das);
        assertThat(breaker.allows(das)).isTrue();
        breaker.failure(das);
        assertThat(breaker.allows(das)).isFalse();
        assertThat(breaker.isOpen(das)).isTrue();
        assertThat(breaker.allows(other)).isTrue();
    }

    @Test
    void letsOneTrialThroughAfterTheCoolDownAndClosesOnSuccess() {
        breaker.failure(das);
        breaker.failure(das);
        clock.advance(Duration.ofSeconds(31));
        assertThat(breaker.allows(das)).isTrue();
        assertThat(breaker.allows(das)).isFalse();
        breaker.success(das);
        assertThat(breaker.allows(das)).isTrue();
        assertThat(breaker.isOpen(das)).isFalse();
    }

    @Test
    void aFailedTrialKeepsItOpen() {
        breaker.failure(das);
        breaker.failure(das);
        clock.advance(Duration.ofSeconds(31));
        assertThat(breaker.allows(das)).isTrue();
        breaker.failure(das);
        assertThat(breaker.allows(das)).isFalse();
    }
}
