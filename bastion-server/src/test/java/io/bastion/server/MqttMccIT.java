package io.bastion.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.bastion.cse.config.CseConfig;
import io.bastion.cse.config.MccConfig;
import io.bastion.cse.config.RegistreeConfig;
import io.bastion.server.it.M2m;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The CSE as an originator towards its registrar over MQTT (TS-0010 on the Mcc): an MN-CSE whose registrar.url is
 * mqtt:// on the broker both CSEs are clients of registers there (its CREATE of a remoteCSE published on
 * /oneM2M/req/id-mn/id-in/json, the answer on the response topic), each side holds the other's remoteCSE, the MN's
 * poa names the broker; without mcc.plain.allow naming the registrar the MN refuses to start.
 */
class MqttMccIT {
    private Path dir;
    private Mosquitto broker;
    private BastionServer in;
    private BastionServer mn;

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {mn, in, broker}) {
            if (c != null) {
                c.close();
            }
        }
        if (dir != null) {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private ServerConfig config(String stem, MccConfig mcc) {
        CseConfig d = CseConfig.defaults();
        CseConfig cse = new CseConfig("/" + stem, CseNetwork.base(stem), M2m.SP_ID, d.adminOriginator(), false,
                d.registrationAllowed(), d.supportedReleases(), d.defaultExpiry(), d.maxExpiry(),
                d.verificationTimeout(), d.maxGroupMembers(), d.doors(), d.dynamic(), d.cseBaseAcpi(), d.limits());
        return M2m.config(dir.resolve(stem)).withCse(cse).withMcc(mcc)
                .withMqtt(MqttSettings.defaults().withUrl("tcp://127.0.0.1:" + broker.port()))
                .withRegistree(RegistreeConfig.defaults().withRetry(Duration.ofMillis(50), Duration.ofMillis(400))
                        .withTimeout(Duration.ofSeconds(5)));
    }

    @Test
    void anMnRegistersWithItsRegistrarOverMqtt() throws Exception {
        assumeTrue(Mosquitto.installed(), "mosquitto and mosquitto-clients are not installed (.ci/run installs them)");
        dir = Files.createTempDirectory("bastion-mqtt-mcc-");
        broker = new Mosquitto(dir.resolve("broker")).start();
        in = BastionServer.start(config("id-in", new MccConfig(MccConfig.CseType.IN, List.of("/id-mn"), null,
                List.of("/id-mn"))));
        MccConfig.Registrar registrar = new MccConfig.Registrar("mqtt://127.0.0.1:" + broker.port(), "/id-in",
                "cse-in", null, null, false);
        mn = BastionServer.start(config("id-mn", new MccConfig(MccConfig.CseType.MN, List.of(), registrar,
                List.of("/id-in"))));
        JsonNode health = CseNetwork.awaitRegistration(mn.adminPort(), "registered");
        assertThat(health.path("registration").path("state").asText()).isEqualTo("registered");
        M2m inHttp = new M2m(in.httpPort());
        List<String> atIn = CseNetwork.remoteCses(inHttp, "cse-in");
        assertThat(atIn).hasSize(1);
        JsonNode csr = inHttp.retrieve(M2m.ADMIN, "/" + atIn.get(0).replaceFirst("^/", "")).expect(2000).json()
                .path("m2m:csr");
        assertThat(csr.path("csi").asText()).isEqualTo("/id-mn");
        assertThat(csr.path("poa").toString()).contains("mqtt://127.0.0.1:" + broker.port());
        assertThat(CseNetwork.remoteCses(new M2m(mn.httpPort()), "cse-mn")).hasSize(1);
    }

    @Test
    void anMqttRegistrarIsTakenOnlyWhenMccPlainAllowNamesIt() throws Exception {
        assumeTrue(Mosquitto.installed(), "mosquitto and mosquitto-clients are not installed (.ci/run installs them)");
        dir = Files.createTempDirectory("bastion-mqtt-mcc-");
        broker = new Mosquitto(dir.resolve("broker")).start();
        MccConfig.Registrar registrar = new MccConfig.Registrar("mqtt://127.0.0.1:" + broker.port(), "/id-in",
                "cse-in", null, null, false);
        ServerConfig c = config("id-mn", new MccConfig(MccConfig.CseType.MN, List.of(), registrar, List.of()));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> mn = BastionServer.start(c))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("mcc.plain.allow");
    }
}
