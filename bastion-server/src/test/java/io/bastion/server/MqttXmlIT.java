package io.bastion.server;

import static io.bastion.server.it.XmlTree.at;
import static io.bastion.server.it.XmlTree.rqp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.bastion.server.it.M2m;
import io.bastion.server.it.XmlTree;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The MQTT door (TS-0010) in XML (TS-0004 8.3) through a real mosquitto: request primitives written by hand as
 * {@code m2m:rqp} on {@code …/xml} topics, answers read with the JDK's DOM and XPath (not the CSE's codec). An AE
 * registers on the registration topic, creates, retrieves, subscribes and receives its notification in XML on its
 * {@code …/xml} request topic because its contentSerialization asks for XML; a request in another's name is 4106
 * and an unreadable or hostile XML message 4000, each answered in XML on the XML response topic.
 */
class MqttXmlIT {
    private static final String NS = "xmlns:m2m=\"" + XmlTree.NAMESPACE + "\"";
    private static Path dir;
    private static Mosquitto broker;
    private static BastionServer server;
    private static M2m http;
    private static MqttAe ae;
    private static String aeId;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(Mosquitto.installed(), "mosquitto and mosquitto-clients are not installed (.ci/run installs them)");
        dir = Files.createTempDirectory("bastion-mqtt-xml-");
        broker = new Mosquitto(dir.resolve("broker")).start();
        server = BastionServer.start(M2m.config(dir.resolve("cse"))
                .withMqtt(MqttSettings.defaults().withUrl("tcp://127.0.0.1:" + broker.port())));
        http = new M2m(server.httpPort());
        assertThat(server.mqtt().connected()).isTrue();
        ae = new MqttAe(broker.port(), "cred-xml").listen("/oneM2M/reg_resp/cred-xml/#");
        String rqi = MqttAe.rqi();
        byte[] r = ae.requestXml("/oneM2M/reg_req/cred-xml/id-in/xml", rqi, rqp(1, "cse-in", "C", rqi, 2,
                "<m2m:ae rn=\"mqttxml\"><api>Nxml</api><rr>true</rr><srv>3</srv><poa>mqtt://127.0.0.1:"
                        + broker.port() + "</poa><csz>application/xml</csz></m2m:ae>"));
        assertThat(r).as("an XML answer on /oneM2M/reg_resp/cred-xml/id-in/xml").isNotNull();
        assertThat(at(r, "/m2m:rsp/rsc")).as(new String(r)).isEqualTo("2001");
        aeId = at(r, "/m2m:rsp/pc/m2m:ae/aei");
        assertThat(aeId).startsWith("C");
        assertThat(at(r, "/m2m:rsp/pc/m2m:ae/@rn")).isEqualTo("mqttxml");
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
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }


    private static String req(String originator) {
        return "/oneM2M/req/" + originator + "/id-in/xml";
    }

    /** Sends a request of this AE in XML on its XML request topic and returns the XML answer. */
    private static byte[] call(int op, String to, Integer ty, String pc) throws InterruptedException {
        String rqi = MqttAe.rqi();
        byte[] r = ae.requestXml(req(aeId), rqi, rqp(op, to, aeId, rqi, ty, pc));
        assertThat(r).as("an XML answer to %s on /oneM2M/resp/%s/id-in/xml", rqi, aeId).isNotNull();
        assertThat(at(r, "/m2m:rsp/rqi")).isEqualTo(rqi);
        return r;
    }

    @Test
    void anAeCreatesAndRetrievesInXml() throws Exception {
        assertThat(at(call(1, "cse-in/mqttxml", 3, "<m2m:cnt rn=\"box\"><mni>5</mni></m2m:cnt>"), "/m2m:rsp/rsc"))
                .isEqualTo("2001");
        byte[] created = call(1, "cse-in/mqttxml/box", 4, "<m2m:cin><cnf>text/plain:0</cnf><con>21.5</con>"
                + "</m2m:cin>");
        assertThat(at(created, "/m2m:rsp/rsc")).isEqualTo("2001");
        assertThat(at(created, "/m2m:rsp/pc/m2m:cin/con")).isEqualTo("21.5");
        byte[] la = call(2, "cse-in/mqttxml/box/la", null, null);
        assertThat(at(la, "/m2m:rsp/rsc")).isEqualTo("2000");
        assertThat(at(la, "/m2m:rsp/pc/m2m:cin/con")).isEqualTo("21.5");
        assertThat(at(la, "/m2m:rsp/pc/m2m:cin/cs")).isEqualTo("4");
        assertThat(at(la, "/m2m:rsp/to")).isEqualTo(aeId);
        // the number written in XML is a number to every other reader: the same resource over HTTP in JSON
        assertThat(http.retrieve(aeId, "/cse-in/mqttxml/box").expect(2000).inner().path("mni").isInt()).isTrue();
    }

    @Test
    void anAeWhoseContentSerializationIsXmlIsNotifiedInXmlOnItsXmlTopic() throws Exception {
        assertThat(at(call(1, "cse-in/mqttxml", 3, "<m2m:cnt rn=\"watched\"/>"), "/m2m:rsp/rsc")).isEqualTo("2001");
        byte[] sub = call(1, "cse-in/mqttxml/watched", 23, "<m2m:sub rn=\"s\"><nu>" + aeId + "</nu><enc><net>3</net>"
                + "</enc></m2m:sub>");
        assertThat(at(sub, "/m2m:rsp/rsc")).as(new String(sub)).isEqualTo("2001");
        ae.received.clear();
        ae.receivedTopics.clear();
        ae.receivedXml.clear();
        // the write comes by another door (HTTP, JSON): the notification follows the AE's csz, not the writer's
        http.createCin(aeId, "/cse-in/mqttxml/watched", "ping").expect(2001);
        byte[] ntfy = ae.receivedXml.poll(20, TimeUnit.SECONDS);
        assertThat(ntfy).as("a NOTIFY on /oneM2M/req/id-in/%s/xml", aeId).isNotNull();
        assertThat(ae.receivedTopics.poll()).isEqualTo("/oneM2M/req/id-in/" + aeId + "/xml");
        assertThat(XmlTree.dom(ntfy).getDocumentElement().getNamespaceURI()).isEqualTo(XmlTree.NAMESPACE);
        assertThat(at(ntfy, "/m2m:rqp/op")).isEqualTo("5");
        assertThat(at(ntfy, "/m2m:rqp/fr")).isEqualTo("/id-in");
        assertThat(at(ntfy, "/m2m:rqp/to")).isEqualTo(aeId);
        assertThat(at(ntfy, "/m2m:rqp/pc/m2m:sgn/nev/net")).isEqualTo("3");
        assertThat(at(ntfy, "/m2m:rqp/pc/m2m:sgn/nev/rep/m2m:cin/con")).isEqualTo("ping");
        assertThat(at(ntfy, "/m2m:rqp/pc/m2m:sgn/sur")).isEqualTo("/id-in/" + at(sub, "/m2m:rsp/pc/m2m:sub/ri"));
    }

    @Test
    void aRequestInAnotherOriginatorsNameIs4106InXml() throws Exception {
        try (MqttAe intruder = new MqttAe(broker.port(), "Cxmlintruder").listen("/oneM2M/resp/Cxmlintruder/#")) {
            String rqi = MqttAe.rqi();
            // the payload claims the AE, the topic says Cxmlintruder: the topic is what the broker vouches for
            byte[] r = intruder.requestXml(req("Cxmlintruder"), rqi, rqp(2, "cse-in/mqttxml", aeId, rqi, null, null));
            assertThat(r).as("an XML answer on /oneM2M/resp/Cxmlintruder/id-in/xml").isNotNull();
            assertThat(at(r, "/m2m:rsp/rsc")).isEqualTo("4106");
            assertThat(at(r, "/m2m:rsp/rqi")).isEqualTo(rqi);
            assertThat(at(r, "/m2m:rsp/pc/m2m:dbg")).contains("is not the originator of the topic");
        }
        // a registration topic carries registrations only, in XML too
        String rqi = MqttAe.rqi();
        byte[] r = ae.requestXml("/oneM2M/reg_req/cred-xml/id-in/xml", rqi, rqp(2, "cse-in", "C", rqi, null, null));
        assertThat(at(r, "/m2m:rsp/rsc")).isEqualTo("4106");
    }

    @Test
    void unreadableAndHostileXmlIs4000InXmlAndTheDoorServesOn() throws Exception {
        String[] bad = {
            "<m2m:rqp " + NS + "><op>2</op><to>cse-in",
            "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">]><m2m:rqp " + NS + "><op>2</op>"
                    + "<to>&lol;</to></m2m:rqp>",
            "not xml at all"};
        for (String payload : bad) {
            byte[] r = ae.requestXml(req(aeId), "", payload);
            assertThat(r).as("an XML answer to %s", payload).isNotNull();
            assertThat(at(r, "/m2m:rsp/rsc")).as(payload).isEqualTo("4000");
            assertThat(at(r, "/m2m:rsp/pc/m2m:dbg")).isNotEmpty();
        }
        assertThat(at(call(2, "cse-in/mqttxml", null, null), "/m2m:rsp/rsc")).isEqualTo("2000");
    }
}
