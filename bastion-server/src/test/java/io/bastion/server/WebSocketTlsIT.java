package io.bastion.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.bastion.bindings.tls.PskTlsClient;
import io.bastion.server.TestPki.Issued;
import io.bastion.server.it.M2m;
import io.bastion.server.ws.RawWebSocket;
import io.bastion.server.ws.WsClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsClientProtocol;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * WebSocket over TLS (TS-0020 clause 7, TS-0003 10.2): {@code wss://} on the HTTPS door with a client certificate
 * (the JDK's WebSocket client over JSSE) and on the TLS-PSK door (RFC 6455 by hand over Bouncy Castle's TLS-PSK
 * client), each with the AE-ID bound to the connection's credential as for HTTPS requests: the AE registers, reads
 * and gets its notification over the connection; a request in another AE's name is 4106.
 */
class WebSocketTlsIT {
    static final String PASSWORD = "test-keystore-secret";
    static final String PSK_ID = "ws-device@issuer.example";
    static final String PSK_KEY = "00112233445566778899aabbccddeeff";

    @TempDir
    static Path dir;
    static BastionServer server;
    static Issued root;
    static M2m plain;

    @BeforeAll
    static void start() throws Exception {
        root = TestPki.ca("Bastion WebSocket Test Root");
        Path p12 = TestPki.localhostKeystore(dir, root, PASSWORD);
        Path rootPem = TestPki.writePem(dir.resolve("root.pem"), root.cert());
        Path data = dir.resolve("data");
        assertThat(credentials(data, "cert", "trust", rootPem.toString())).isZero();
        assertThat(credentials(data, "psk", "add", "--identity", PSK_ID, "--key", PSK_KEY, "--ae", "Cwspsk"))
                .isZero();
        server = BastionServer.start(M2m.config(data).withPskPort(0)
                        .withHttps(HttpsSettings.defaults().withPort(0).withKeystore(p12)), Clock.systemUTC(),
                name -> name.equals(HttpsSettings.DEFAULT_PASSWORD_ENV) ? PASSWORD : null);
        plain = new M2m(server.httpPort());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    static int credentials(Path data, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<String> all = new ArrayList<>(List.of("--data", data.toString()));
        all.addAll(List.of(args));
        return CredentialsCommand.run(all, InputStream.nullInputStream(),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(out, true, StandardCharsets.UTF_8));
    }

    static String aeBody(String rn, String poa) {
        return "{\"m2m:ae\":{\"rn\":\"" + rn + "\",\"api\":\"Napp\",\"rr\":true,\"srv\":[\"3\"],\"poa\":[\"" + poa
                + "\"]}}";
    }

    @Test
    void wssWithAClientCertificateBindsTheAeIdAndCarriesItsNotifications() throws Exception {
        Issued cert = new TestPki.Spec("CN=ws-ae").uri("onem2m://bastion.example/id-in/Cwss1").issue(root);
        URI uri = URI.create("wss://localhost:" + server.httpsPort() + "/");
        try (WsClient c = WsClient.open(uri, TestPki.client(cert, root.cert()), "oneM2M.cbor")) {
            assertThat(c.create("Cwss1", "cse-in", 2, aeBody("wss1", "wss://localhost")).path("rsc").asInt())
                    .isEqualTo(2001);
            assertThat(c.create("Cwss1", "cse-in/wss1", 3, "{\"m2m:cnt\":{\"rn\":\"data\"}}").path("rsc").asInt())
                    .isEqualTo(2001);
            // the certificate proves Cwss1 only
            JsonNode other = c.create("Cother", "cse-in", 2, aeBody("other", "wss://localhost"));
            assertThat(other.path("rsc").asInt()).isEqualTo(4106);
            assertThat(other.path("pc").path("m2m:dbg").asText()).contains("Cother");
            plain.registerAe("Cwssplain", "wssplain");
            assertThat(c.retrieve("Cwssplain", "cse-in/wssplain").path("rsc").asInt()).isEqualTo(4106);
            // a subscription, then a write over plain HTTP: the NOTIFY comes on this wss connection
            assertThat(c.create("Cwss1", "cse-in/wss1/data", 23,
                    "{\"m2m:sub\":{\"rn\":\"s\",\"nu\":[\"Cwss1\"],\"enc\":{\"net\":[3]}}}").path("rsc").asInt())
                    .isEqualTo(2001);
            assertThat(c.create("Cwss1", "cse-in/wss1/data", 4, "{\"m2m:cin\":{\"con\":\"x\"}}").path("rsc")
                    .asInt()).isEqualTo(2001);
            JsonNode n = c.nextRequest();
            while (n.path("pc").path("m2m:sgn").path("vrq").asBoolean(false)) {
                n = c.nextRequest();
            }
            assertThat(n.path("pc").path("m2m:sgn").path("nev").path("rep").path("m2m:cin").path("con").asText())
                    .isEqualTo("x");
        }
    }

    @Test
    void wssOverTlsPskBindsTheAeIdOfThePreSharedKey() throws Exception {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", server.pskPort()), 5000);
            socket.setSoTimeout(20_000);
            TlsClientProtocol tls = new TlsClientProtocol(socket.getInputStream(), socket.getOutputStream());
            tls.connect(new PskTlsClient(new BcTlsCrypto(new SecureRandom()), PSK_ID,
                    HexFormat.of().parseHex(PSK_KEY), ProtocolVersion.TLSv12,
                    CipherSuite.TLS_PSK_WITH_AES_128_GCM_SHA256, "cse.example"));
            RawWebSocket ws = RawWebSocket.handshake(socket, tls.getInputStream(), tls.getOutputStream(), "GET", "/",
                    "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: oneM2M.json\r\n");
            assertThat(ws.status).isEqualTo(101);
            ws.text("{\"op\":1,\"to\":\"cse-in\",\"fr\":\"Cwspsk\",\"rqi\":\"p1\",\"rvi\":\"3\",\"ty\":2,\"pc\":"
                    + aeBody("wspsk", "ws://device") + "}");
            assertThat(WsClient.parse(ws.readData().text()).path("rsc").asInt()).isEqualTo(2001);
            ws.text("{\"op\":2,\"to\":\"cse-in/wspsk\",\"fr\":\"Cintruder\",\"rqi\":\"p2\",\"rvi\":\"3\"}");
            JsonNode refused = WsClient.parse(ws.readData().text());
            assertThat(refused.path("rsc").asInt()).isEqualTo(4106);
            assertThat(refused.path("rqi").asText()).isEqualTo("p2");
            // audited like any refusal, under the door the request came through
            assertThat(AuditLines.awaitRequest(dir.resolve("data"), "p2")).contains("\"door\":\"wss-psk\"")
                    .contains("\"rsc\":4106");
            ws.text("{\"op\":1,\"to\":\"cse-in/wspsk\",\"fr\":\"Cwspsk\",\"rqi\":\"p3\",\"rvi\":\"3\",\"ty\":23,\"pc\":"
                    + "{\"m2m:sub\":{\"rn\":\"s\",\"nu\":[\"Cwspsk\"],\"enc\":{\"net\":[1]}}}}");
            JsonNode sub = WsClient.parse(ws.readData().text());
            while (sub.has("op")) { // a verification request, if the CSE sent one: answered
                ws.text("{\"rsc\":2000,\"rqi\":\"" + sub.path("rqi").asText() + "\"}");
                sub = WsClient.parse(ws.readData().text());
            }
            assertThat(sub.path("rsc").asInt()).isEqualTo(2001);
            ws.text("{\"op\":3,\"to\":\"cse-in/wspsk\",\"fr\":\"Cwspsk\",\"rqi\":\"p4\",\"rvi\":\"3\",\"pc\":"
                    + "{\"m2m:ae\":{\"lbl\":[\"updated\"]}}}");
            JsonNode notify = null;
            JsonNode updated = null;
            while (notify == null || updated == null) {
                JsonNode m = WsClient.parse(ws.readData().text());
                if (m.has("op")) {
                    notify = m;
                    ws.text("{\"rsc\":2000,\"rqi\":\"" + m.path("rqi").asText() + "\"}");
                } else {
                    updated = m;
                }
            }
            assertThat(updated.path("rsc").asInt()).isEqualTo(2004);
            assertThat(notify.path("to").asText()).isEqualTo("Cwspsk");
            assertThat(notify.path("pc").path("m2m:sgn").path("nev").path("rep").path("m2m:ae").path("lbl").get(0)
                    .asText()).isEqualTo("updated");
            ws.close();
        }
    }
}
