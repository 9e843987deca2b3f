package io.bastion.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.bastion.server.BastionServer;
import io.bastion.server.ServerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The retargeted read against two real CSEs (in this JVM) provisioned the way the bench provisions its two processes:
 * the PSK through the server's {@code credentials} command, the settings in the configuration files the scenario
 * writes. The MN registers with the IN over TLS-PSK and forwards the reader's read to it; the IN's ACP decides. No
 * figures are checked.
 */
class RetargetedScenarioIT {
    @TempDir
    static Path dir;
    static RetargetedScenario scenario;
    static BastionServer in;
    static BastionServer mn;
    static HttpClient client;
    static SetupClient inSetup;
    static SetupClient mnSetup;
    static CseScenarios.Prepared prepared;

    @BeforeAll
    static void start() throws Exception {
        scenario = new RetargetedScenario();
        in = BastionServer.start(config(dir, scenario.registrar(), "in").withPskPort(0), Clock.systemUTC());
        mn = BastionServer.start(config(dir, scenario.registree(in.pskPort(), 4), "mn"), Clock.systemUTC());
        client = new HttpClient(1);
        inSetup = new SetupClient(client, "127.0.0.1", in.httpPort());
        mnSetup = new SetupClient(client, "127.0.0.1", mn.httpPort());
        prepared = scenario.setUp(inSetup, mnSetup, Duration.ofSeconds(30));
    }

    /** What {@code run --config FILE --data DIR --http-port 0 --admin-port -1} makes of the provisioner's work. */
    static ServerConfig config(Path dir, CseProcess.Provisioner provisioner, String name) throws Exception {
        Path work = Files.createDirectories(dir.resolve(name));
        Path data = work.resolve("data");
        List<String> args = provisioner.prepare(RetargetedScenarioIT::credentialsCommand, work, data).runArgs();
        return ServerConfig.load(Path.of(args.get(args.indexOf("--config") + 1))).withDataDir(data)
                .withHttpPort(0).withAdminPort(-1);
    }

    /** The server's {@code credentials} command in this JVM, as the bench runs it from the jar. */
    static String credentialsCommand(List<String> args, String stdin) {
        assertThat(args).contains("--key", "-"); // the key on stdin, never on the command line
        String text = BenchIt.credentials(args, stdin);
        assertThat(text).doesNotContain(stdin.strip());
        return text;
    }

    @AfterAll
    static void stop() throws Exception {
        BenchIt.closeAll(inSetup, mnSetup, client, mn, in);
    }

    @Test
    void theMnsReaderReadsTheInsContentInstanceThroughTheMn() throws Exception {
        String answer = BenchIt.exchange(client.connect("127.0.0.1", mn.httpPort()), prepared.source().next(0, 0),
                response -> M2m.rsc(response) + " " + M2m.body(response));
        assertThat(answer).startsWith("2000 ");
        assertThat(CseScenarios.parse(answer.substring(5), "answer").path("m2m:cin").path("con").asText())
                .isEqualTo("21.5");
        // the MN holds its remoteCSE for the IN, the IN one for the MN: the read went over the registration
        assertThat(inSetup.retrieve(RetargetedScenario.IN_BASE + RetargetedScenario.MN_ID, "CAdmin"))
                .contains("\"csi\":\"" + RetargetedScenario.MN_ID + "\"");
    }

    @Test
    void theInDecidesAnotherAeOfTheMnIsRefused() throws Exception {
        mnSetup.create(RetargetedScenario.MN_BASE, "Cother", M2m.AE,
                "{\"m2m:ae\":{\"rn\":\"other\",\"api\":\"Nbench\",\"rr\":false,\"srv\":[\"3\"]}}");
        String answer = BenchIt.exchange(client.connect("127.0.0.1", mn.httpPort()),
                M2m.retrieve(mnSetup.authority(), RetargetedScenario.TARGET, "Cother", "it-other"), M2m::rsc);
        assertThat(answer).isEqualTo("4103");
    }

    @Test
    void aShortLoadThroughTheMnHasNoErrors() throws Exception {
        LoadRun.Result r = LoadRun.run(RetargetedScenario.NAME, client, "127.0.0.1", mn.httpPort(), 4,
                Duration.ofMillis(300), Duration.ofMillis(500), prepared.source(), prepared.check());
        assertThat(r.errors()).as(r.errorSamples().toString()).isEmpty();
        assertThat(r.requests()).isPositive();
    }
}
