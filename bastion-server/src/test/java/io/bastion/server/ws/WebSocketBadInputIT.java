package io.bastion.server.ws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.bastion.bindings.ws.WebSocketConfig;
import io.bastion.core.codec.Codecs;
import io.bastion.core.codec.Serialization;
import io.bastion.server.WebSocketSettings;
import io.bastion.server.it.M2m;
import io.bastion.server.it.TestServer;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a WebSocket client must not get away with (TS-0020, RFC 6455): handshakes that are not oneM2M's (HTTP 400 with
 * a oneM2M 4000 and the reason, 426 for another version), messages that are no primitive (a 4000 response, the
 * connection kept), and frames that break the protocol or the limits (the close code RFC 6455 7.4.1 gives); a
 * silent client is closed after the idle timeout while a client answering pings stays. The server keeps serving.
 */
class WebSocketBadInputIT {
    static final int FRAME = 1024;
    static final int MESSAGE = 4096;

    @RegisterExtension
    static final TestServer cse = new TestServer().registering("Cbad", "bad").configured(c -> c.withWs(
            WebSocketSettings.defaults().withBinding(new WebSocketConfig(FRAME, MESSAGE, Duration.ofSeconds(2),
                    Duration.ofMillis(700), 16))));
    static final M2m http = cse.client();

    static int port() {
        return cse.server().httpPort();
    }

    static RawWebSocket open(String subprotocol) throws IOException {
        RawWebSocket ws = RawWebSocket.open(port(), "GET", "/", "Sec-WebSocket-Version: 13\r\n"
                + "Sec-WebSocket-Protocol: " + subprotocol + "\r\n");
        assertThat(ws.status).isEqualTo(101);
        assertThat(ws.headers.get("sec-websocket-protocol")).isEqualTo(subprotocol);
        return ws;
    }

    static JsonNode answer(RawWebSocket ws) throws IOException {
        RawWebSocket.Frame f = ws.readData();
        assertThat(f.opcode()).as("a text frame").isEqualTo(1);
        return WsClient.parse(f.text());
    }

    static void assertRefused(String method, String path, String headers, int status, String reason)
            throws IOException {
        try (RawWebSocket ws = RawWebSocket.open(port(), method, path, headers)) {
            assertThat(ws.status).isEqualTo(status);
            if (status == 400) {
                assertThat(ws.headers.get("x-m2m-rsc")).isEqualTo("4000");
                assertThat(ws.headers.get("body")).contains(reason);
            }
        }
    }

    @Test
    void handshakesThatAreNotOneM2msAreRefusedWithTheirReason() throws IOException {
        String v13 = "Sec-WebSocket-Version: 13\r\n";
        assertRefused("GET", "/", v13, 400, "Sec-WebSocket-Protocol must offer a oneM2M subprotocol");
        assertRefused("GET", "/", v13 + "Sec-WebSocket-Protocol: chat, oneM2M.yaml\r\n", 400,
                "none of the offered subprotocols is served");
        assertRefused("GET", "/cse-in", v13 + "Sec-WebSocket-Protocol: oneM2M.json\r\n", 400, "opened at /");
        assertRefused("POST", "/", v13 + "Sec-WebSocket-Protocol: oneM2M.json\r\n", 400, "GET");
        try (RawWebSocket ws = RawWebSocket.open(port(), "GET", "/", "Sec-WebSocket-Version: 8\r\n"
                + "Sec-WebSocket-Protocol: oneM2M.json\r\n")) {
            assertThat(ws.status).isEqualTo(426);
            assertThat(ws.headers.get("sec-websocket-version")).isEqualTo("13");
        }
        // oneM2M.xml: refused until this CSE has an XML codec, then chosen
        boolean xml = new Codecs().forSerialization(Serialization.XML) != null;
        try (RawWebSocket ws = RawWebSocket.open(port(), "GET", "/", v13 + "Sec-WebSocket-Protocol: oneM2M.xml\r\n")) {
            assertThat(ws.status).isEqualTo(xml ? 101 : 400);
        }
        // several header fields with one name each equal one list (TS-0020 6.2.2.7)
        try (RawWebSocket ws = RawWebSocket.open(port(), "GET", "/", v13 + "Sec-WebSocket-Protocol: chat\r\n"
                + "Sec-WebSocket-Protocol: oneM2M.cbor\r\n")) {
            assertThat(ws.status).isEqualTo(101);
            assertThat(ws.headers.get("sec-websocket-protocol")).isEqualTo("oneM2M.cbor");
            assertThat(ws.headers).doesNotContainKey("sec-websocket-extensions");
        }
        http.retrieve("Cbad", "/cse-in/bad").expect(2000);
    }

