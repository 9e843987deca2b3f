package io.bastion.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bastion.server.it.M2m;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A broker killed in the middle of a stream of writes over MQTT and started again: the HTTP door serves while it is
 * away, the CSE reconnects and subscribes again by itself (the broker kept no session), the door serves again, and
 * every write the CSE acknowledged (2001 received) is in the store; the unacknowledged ones may or may not be.
 */
class MqttBrokerRestartIT {
    private Path dir;
    private Mosquitto broker;
    private BastionServer server;

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        if (broker != null) {
            broker.close();
        }
        if (dir != null) {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void noAcknowledgedWriteIsLostWhenTheBrokerRestartsDuringLoad() throws Exception {
        assumeTrue(Mosquitto.installed(), "mosquitto and mosquitto-clients are not installed (.ci/run installs them)");
        dir = Files.createTempDirectory("bastion-mqtt-restart-");
        broker = new Mosquitto(dir.resolve("broker")).start();
        server = BastionServer.start(M2m.config(dir.resolve("cse"))
                .withMqtt(MqttSettings.defaults().withUrl("tcp://127.0.0.1:" + broker.port())));
        M2m http = new M2m(server.httpPort());
        http.registerAe("Cload", "load");
        http.createContainer("Cload", "/cse-in/load", "box");
        try (MqttAe ae = new MqttAe(broker.port(), "Cload", null, true)) {
            ae.listen("/oneM2M/resp/Cload/#");
            Map<String, String> rnByRqi = new ConcurrentHashMap<>();
            int n = 300;
            int killAt = 100;
            for (int i = 0; i < n; i++) {
                if (i == killAt) {
                    broker.kill();
                    // the other doors serve while the broker is away
                    http.retrieve("Cload", "/cse-in/load/box").expect(2000);
                    Thread.sleep(1500);
                    broker.start(); // same port, no persistence: the CSE's session is gone
                    // the load goes on once the CSE is back (what is published before reaches no subscriber)
                    long back = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                    while (!server.mqtt().connected() && System.nanoTime() < back) {
                        Thread.sleep(50);
                    }
                    Thread.sleep(500); // its subscriptions renewed
                }
                ObjectNode cin = MqttAe.rqp(1, "cse-in/load/box", "Cload").put("ty", 4);
                String rn = "c" + i;
                cin.putObject("pc").putObject("m2m:cin").put("rn", rn).put("con", String.valueOf(i));
                rnByRqi.put(cin.get("rqi").asText(), rn);
                ae.publishAsync("/oneM2M/req/Cload/id-in/json", cin.toString().getBytes());
                Thread.sleep(5);
            }
            // collect what was acknowledged
            List<String> acknowledged = new ArrayList<>();
            long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (System.nanoTime() < until) {
                JsonNode r = ae.response("*", 2);
                if (r == null) {
                    if (acknowledged.size() > killAt) {
                        break;
                    }
                    continue;
                }
                if (r.path("rsc").asInt() == 2001) {
                    acknowledged.add(rnByRqi.get(r.path("rqi").asText()));
                }
            }
            assertThat(acknowledged).as("writes acknowledged before the broker went away")
                    .hasSizeGreaterThanOrEqualTo(killAt / 2);
            for (String rn : acknowledged) {
                http.retrieve("Cload", "/cse-in/load/box/" + rn).expect(2000);
            }
            // the CSE is back on the broker by itself and serves again
            long back = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            JsonNode again = null;
            while (again == null && System.nanoTime() < back) {
                again = ae.request("/oneM2M/req/Cload/id-in/json", MqttAe.rqp(2, "cse-in/load/box", "Cload"));
            }
            assertThat(again).isNotNull();
            assertThat(again.path("rsc").asInt()).isEqualTo(2000);
            assertThat(acknowledged.stream().filter(rn -> Integer.parseInt(rn.substring(1)) > killAt).count())
                    .as("writes acknowledged after the restart").isPositive();
        }
    }

    @Test
    void aCseWhoseBrokerIsDownStartsServesHttpAndConnectsWhenTheBrokerComes() throws Exception {
        assumeTrue(Mosquitto.installed(), "mosquitto and mosquitto-clients are not installed (.ci/run installs them)");
        dir = Files.createTempDirectory("bastion-mqtt-late-");
        broker = new Mosquitto(dir.resolve("broker"));
        server = BastionServer.start(M2m.config(dir.resolve("cse"))
                .withMqtt(MqttSettings.defaults().withUrl("tcp://127.0.0.1:" + broker.port())));
        assertThat(server.mqtt().connected()).isFalse();
        M2m http = new M2m(server.httpPort());
        http.registerAe("Clate", "late");
        broker.start();
        long until = System.nanoTime() + Duration.ofSeconds(40).toNanos();
        while (!server.mqtt().connected() && System.nanoTime() < until) {
            Thread.sleep(100);
        }
        assertThat(server.mqtt().connected()).isTrue();
        try (MqttAe ae = new MqttAe(broker.port(), "Clate")) {
            ae.listen("/oneM2M/resp/Clate/#");
            JsonNode r = null;
            while (r == null && System.nanoTime() < until) {
                r = ae.request("/oneM2M/req/Clate/id-in/json", MqttAe.rqp(2, "cse-in/late", "Clate"));
            }
            assertThat(r).isNotNull();
            assertThat(r.path("rsc").asInt()).isEqualTo(2000);
        }
    }
}
