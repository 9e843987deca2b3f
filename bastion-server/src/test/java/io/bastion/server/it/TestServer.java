package io.bastion.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.bastion.server.BastionServer;
import io.bastion.server.ServerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The running server of one integration test class: started before the class's first test (and before its
 * {@code @BeforeAll} methods) on a fresh data folder with {@link M2m#config} (ephemeral HTTP and admin ports), the AEs
 * the class names registered, and closed after its last test, its folder deleted.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final TestServer cse = new TestServer().registering("Cowner", "owner");
 * static final M2m m2m = cse.client();
 * }</pre>
 */
public final class TestServer implements BeforeAllCallback, AfterAllCallback {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private UnaryOperator<ServerConfig> configure = UnaryOperator.identity();
    private Clock clock = Clock.systemUTC();
    private final List<String[]> aes = new ArrayList<>();
    private final M2m client = new M2m(() -> server().httpPort());
    private Path dir;
    private BastionServer server;

    /** Changes the configuration before the start; the data folder is already set. */
    public TestServer configured(UnaryOperator<ServerConfig> change) {
        configure = change;
        return this;
    }

    /** Runs the CSE on {@code c} (e.g. a MutableClock the test moves) instead of the system clock. */
    public TestServer clocked(Clock c) {
        clock = c;
        return this;
    }

    /** Registers the AE {@code aeId} named {@code rn} once the server runs. */
    public TestServer registering(String aeId, String rn) {
        aes.add(new String[] {aeId, rn});
        return this;
    }

    /** The server's HTTP client, usable once the server runs. */
    public M2m client() {
        return client;
    }

    public BastionServer server() {
        if (server == null) {
            throw new IllegalStateException("the server runs from before the first test to after the last");
        }
        return server;
    }

    /** The data folder. */
    public Path dir() {
        return dir;
    }

    /**
     * Asks the admin endpoint to explain a decision ({@code GET /explain}); {@code params} alternate name and value,
     * e.g. {@code "from", "Cx", "op", "retrieve", "to", "/cse-in/x"}. Asserts HTTP 200.
     */
    public JsonNode explain(String... params) {
        StringBuilder q = new StringBuilder();
        for (int i = 0; i < params.length; i += 2) {
            q.append(q.isEmpty() ? "" : "&").append(params[i]).append('=')
                    .append(URLEncoder.encode(params[i + 1], StandardCharsets.UTF_8));
        }
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + server().adminPort() + "/explain?" + q)).timeout(Duration.ofSeconds(20)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as("explain %s: %s", q, r.body()).isEqualTo(200);
            return M2m.JSON.readTree(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        dir = Files.createTempDirectory("bastion-it-");
        server = BastionServer.start(configure.apply(M2m.config(dir)), clock);
        for (String[] ae : aes) {
            client.registerAe(ae[0], ae[1]);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        try {
            if (server != null) {
                server.close();
            }
        } finally {
            server = null;
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(TestServer::delete);
            }
        }
    }

    private static void delete(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