    @Test
    void anUpgradeAfterTheFirstRequestOfAConnectionIsServedAsHttp() throws IOException {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", port())) {
            s.setSoTimeout(20_000);
            String get = "GET /cse-in/bad HTTP/1.1\r\nHost: cse.example\r\nX-M2M-Origin: Cbad\r\nX-M2M-RI: k1\r\n"
                    + "X-M2M-RVI: 3\r\n\r\n";
            s.getOutputStream().write(get.getBytes(StandardCharsets.US_ASCII));
            java.io.InputStream in = s.getInputStream();
            M2m.Rsp first = io.bastion.server.RawHttp.read(in, "first request");
            assertThat(first.rsc()).isEqualTo(2000);
            RawWebSocket late = RawWebSocket.handshake(s, in, s.getOutputStream(), "GET", "/cse-in/bad",
                    "X-M2M-Origin: Cbad\r\nX-M2M-RI: k2\r\nX-M2M-RVI: 3\r\nSec-WebSocket-Version: 13\r\n"
                            + "Sec-WebSocket-Protocol: oneM2M.json\r\n");
            assertThat(late.status).as("a keep-alive request's Upgrade is ignored").isEqualTo(200);
            assertThat(late.headers.get("x-m2m-rsc")).isEqualTo("2000");
        }
    }

    @Test
    void messagesThatAreNoPrimitiveAre4000AndTheConnectionStays() throws IOException {
        try (RawWebSocket ws = open("oneM2M.json")) {
            String[][] cases = {
                {"{not json", "4000", null},
                {"[1,2]", "4000", "one request or response primitive"},
                {"{\"op\":2,\"to\":\"cse-in\",\"fr\":\"Cbad\"}", "4000", "rqi"},
                {"{\"op\":2,\"fr\":\"Cbad\",\"rqi\":\"b1\"}", "4000", "to"},
                {"{\"op\":9,\"to\":\"cse-in\",\"fr\":\"Cbad\",\"rqi\":\"b2\"}", "4000", "op 9"},
                {"{\"op\":\"2\",\"to\":\"cse-in\",\"fr\":\"Cbad\",\"rqi\":\"b3\"}", "4000", "op must be"},
                {"{\"op\":2,\"to\":\"cse-in\",\"fr\":\"Cbad\",\"rqi\":\"b4\",\"xyz\":1}", "4000", "'xyz'"},
                {"{\"op\":2,\"to\":\"cse-in\",\"fr\":\"Cbad\",\"rqi\":\"b5\",\"da\":true}", "5001", "'da'"},
                {"{\"op\":2,\"to\":\"cse-in\",\"fr\":\"Cbad\",\"rqi\":\"b6\",\"fc\":{\"rcn\":1}}", "4000", "fc.rcn"},
                {"{\"op\":2,\"to\":\"cse-in\",\"fr\":\"Cbad\",\"rqi\":\"b7\",\"fc\":{\"lim\":-1}}", "4000", "lim"},
                {"{\"op\":2,\"to\":\"cse-in\",\"fr\":\"Cbad\",\"rqi\":\"b8\",\"rt\":3}", "4000", "rt must be"},
                {"{\"rsc\":2000,\"rqi\":\"never-sent\"}", null, null},
                {"{\"rsc\":1234,\"rqi\":\"broken-answer\"}", null, null},
                {"{\"hello\":1}", "4000", "neither a request"},
            };
            for (String[] c : cases) {
                ws.text(c[0]);
                if (c[1] == null) {
                    continue; // an answer to nothing this CSE sent: dropped, nothing comes back
                }
                JsonNode r = answer(ws);
                assertThat(r.path("rsc").asText()).as(c[0] + " -> " + r).isEqualTo(c[1]);
                if (c[2] != null) {
                    assertThat(r.path("pc").path("m2m:dbg").asText()).as(c[0]).contains(c[2]);
                }
                if (c[0].contains("\"rqi\":\"b")) {
                    assertThat(r.path("rqi").asText()).as("answered under its rqi").startsWith("b");
                }
            }
            ws.text("{\"op\":2,\"to\":\"cse-in/bad\",\"fr\":\"Cbad\",\"rqi\":\"ok\",\"rvi\":\"3\"}");
            JsonNode ok = answer(ws);
            assertThat(ok.path("rsc").asInt()).isEqualTo(2000);
            assertThat(ok.path("rqi").asText()).isEqualTo("ok");
        }
    }

    @Test
    void aFrameOfTheWrongTypeForTheSubprotocolCloses1003() throws IOException {
        try (RawWebSocket ws = open("oneM2M.json")) {
            ws.binary(new byte[] {(byte) 0xa0});
            RawWebSocket.Frame f = ws.readData();
            assertThat(f.opcode()).isEqualTo(8);
            assertThat(f.closeCode()).isEqualTo(1003);
        }
        try (RawWebSocket ws = open("oneM2M.cbor")) {
            ws.text("{}");
            assertThat(ws.readData().closeCode()).isEqualTo(1003);
        }
    }

    @Test
    void aFrameOrAMessageOverTheLimitCloses1009() throws IOException {
        try (RawWebSocket ws = open("oneM2M.json")) {
            byte[] big = new byte[FRAME + 1];
            Arrays.fill(big, (byte) ' ');
            ws.frame(true, 1, big, true);
            assertThat(ws.readData().closeCode()).isEqualTo(1009);
        }
        try (RawWebSocket ws = open("oneM2M.json")) {
            byte[] part = new byte[FRAME];
            Arrays.fill(part, (byte) ' ');
            ws.frame(false, 1, part, true);
            for (int i = 0; i < MESSAGE / FRAME; i++) {
                ws.frame(false, 0, part, true);
            }
            assertThat(ws.readData().closeCode()).isEqualTo(1009);
        }
        http.retrieve("Cbad", "/cse-in/bad").expect(2000);
    }

    @Test
    void anUnmaskedFrameCloses1002AndBrokenUtf8Closes1007() throws IOException {
        try (RawWebSocket ws = open("oneM2M.json")) {
            ws.frame(true, 1, "{}".getBytes(StandardCharsets.UTF_8), false);
            assertThat(ws.readData().closeCode()).isEqualTo(1002);
        }
        try (RawWebSocket ws = open("oneM2M.json")) {
            ws.frame(true, 1, new byte[] {'{', (byte) 0xc3, (byte) 0x28, '}'}, true);
            assertThat(ws.readData().closeCode()).isEqualTo(1007);
        }
    }

    @Test
    void aSilentClientIsClosedAfterTheIdleTimeoutAndOneAnsweringPingsStays() throws Exception {
        try (RawWebSocket ws = open("oneM2M.json")) {
            long start = System.nanoTime();
            RawWebSocket.Frame f;
            int pings = 0;
            while ((f = ws.read()).opcode() == 9) {
                pings++; // pings come every 0.7 s; this client never answers them
            }
            assertThat(pings).isPositive();
            assertThat(f.closeCode()).isEqualTo(1001);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(1500));
        }
        try (WsClient c = WsClient.open(URI.create("ws://127.0.0.1:" + port() + "/"), null, "oneM2M.json")) {
            Thread.sleep(3500); // the JDK client answers pings with pongs
            assertThat(c.isClosed()).isFalse();
            assertThat(c.retrieve("Cbad", "cse-in/bad").path("rsc").asInt()).isEqualTo(2000);
        }
    }

    @Test
    void theClosingHandshakeIsAnswered() throws IOException {
        try (RawWebSocket ws = open("oneM2M.json")) {
            ws.frame(true, 8, new byte[] {0x03, (byte) 0xe8}, true);
            RawWebSocket.Frame f = ws.readData();
            assertThat(f.opcode()).isEqualTo(8);
            assertThat(f.closeCode()).isEqualTo(1000);
        }
    }
}
