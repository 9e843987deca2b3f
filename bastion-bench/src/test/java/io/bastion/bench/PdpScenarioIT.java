package io.bastion.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.bastion.server.BastionServer;
import io.bastion.server.ServerConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The read decided by a remote PDP against two real CSEs (in this JVM) provisioned as the bench provisions its two
 * processes (the PSK through the server's {@code credentials} command, the configuration files the scenario writes),
 * the MN without a decision cache as in {@code retrieve-pdp-cold}: the MN's ACP denies the reader, the IN's PDP
 * permits it, so every read that succeeds was decided by the IN. No figures are checked.
 */
class PdpScenarioIT {
    @TempDir
    static Path dir;
    static PdpScenario scenario;
    static BastionServer in;
    static BastionServer mn;
    static HttpClient client;
    static SetupClient inSetup;
    static SetupClient mnSetup;
    static CseScenarios.Prepared prepared;

    @BeforeAll
    static void start() throws Exception {
        scenario = new PdpScenario();
        in = BastionServer.start(RetargetedScenarioIT.config(dir, scenario.registrar(), "in").withPskPort(0),
                Clock.systemUTC());
        ServerConfig cold = RetargetedScenarioIT.config(dir, scenario.registree(in.pskPort(), 4, true), "mn");
        assertThat(cold.pdp().cacheTtl()).isZero();
        mn = BastionServer.start(cold, Clock.systemUTC());
        client = new HttpClient(1);
        inSetup = new SetupClient(client, "127.0.0.1", in.httpPort());
        mnSetup = new SetupClient(client, "127.0.0.1", mn.httpPort());
        prepared = scenario.setUp(inSetup, mnSetup, Duration.ofSeconds(30));
    }

    @AfterAll
    static void stop() throws Exception {
        BenchIt.closeAll(inSetup, mnSetup, client, mn, in);
    }

    @Test
    void theReaderIsPermittedByTheInsPdpAndAnotherAeOfTheMnIsNot() throws Exception {
        String answer = BenchIt.exchange(client.connect("127.0.0.1", mn.httpPort()), prepared.source().next(0, 0),
                response -> M2m.rsc(response) + " " + M2m.body(response));
        assertThat(answer).startsWith("2000 ");
        assertThat(CseScenarios.parse(answer.substring(5), "answer").path("m2m:cin").path("con").asText())
                .isEqualTo("21.5");
        mnSetup.create(PdpScenario.MN_BASE, "Cother", M2m.AE,
                "{\"m2m:ae\":{\"rn\":\"other\",\"api\":\"Nbench\",\"rr\":false,\"srv\":[\"3\"]}}");
        assertThat(BenchIt.exchange(client.connect("127.0.0.1", mn.httpPort()),
                M2m.retrieve(mnSetup.authority(), PdpScenario.TARGET, "Cother", "it-other"), M2m::rsc))
                .isEqualTo("4103");
    }

    @Test
    void aShortLoadDecidedByThePdpHasNoErrors() throws Exception {
        LoadRun.Result r = LoadRun.run(PdpScenario.COLD, client, "127.0.0.1", mn.httpPort(), 4,
                Duration.ofMillis(300), Duration.ofMillis(500), prepared.source(), prepared.check());
        assertThat(r.errors()).as(r.errorSamples().toString()).isEmpty();
        assertThat(r.requests()).isPositive();
    }
}
