package io.bastion.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.bastion.server.BastionServer;
import io.bastion.server.ServerConfig;
import io.netty.handler.codec.http.FullHttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code retrieve-esprim} against a real CSE (in this JVM) whose pairwise key the scenario provisioned with the
 * server's {@code credentials e2e add}: every request is a new ESPrim object whose protected answer opens to the
 * contentInstance. No figures.
 */
class EsprimScenarioIT {
    @TempDir
    static Path dir;
    static BastionServer server;
    static HttpClient client;
    static SetupClient setup;
    static EsprimScenario esprim = new EsprimScenario();

    @BeforeAll
    static void start() throws Exception {
        Path data = dir.resolve("data");
        CseProcess.Launch launch = esprim.provisioner().prepare(new CseProcess.Cli() {
            @Override
            public String run(List<String> args, String stdin) {
                return BenchIt.credentials(args, stdin);
            }

            @Override
            public String run(List<String> args, String stdin, Map<String, String> environment) {
                throw new AssertionError("no environment needed");
            }
        }, dir, data);
        assertThat(launch.runArgs()).isEmpty();
        assertThat(Files.readString(data.resolve("credentials").resolve("e2e.json")))
                .contains(EsprimScenario.KEY_ID).contains("Creader");
        server = BastionServer.start(ServerConfig.defaults().withDataDir(data).withHttpPort(0).withAdminPort(-1),
                Clock.systemUTC());
        client = new HttpClient(1);
        setup = new SetupClient(client, "127.0.0.1", server.httpPort());
    }

    @AfterAll
    static void stop() throws Exception {
        BenchIt.closeAll(setup, client, server);
    }

    @Test
    void everyProtectedReadOpensToTheContentInstance() throws Exception {
        CseScenarios.Prepared p = esprim.prepare(new CseScenarios(setup), setup, 2);
        List<String> bodies = new ArrayList<>();
        for (int seq = 0; seq < 4; seq++) {
            FullHttpRequest request = p.source().next((int) (seq % 2), seq);
            bodies.add(request.content().toString(java.nio.charset.StandardCharsets.UTF_8));
            assertThat(BenchIt.exchange(client.connect("127.0.0.1", server.httpPort()), request, response -> {
                String failure = p.check().failure(response);
                return failure == null ? null : failure + ": " + M2m.body(response);
            })).isNull();
        }
        assertThat(bodies).doesNotHaveDuplicates().allMatch(b -> b.contains("\"sit\":5"));
    }
}
