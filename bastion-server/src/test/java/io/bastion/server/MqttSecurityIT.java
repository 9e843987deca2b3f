package io.bastion.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bastion.server.it.M2m;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The MQTT door's security with a real mosquitto: TLS to the broker with the operator's CA (a broker certified by
 * another CA is never spoken to), and the shipped ACL (examples/mqtt/mosquitto.acl) keeping a client from publishing
 * in another's name or reading what is addressed to another.
 */
class MqttSecurityIT {
    private Path dir;
    private Mosquitto broker;
    private BastionServer server;

    @BeforeEach
    void folder() throws Exception {
        assumeTrue(Mosquitto.installed(), "mosquitto and mosquitto-clients are not installed (.ci/run installs them)");
        dir = Files.createTempDirectory("bastion-mqtts-");
    }

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

    /** A TLS listener with a broker certificate for 127.0.0.1 that {@code ca} issued. */
    private Mosquitto tlsBroker(TestPki.Issued ca) throws Exception {
        TestPki.Issued id = new TestPki.Spec("CN=localhost").dns("localhost").ip("127.0.0.1").issue(ca);
        Path b = Files.createDirectories(dir.resolve("broker"));
        TestPki.writePem(b.resolve("ca.pem"), ca.cert());
        TestPki.writePem(b.resolve("broker.pem"), id.cert());
        TestPki.writeKeyPem(b.resolve("broker.key"), id.key());
        return new Mosquitto(b).with("cafile " + b.resolve("ca.pem"), "certfile " + b.resolve("broker.pem"),
                "keyfile " + b.resolve("broker.key"), "tls_version tlsv1.2").start();
    }

    private static TrustManagerFactory trusting(TestPki.Issued ca) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setCertificateEntry("ca", ca.cert());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
        tmf.init(ks);
        return tmf;
    }

    @Test
    void overTlsTheCseTrustsTheOperatorsCaAndServesAnAe() throws Exception {
        TestPki.Issued ca = TestPki.ca("MQTT test CA");
        broker = tlsBroker(ca);
        Path caFile = TestPki.writePem(dir.resolve("mqtt-ca.pem"), ca.cert());
        server = BastionServer.start(M2m.config(dir.resolve("cse")).withMqtt(MqttSettings.defaults()
                .withUrl("ssl://127.0.0.1:" + broker.port()).withTrust(caFile.toString())));
        assertThat(server.mqtt().connected()).isTrue();
        try (MqttAe ae = new MqttAe(broker.port(), "Ctls", trusting(ca))) {
            ae.listen("/oneM2M/reg_resp/Ctls/#").listen("/oneM2M/resp/Ctls/#");
            ObjectNode reg = MqttAe.rqp(1, "cse-in", "Ctls").put("ty", 2);
            ObjectNode body = reg.putObject("pc").putObject("m2m:ae").put("rn", "tlsae").put("api", "Ntls")
                    .put("rr", false);
            body.putArray("srv").add("3");
            JsonNode r = ae.request("/oneM2M/reg_req/Ctls/id-in/cbor", reg);
            assertThat(r.path("rsc").asInt()).as("%s", r).isEqualTo(2001);
            assertThat(r.at("/pc/m2m:ae/aei").asText()).isEqualTo("Ctls");
            JsonNode got = ae.request("/oneM2M/req/Ctls/id-in/json", MqttAe.rqp(2, "cse-in/tlsae", "Ctls"));
            assertThat(got.path("rsc").asInt()).isEqualTo(2000);
            JsonNode forged = ae.request("/oneM2M/req/Ctls/id-in/json", MqttAe.rqp(2, "cse-in/tlsae", "Cother"));
            assertThat(forged.path("rsc").asInt()).isEqualTo(4106);
        }
    }

    @Test
    void aBrokerAnotherCaCertifiedIsNeverSpokenToAndHttpServesOn() throws Exception {
        broker = tlsBroker(TestPki.ca("Someone else's CA"));
        Path caFile = TestPki.writePem(dir.resolve("mqtt-ca.pem"), TestPki.ca("The operator's CA").cert());
        server = BastionServer.start(M2m.config(dir.resolve("cse")).withMqtt(MqttSettings.defaults()
                .withUrl("ssl://127.0.0.1:" + broker.port()).withTrust(caFile.toString())));
        assertThat(server.mqtt().connected()).isFalse();
        new M2m(server.httpPort()).request("GET", "/cse-in").from(M2m.ADMIN).send().expect(2000);
    }

    @Test
    void theShippedAclKeepsEachClientToItsOwnName() throws Exception {
        Path acl = Path.of("..", "examples", "mqtt", "mosquitto.acl").toAbsolutePath().normalize();
        assertThat(acl).exists();
        broker = new Mosquitto(dir.resolve("broker")).with("acl_file " + acl).start();
        server = BastionServer.start(M2m.config(dir.resolve("cse")).withMqtt(MqttSettings.defaults()
                .withUrl("tcp://127.0.0.1:" + broker.port())));
        assertThat(server.mqtt().connected()).isTrue();
        try (MqttAe victim = new MqttAe(broker.port(), "Cvictim");
             MqttAe intruder = new MqttAe(broker.port(), "Cintruder")) {
            victim.listen("/oneM2M/reg_resp/Cvictim/#").listen("/oneM2M/resp/Cvictim/#");
            ObjectNode reg = MqttAe.rqp(1, "cse-in", "Cvictim").put("ty", 2);
            ObjectNode body = reg.putObject("pc").putObject("m2m:ae").put("rn", "victim").put("api", "Nv")
                    .put("rr", false);
            body.putArray("srv").add("3");
            assertThat(victim.request("/oneM2M/reg_req/Cvictim/id-in/json", reg).path("rsc").asInt())
                    .isEqualTo(2001);
            // the ACL lets the intruder read nothing of the victim's and publish nothing in its name
            intruder.listen("/oneM2M/resp/Cvictim/#").listen("/oneM2M/resp/Cintruder/#");
            intruder.publish("/oneM2M/req/Cvictim/id-in/json",
                    MqttAe.rqp(4, "cse-in/victim", "Cvictim").toString().getBytes());
            assertThat(intruder.response("*", 3)).as("the broker dropped the forged request").isNull();
            new M2m(server.httpPort()).retrieve("Cvictim", "/cse-in/victim").expect(2000);
            // the victim's own requests are answered, and only the victim hears them
            JsonNode mine = victim.request("/oneM2M/req/Cvictim/id-in/json", MqttAe.rqp(2, "cse-in/victim",
                    "Cvictim"));
            assertThat(mine.path("rsc").asInt()).isEqualTo(2000);
            assertThat(intruder.response("*", 2)).isNull();
            // in its own name the intruder is answered (and refused: it is not registered)
            JsonNode own = intruder.request("/oneM2M/req/Cintruder/id-in/json", MqttAe.rqp(2, "cse-in/victim",
                    "Cintruder"));
            assertThat(own.path("rsc").asInt()).isEqualTo(4106);
        }
    }
}
