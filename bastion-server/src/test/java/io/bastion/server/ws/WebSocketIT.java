package io.bastion.server.ws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bastion.server.it.M2m;
import io.bastion.server.it.TestServer;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The WebSocket binding (TS-0020) on the plain HTTP door, driven by the JDK's WebSocket client: the Upgrade on the
 * HTTP port, registration, CRUD and a notification pushed to the AE's own connection, in JSON and in CBOR, many
 * requests in flight on one connection, the subprotocol chosen by the client's order.
 */
class WebSocketIT {
    private static final AtomicInteger SEQ = new AtomicInteger();

    @RegisterExtension
    static final TestServer cse = new TestServer();
    static final M2m http = cse.client();

    static URI uri() {
        return URI.create("ws://127.0.0.1:" + cse.server().httpPort() + "/");
    }

    static String aeBody(String rn) {
        return "{\"m2m:ae\":{\"rn\":\"" + rn + "\",\"api\":\"Napp\",\"rr\":true,\"srv\":[\"3\"],"
                + "\"poa\":[\"ws://127.0.0.1\"]}}";
    }

    static int rsc(JsonNode r) {
        return r.path("rsc").asInt();
    }

    @Test
    void anAeRegistersCreatesAndReadsOverJsonOnTheHttpPort() {
        String ae = "Cws" + SEQ.incrementAndGet();
        try (WsClient c = WsClient.open(uri(), null, "oneM2M.json")) {
            assertThat(c.subprotocol()).isEqualTo("oneM2M.json");
            JsonNode reg = c.create(ae, M2m.CSE_BASE, 2, aeBody("wsae" + SEQ.get()));
            assertThat(rsc(reg)).as(reg.toString()).isEqualTo(2001);
            assertThat(reg.path("pc").path("m2m:ae").path("aei").asText()).isEqualTo(ae);
            String home = M2m.CSE_BASE + "/wsae" + SEQ.get();
            assertThat(rsc(c.create(ae, home, 3, "{\"m2m:cnt\":{\"rn\":\"data\"}}"))).isEqualTo(2001);
            assertThat(rsc(c.create(ae, home + "/data", 4, "{\"m2m:cin\":{\"con\":\"21.5\"}}"))).isEqualTo(2001);
            JsonNode la = c.retrieve(ae, home + "/data/la");
            assertThat(rsc(la)).isEqualTo(2000);
            assertThat(la.path("pc").path("m2m:cin").path("con").asText()).isEqualTo("21.5");
            assertThat(la.has("rvi")).isTrue();
            // the same resource over HTTP: one pipeline behind both doors
            http.retrieve(ae, "/" + home + "/data/la").expect(2000);
            // discovery: fc as an object, checked as the HTTP query is
            ObjectNode disc = WsClient.request(2, home, ae);
            disc.putObject("fc").put("fu", 1).putArray("ty").add(4);
            JsonNode found = c.call(disc);
            assertThat(rsc(found)).as(found.toString()).isEqualTo(2000);
            assertThat(found.path("pc").path("m2m:uril").size()).isEqualTo(1);
            // refusals come as response primitives: 4103 for another AE, 4106 for an unregistered one, 4004
            String other = "Cwso" + SEQ.incrementAndGet();
            http.registerAe(other, "wso" + SEQ.get());
            assertThat(rsc(c.retrieve(other, home + "/data"))).isEqualTo(4103);
            assertThat(rsc(c.retrieve("Cnobody", home + "/data"))).isEqualTo(4106);
            assertThat(rsc(c.retrieve(ae, home + "/nothing"))).isEqualTo(4004);
        }
    }

    @Test
    void aNotificationIsPushedToTheAesConnectionInJson() {
        notificationOver("oneM2M.json");
    }

    @Test
    void aNotificationIsPushedToTheAesConnectionInCbor() {
        notificationOver("oneM2M.cbor");
    }

    private void notificationOver(String subprotocol) {
        String ae = "Cwsn" + SEQ.incrementAndGet();
        String rn = "wsn" + SEQ.get();
        String home = M2m.CSE_BASE + "/" + rn;
        try (WsClient c = WsClient.open(uri(), null, subprotocol)) {
            assertThat(c.subprotocol()).isEqualTo(subprotocol);
            assertThat(rsc(c.create(ae, M2m.CSE_BASE, 2, aeBody(rn)))).isEqualTo(2001);
            assertThat(rsc(c.create(ae, home, 3, "{\"m2m:cnt\":{\"rn\":\"data\"}}"))).isEqualTo(2001);
            JsonNode sub = c.create(ae, home + "/data", 23,
                    "{\"m2m:sub\":{\"rn\":\"s\",\"nu\":[\"" + ae + "\"],\"enc\":{\"net\":[3]}}}");
            assertThat(rsc(sub)).as(sub.toString()).isEqualTo(2001);
            // a write by another way in (HTTP) is notified on the WebSocket connection
            http.createCin(ae, "/" + home + "/data", "on").expect(2001);
            JsonNode n = c.nextRequest();
            while (n.path("pc").path("m2m:sgn").path("vrq").asBoolean(false)) {
                n = c.nextRequest(); // a verification request, if the CSE sent one
            }
            assertThat(n.path("op").asInt()).isEqualTo(5);
            assertThat(n.path("to").asText()).isEqualTo(ae);
            assertThat(n.path("fr").asText()).isEqualTo(M2m.CSE_ID);
            assertThat(n.path("pc").path("m2m:sgn").path("nev").path("rep").path("m2m:cin").path("con").asText())
                    .isEqualTo("on");
        }
    }

    @Test
    void manyRequestsAreInFlightOnOneConnectionEachAnsweredUnderItsRqi() {
        String ae = "Cwsp" + SEQ.incrementAndGet();
        String rn = "wsp" + SEQ.get();
        try (WsClient c = WsClient.open(uri(), null, "oneM2M.cbor")) {
            assertThat(rsc(c.create(ae, M2m.CSE_BASE, 2, aeBody(rn)))).isEqualTo(2001);
            List<String> rqis = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                ObjectNode rq = WsClient.request(2, M2m.CSE_BASE + "/" + rn, ae);
                rqis.add(rq.get("rqi").asText());
                c.send(rq);
            }
            for (String rqi : rqis) {
                assertThat(rsc(c.responseTo(rqi))).isEqualTo(2000);
            }
        }
    }

    @Test
    void theClientsFirstServedSubprotocolIsChosen() {
        try (WsClient c = WsClient.open(uri(), null, "oneM2M.xml", "oneM2M.cbor", "oneM2M.json")) {
            assertThat(c.subprotocol()).isEqualTo("oneM2M.xml");
        }
        try (WsClient c = WsClient.open(uri(), null, "chat", "oneM2M.json")) {
            assertThat(c.subprotocol()).isEqualTo("oneM2M.json");
        }
    }

    @Test
    void aPlainRequestWithAnotherUpgradeIsServedAsHttp() {
        http.raw("GET /" + M2m.CSE_BASE + " HTTP/1.1\r\nX-M2M-Origin: " + M2m.ADMIN + "\r\nX-M2M-RI: h2c\r\n"
                + "X-M2M-RVI: 3\r\nUpgrade: h2c", null).expect(2000);
    }
}
