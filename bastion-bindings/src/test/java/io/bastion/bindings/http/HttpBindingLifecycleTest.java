package io.bastion.bindings.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;

/** Starting, stopping and the edges of the worker executor and connection lifetime. */
class HttpBindingLifecycleTest {
    final RecordingProcessor cse = new RecordingProcessor();

    static String get(String ri) {
        return "GET /cse-in HTTP/1.1\r\nHost: x\r\nX-M2M-RI: " + ri + "\r\n\r\n";
    }

    @Test
    void portZeroBindsAFreePortAndStopReleasesIt() throws Exception {
        HttpBinding binding = new HttpBinding(HttpBindingConfig.of("127.0.0.1", 0, null), cse).start();
        int port = binding.port();
        assertThat(port).isPositive();
        try (RawHttp raw = new RawHttp(port)) {
            raw.send(get("r1"));
            assertThat(raw.read().status()).isEqualTo(200);
        }
        // the binding's own executor runs requests on virtual threads
        assertThat(cse.threads.get(0)).startsWith("bastion-http-worker-");

        binding.stop();
        binding.stop();

        assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);
    }

    @Test
    void portInUseFailsToStart() {
        try (HttpBinding first = new HttpBinding(HttpBindingConfig.of("127.0.0.1", 0, null), cse).start()) {
            HttpBinding second = new HttpBinding(HttpBindingConfig.of("127.0.0.1", first.port(), null), cse);

            assertThatThrownBy(second::start).isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining(String.valueOf(first.port()));
        }
    }

    @Test
    void workerThatRefusesWorkGivesInternalServerError() throws Exception {
        Executor refusing = task -> {
            throw new RejectedExecutionException("full");
        };
        try (HttpBinding binding = new HttpBinding(HttpBindingConfig.of("127.0.0.1", 0, refusing), cse).start();
             RawHttp raw = new RawHttp(binding.port())) {
            raw.send(get("r-busy"));
            RawHttp.Reply r = raw.read();

            assertThat(r.status()).isEqualTo(500);
            assertThat(r.header("X-M2M-RSC")).isEqualTo("5000");
            assertThat(r.header("X-M2M-RI")).isEqualTo("r-busy");
        }
        assertThat(cse.requests).isEmpty();
    }

    @Test
    void idleConnectionIsClosed() throws Exception {
        HttpBindingConfig config = HttpBindingConfig.of("127.0.0.1", 0, null).withIdleTimeout(Duration.ofMillis(200));
        try (HttpBinding binding = new HttpBinding(config, cse).start();
             RawHttp raw = new RawHttp(binding.port())) {
            raw.send(get("r1"));
            assertThat(raw.read().status()).isEqualTo(200);

            assertThat(raw.closedByServer()).isTrue();
        }
    }

    @Test
    void configurationRefusesNonsense() {
        assertThatThrownBy(() -> HttpBindingConfig.of("", 0, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HttpBindingConfig.of("127.0.0.1", 70000, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HttpBindingConfig.of("127.0.0.1", 0, null).withMaxBodyBytes(0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(HttpBindingConfig.of("127.0.0.1", 0, null).maxBodyBytes()).isEqualTo(1024 * 1024);
    }
}
