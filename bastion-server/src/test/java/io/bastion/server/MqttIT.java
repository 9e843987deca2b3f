package io.bastion.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bastion.server.it.M2m;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The MQTT door (TS-0010) through a real mosquitto: an AE registers on the registration topic, creates, retrieves in
 * JSON and CBOR, subscribes and receives its notification on its own request topic; a request in another's name is
 * 4106; malformed, oversized and unknown-serialization messages get their status on the response topic; mosquitto's
 * own clients (mosquitto_pub, mosquitto_sub) retrieve the CSEBase; HTTP serves the same resources.
 */
class MqttIT {
    private static Path dir;
    private static Mosquitto broker;
    private static BastionServer server;
    private static M2m http;
    private static MqttAe ae;
    private static String aeId;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(Mosquitto.installed(), "mosquitto and mosquitto-clients are not installed (.ci/run installs them)");
        dir = Files.createTempDirectory("bastion-mqtt-");
        broker = new Mosquitto(dir.resolve("broker")).with("max_packet_size 2000000").start();
        server = BastionServer.start(M2m.config(dir.resolve("cse"))
                .withMqtt(MqttSettings.defaults().withUrl("tcp://127.0.0.1:" + broker.port()))
                .withMaxBodyBytes(64 * 1024));
        http = new M2m(server.httpPort());
        assertThat(server.mqtt().connected()).isTrue();
        // registration without an AE-ID yet (TS-0010 6.4.4): the client's own Credential-ID as the topic level
        ae = new MqttAe(broker.port(), "cred-ae1").listen("/oneM2M/reg_resp/cred-ae1/#");
        ObjectNode reg = MqttAe.rqp(1, "cse-in", "C").put("ty", 2);
        ObjectNode body = reg.putObject("pc").putObject("m2m:ae").put("rn", "mqttae").put("api", "Nmqtt")
                .put("rr", true);
        body.putArray("srv").add("3");
        body.putArray("poa").add("mqtt://127.0.0.1:" + broker.port());
        JsonNode r = ae.request("/oneM2M/reg_req/cred-ae1/id-in/json", reg);
        assertThat(r.path("rsc").asInt()).as("%s", r).isEqualTo(2001);
        aeId = r.at("/pc/m2m:ae/aei").asText();
        assertThat(aeId).startsWith("C");
        ae.listen("/oneM2M/resp/" + aeId + "/#").listen("/oneM2M/req/+/" + aeId + "/#");
    }

    @AfterAll
    static void stop() throws Exception {
        if (ae != null) {
            ae.close();
        }
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

    private static String req(String type) {
        return "/oneM2M/req/" + aeId + "/id-in/" + type;
    }

    @Test
    void anAeCreatesOverMqttAndReadsInJsonAndCbor() throws Exception {
        ObjectNode cnt = MqttAe.rqp(1, "cse-in/mqttae", aeId).put("ty", 3);
        cnt.putObject("pc").putObject("m2m:cnt").put("rn", "box");
        assertThat(ae.request(req("json"), cnt).path("rsc").asInt()).isEqualTo(2001);
        ObjectNode cin = MqttAe.rqp(1, "cse-in/mqttae/box", aeId).put("ty", 4);
        cin.putObject("pc").putObject("m2m:cin").put("cnf", "text/plain:0").put("con", "21.5");
        JsonNode created = ae.request(req("cbor"), cin);
        assertThat(created.path("rsc").asInt()).isEqualTo(2001);
        assertThat(created.at("/pc/m2m:cin/con").asText()).isEqualTo("21.5");

        JsonNode la = ae.request(req("cbor"), MqttAe.rqp(2, "cse-in/mqttae/box/la", aeId));
        assertThat(la.path("rsc").asInt()).isEqualTo(2000);
        assertThat(la.at("/pc/m2m:cin/con").asText()).isEqualTo("21.5");
        assertThat(la.path("to").asText()).isEqualTo(aeId);
        JsonNode json = ae.request(req("json"), MqttAe.rqp(2, "/id-in/cse-in/mqttae/box/la", aeId));
        assertThat(json.at("/pc/m2m:cin/con").asText()).isEqualTo("21.5");
        // the same resource over HTTP
        http.retrieve(aeId, "/cse-in/mqttae/box/la").expect(2000);
    }

    @Test
    void aSubscriberWhosePoaIsMqttReceivesItsNotificationOnItsRequestTopic() throws Exception {
        ObjectNode cnt = MqttAe.rqp(1, "cse-in/mqttae", aeId).put("ty", 3);
        cnt.putObject("pc").putObject("m2m:cnt").put("rn", "watched");
        assertThat(ae.request(req("json"), cnt).path("rsc").asInt()).isEqualTo(2001);
        ObjectNode sub = MqttAe.rqp(1, "cse-in/mqttae/watched", aeId).put("ty", 23);
        ObjectNode s = sub.putObject("pc").putObject("m2m:sub").put("rn", "s");
        s.putArray("nu").add(aeId);
        s.putObject("enc").putArray("net").add(3);
        assertThat(ae.request(req("json"), sub).path("rsc").asInt()).isEqualTo(2001);
        ae.received.clear();
        ObjectNode cin = MqttAe.rqp(1, "cse-in/mqttae/watched", aeId).put("ty", 4);
        cin.putObject("pc").putObject("m2m:cin").put("con", "ping");
        assertThat(ae.request(req("json"), cin).path("rsc").asInt()).isEqualTo(2001);
        JsonNode ntfy = ae.received.poll(20, TimeUnit.SECONDS);
        assertThat(ntfy).as("a NOTIFY on /oneM2M/req/id-in/%s/json", aeId).isNotNull();
        assertThat(ntfy.path("op").asInt()).isEqualTo(5);
        assertThat(ntfy.path("fr").asText()).isEqualTo("/id-in");
        assertThat(ntfy.path("to").asText()).isEqualTo(aeId);
        assertThat(ntfy.at("/pc/m2m:sgn/nev/rep/m2m:cin/con").asText()).isEqualTo("ping");
    }

    @Test
    void aNotificationUriWithATopicIsPublishedThereInItsSerializationAndNoneUnderOneM2m() throws Exception {
        ObjectNode cnt = MqttAe.rqp(1, "cse-in/mqttae", aeId).put("ty", 3);
        cnt.putObject("pc").putObject("m2m:cnt").put("rn", "alerts");
        assertThat(ae.request(req("json"), cnt).path("rsc").asInt()).isEqualTo(2001);
        java.util.concurrent.BlockingQueue<byte[]> onTopic = new java.util.concurrent.LinkedBlockingQueue<>();
        try (MqttAe dashboard = new MqttAe(broker.port(), "dashboard")) {
            dashboard.onTopic("site/alerts", onTopic::add).listen("site/alerts");
            // TS-0010 6.6: the path of the notification URI is the whole topic; ct=cbor asks for CBOR (TS-0004)
            ObjectNode sub = MqttAe.rqp(1, "cse-in/mqttae/alerts", aeId).put("ty", 23);
            ObjectNode s = sub.putObject("pc").putObject("m2m:sub").put("rn", "toTopic");
            s.putArray("nu").add("mqtt://127.0.0.1:" + broker.port() + "/site/alerts?ct=cbor");
            s.putObject("enc").putArray("net").add(3);
            assertThat(ae.request(req("json"), sub).path("rsc").asInt()).isEqualTo(2001);
            JsonNode verification = cbor(onTopic.poll(20, TimeUnit.SECONDS));
            assertThat(verification.at("/pc/m2m:sgn/vrq").asBoolean()).isTrue();
            ObjectNode cin = MqttAe.rqp(1, "cse-in/mqttae/alerts", aeId).put("ty", 4);
            cin.putObject("pc").putObject("m2m:cin").put("con", "smoke");
            assertThat(ae.request(req("json"), cin).path("rsc").asInt()).isEqualTo(2001);
            JsonNode ntfy = cbor(onTopic.poll(20, TimeUnit.SECONDS));
            assertThat(ntfy.path("op").asInt()).isEqualTo(5);
            assertThat(ntfy.at("/pc/m2m:sgn/nev/rep/m2m:cin/con").asText()).isEqualTo("smoke");
        }
        // a topic under oneM2M would make the CSE publish requests or responses in its name: no verification, 5204
        ObjectNode forged = MqttAe.rqp(1, "cse-in/mqttae/alerts", aeId).put("ty", 23);
        ObjectNode f = forged.putObject("pc").putObject("m2m:sub").put("rn", "forged");
        f.putArray("nu").add("mqtt://127.0.0.1:" + broker.port() + "/oneM2M/resp/Cvictim/id-in/json");
        JsonNode refused = ae.request(req("json"), forged);
        assertThat(refused.path("rsc").asInt()).as("%s", refused).isEqualTo(5204);
    }

    @Test
    void anAeWhoseContentSerializationIsCborIsNotifiedInCborOnItsCborTopic() throws Exception {
        try (MqttAe cborAe = new MqttAe(broker.port(), "Ccbor")) {
            cborAe.listen("/oneM2M/reg_resp/Ccbor/#").listen("/oneM2M/resp/Ccbor/#").listen("/oneM2M/req/+/Ccbor/#");
            ObjectNode reg = MqttAe.rqp(1, "cse-in", "Ccbor").put("ty", 2);
            ObjectNode body = reg.putObject("pc").putObject("m2m:ae").put("rn", "cborae").put("api", "Ncbor")
                    .put("rr", true);
            body.putArray("srv").add("3");
            body.putArray("poa").add("mqtt://127.0.0.1:" + broker.port());
            body.putArray("csz").add("application/cbor");
            assertThat(cborAe.request("/oneM2M/reg_req/Ccbor/id-in/cbor", reg).path("rsc").asInt()).isEqualTo(2001);
            ObjectNode cnt = MqttAe.rqp(1, "cse-in/cborae", "Ccbor").put("ty", 3);
            cnt.putObject("pc").putObject("m2m:cnt").put("rn", "c");
            assertThat(cborAe.request("/oneM2M/req/Ccbor/id-in/cbor", cnt).path("rsc").asInt()).isEqualTo(2001);
            ObjectNode sub = MqttAe.rqp(1, "cse-in/cborae/c", "Ccbor").put("ty", 23);
            ObjectNode sb = sub.putObject("pc").putObject("m2m:sub").put("rn", "s");
            sb.putArray("nu").add("Ccbor");
            sb.putObject("enc").putArray("net").add(3);
            assertThat(cborAe.request("/oneM2M/req/Ccbor/id-in/cbor", sub).path("rsc").asInt()).isEqualTo(2001);
            ObjectNode cin = MqttAe.rqp(1, "cse-in/cborae/c", "Ccbor").put("ty", 4);
            cin.putObject("pc").putObject("m2m:cin").put("con", "in cbor");
            assertThat(cborAe.request("/oneM2M/req/Ccbor/id-in/cbor", cin).path("rsc").asInt()).isEqualTo(2001);
            JsonNode ntfy = cborAe.received.poll(20, TimeUnit.SECONDS);
            assertThat(ntfy).isNotNull();
            assertThat(cborAe.receivedTopics.poll()).isEqualTo("/oneM2M/req/id-in/Ccbor/cbor");
            assertThat(ntfy.at("/pc/m2m:sgn/nev/rep/m2m:cin/con").asText()).isEqualTo("in cbor");
        }
    }

    /** A payload that must be CBOR (a JSON text would begin with '{'), decoded. */
    private static JsonNode cbor(byte[] payload) throws java.io.IOException {
        assertThat(payload).as("a message on the topic").isNotNull();
        assertThat(payload[0]).as("CBOR, not JSON").isNotEqualTo((byte) '{');
        return MqttAe.CBOR.readTree(payload);
    }

    @Test
    void aRequestInAnotherOriginatorsNameIs4106() throws Exception {
        // the payload claims the AE, the topic says Cintruder: the topic is what the broker's ACL vouches for
        MqttAe intruder = new MqttAe(broker.port(), "Cintruder").listen("/oneM2M/resp/Cintruder/#");
        try {
            JsonNode r = intruder.request("/oneM2M/req/Cintruder/id-in/json",
                    MqttAe.rqp(2, "cse-in/mqttae", aeId));
            assertThat(r.path("rsc").asInt()).isEqualTo(4106);
            assertThat(r.at("/pc/m2m:dbg").asText()).contains("is not the originator of the topic");
            // the SP-relative form of the same AE-ID is the same originator
            JsonNode ok = ae.request(req("json"), MqttAe.rqp(2, "cse-in/mqttae", "/id-in/" + aeId));
            assertThat(ok.path("rsc").asInt()).isEqualTo(2000);
        } finally {
            intruder.close();
        }
        // a registration topic carries registrations only
        JsonNode r = ae.request("/oneM2M/reg_req/cred-ae1/id-in/json", MqttAe.rqp(2, "cse-in", "C"));
        assertThat(r.path("rsc").asInt()).isEqualTo(4106);
    }

    /** The answer to {@code rqi} ("" for answers without one) whose m2m:dbg holds {@code fragment}, or null. */
    private static JsonNode answer(String rqi, String fragment) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < until) {
            JsonNode r = ae.response(rqi, 1);
            if (r != null && r.at("/pc/m2m:dbg").asText().contains(fragment)) {
                return r;
            }
        }
        return null;
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "not json||malformed JSON content",
            "[1,2]||not a request primitive",
            "{\"op\":2,\"to\":\"cse-in\",\"rqi\":\"m1\",\"zz\":1}|m1|unknown request parameter zz",
            "{\"op\":7,\"rqi\":\"m2\"}|m2|op 7 is not an operation",
            "{\"op\":2,\"to\":5,\"rqi\":\"m3\"}|m3|to must be a string"})
    void aMalformedMessageIs4000OnTheResponseTopic(String payload, String rqi, String fragment) throws Exception {
        ae.publish(req("json"), payload.getBytes(StandardCharsets.UTF_8));
        JsonNode r = answer(rqi == null ? "" : rqi, fragment == null ? "" : fragment);
        assertThat(r).as("a 4000 answer to %s", payload).isNotNull();
        assertThat(r.path("rsc").asInt()).isEqualTo(4000);
        assertThat(r.at("/pc/m2m:dbg").asText()).isNotEmpty();
    }

    @Test
    void anOversizedMessageAndAnUnknownSerializationAreRefusedAndTheDoorServesOn() throws Exception {
        byte[] big = new byte[64 * 1024 + 1];
        java.util.Arrays.fill(big, (byte) ' ');
        ae.publish(req("json"), big);
        JsonNode r = answer("", "exceeds the limit of 65536 bytes");
        assertThat(r).isNotNull();
        assertThat(r.path("rsc").asInt()).isEqualTo(4000);
        ObjectNode rq = MqttAe.rqp(2, "cse-in", aeId);
        ae.publish("/oneM2M/req/" + aeId + "/id-in/yaml", rq.toString().getBytes(StandardCharsets.UTF_8));
        JsonNode unsupported = answer("", "is not served: json, cbor or xml");
        assertThat(unsupported).isNotNull();
        assertThat(unsupported.path("rsc").asInt()).isEqualTo(4015);
        assertThat(ae.request(req("json"), MqttAe.rqp(2, "cse-in/mqttae", aeId)).path("rsc").asInt())
                .isEqualTo(2000);
    }

    @Test
    void mosquittosOwnClientsGetTheirAnswers() throws Exception {
        Path out = dir.resolve("sub.out");
        Process sub = new ProcessBuilder(io.bastion.server.it.Installed.onPath("mosquitto_sub"), "-h", "127.0.0.1",
                "-p", String.valueOf(broker.port()), "-i", "Ctool-sub", "-q", "1", "-C", "1", "-W", "20",
                "-t", "/oneM2M/resp/Ctool/id-in/json").redirectOutput(out.toFile()).redirectErrorStream(false).start();
        Thread.sleep(500); // mosquitto_sub subscribed
        String rqp = "{\"op\":2,\"to\":\"cse-in\",\"fr\":\"Ctool\",\"rqi\":\"tool-1\",\"rvi\":\"3\"}";
        Process pub = new ProcessBuilder(io.bastion.server.it.Installed.onPath("mosquitto_pub"), "-h", "127.0.0.1",
                "-p", String.valueOf(broker.port()), "-i", "Ctool", "-q", "1",
                "-t", "/oneM2M/req/Ctool/id-in/json", "-m", rqp).inheritIO().start();
        assertThat(pub.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(sub.waitFor(25, TimeUnit.SECONDS)).isTrue();
        JsonNode r = M2m.JSON.readTree(Files.readString(out));
        // Ctool is no registered AE: the CSE answers, in oneM2M words, that it is not authenticated
        assertThat(r.path("rqi").asText()).isEqualTo("tool-1");
        assertThat(r.path("rsc").asInt()).isEqualTo(4106);
        assertThat(r.at("/pc/m2m:dbg").asText()).contains("not a registered AE");
        // a registered AE's retrieve of itself through the same tools
        Process sub2 = new ProcessBuilder(io.bastion.server.it.Installed.onPath("mosquitto_sub"), "-h", "127.0.0.1",
                "-p", String.valueOf(broker.port()), "-i", "Ctool-sub2", "-q", "1", "-C", "1", "-W", "20",
                "-t", "/oneM2M/resp/" + aeId + "/id-in/json").redirectOutput(dir.resolve("sub2.out").toFile())
                .start();
        Thread.sleep(500);
        Process pub2 = new ProcessBuilder(io.bastion.server.it.Installed.onPath("mosquitto_pub"), "-h", "127.0.0.1",
                "-p", String.valueOf(broker.port()), "-i", "Ctool2", "-q", "1", "-t", req("json"),
                "-m", "{\"op\":2,\"to\":\"cse-in/mqttae\",\"fr\":\"" + aeId + "\",\"rqi\":\"tool-2\",\"rvi\":\"3\"}")
                .inheritIO().start();
        assertThat(pub2.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(sub2.waitFor(25, TimeUnit.SECONDS)).isTrue();
        JsonNode r2 = M2m.JSON.readTree(Files.readString(dir.resolve("sub2.out")));
        assertThat(r2.path("rsc").asInt()).isEqualTo(2000);
        assertThat(r2.at("/pc/m2m:ae/aei").asText()).isEqualTo(aeId);
    }
}
