package io.bastion.bindings.http;

import io.bastion.core.http.HttpMapping;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.bastion.core.codec.Serialization;
import io.bastion.core.primitive.Operation;
import io.bastion.core.primitive.Request;
import io.bastion.core.primitive.Response;
import io.bastion.core.primitive.ResponseStatusCode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Notifications over real HTTP to a small receiver, and to nobody at all. */
class HttpNotificationTransportTest {
    static final ObjectMapper JSON = new ObjectMapper();

    HttpServer receiver;
    HttpNotificationTransport transport;
    final CompletableFuture<Captured> captured = new CompletableFuture<>();
    volatile Answer answer = new Answer(200, Map.of("X-M2M-RSC", "2000", "Content-Type", "application/json"),
            "{\"m2m:dbg\":\"thanks\"}");
    final CountDownLatch release = new CountDownLatch(1);

    record Captured(String method, String path, Map<String, String> headers, String body, byte[] raw) {
    }

    record Answer(int status, Map<String, String> headers, String body) {
    }

    @BeforeEach
    void start() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/", this::receive);
        receiver.start();
        transport = new HttpNotificationTransport(Duration.ofSeconds(2));
    }

    @AfterEach
    void stop() {
        release.countDown();
        receiver.stop(0);
        transport.close();
    }

    private void receive(HttpExchange x) throws IOException {
        byte[] raw = x.getRequestBody().readAllBytes();
        String body = new String(raw, StandardCharsets.UTF_8);
        Map<String, String> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        x.getRequestHeaders().forEach((k, v) -> headers.put(k, v.get(0)));
        captured.complete(new Captured(x.getRequestMethod(), x.getRequestURI().toString(), headers, body, raw));
        if ("hang".equals(headers.get("X-M2M-RI"))) {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Answer a = answer;
        a.headers().forEach((k, v) -> x.getResponseHeaders().add(k, v));
        byte[] out = a.body().getBytes(StandardCharsets.UTF_8);
        x.sendResponseHeaders(a.status(), out.length == 0 ? -1 : out.length);
        if (out.length > 0) {
            x.getResponseBody().write(out);
        }
        x.close();
    }

    String poa() {
        return "http://127.0.0.1:" + receiver.getAddress().getPort() + "/notify/ae1";
    }

    static Request notify(String rqi) throws IOException {
        return Request.builder(Operation.NOTIFY, "/id-in/Cae1")
                .fr("/id-in")
                .rqi(rqi)
                .rvi("3")
                .pc(JSON.readTree("{\"m2m:sgn\":{\"nev\":{\"rep\":{\"m2m:cin\":{\"con\":\"21\"}},\"net\":3},"
                        + "\"sur\":\"/id-in/cse-in/sub1\"}}"))
                .build();
    }

    @Test
    void postsTheNotificationWithOneM2MHeadersAndReadsTheAnswer() throws Exception {
        Response r = transport.send(poa(), notify("n-1"), Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS);

        Captured c = captured.get(5, TimeUnit.SECONDS);
        assertThat(c.method()).isEqualTo("POST");
        assertThat(c.path()).isEqualTo("/notify/ae1");
        assertThat(c.headers()).containsEntry("X-M2M-Origin", "/id-in")
                .containsEntry("X-M2M-RI", "n-1")
                .containsEntry("X-M2M-RVI", "3")
                .containsEntry("Content-Type", "application/json");
        assertThat(JSON.readTree(c.body())).isEqualTo(notify("n-1").pc());
        assertThat(r.rsc()).isEqualTo(ResponseStatusCode.OK);
        assertThat(r.rqi()).isEqualTo("n-1");
        assertThat(r.pc()).isEqualTo(JSON.readTree("{\"m2m:dbg\":\"thanks\"}"));
    }

    @Test
    void aCborReceiverGetsCborAndItsCborAnswerIsRead() throws Exception {
        ObjectMapper cbor = new ObjectMapper(new CBORFactory());
        answer = new Answer(200, Map.of("X-M2M-RSC", "2000", "Content-Type", "application/cbor"), "");
        Response r = transport.send(poa(), notify("n-c"), Serialization.CBOR, Duration.ofSeconds(5))
                .get(10, TimeUnit.SECONDS);

        Captured c = captured.get(5, TimeUnit.SECONDS);
        assertThat(c.headers()).containsEntry("Content-Type", "application/cbor");
        assertThat(cbor.readTree(c.raw())).isEqualTo(notify("n-c").pc());
        assertThat(r.rsc()).isEqualTo(ResponseStatusCode.OK);
    }

    @Test
    void xmlIsWrittenUnderTheNotificationRoot() throws Exception {
        Response r = transport.send(poa(), notify("n-x"), Serialization.XML, Duration.ofSeconds(5)).get();
        Captured c = captured.get(5, TimeUnit.SECONDS);
        assertThat(c.headers()).containsEntry("Content-Type", "application/xml");
        // read with the JDK's DOM, not the CSE's codec
        org.w3c.dom.Element root = javax.xml.parsers.DocumentBuilderFactory.newDefaultNSInstance().newDocumentBuilder()
                .parse(new java.io.ByteArrayInputStream(c.raw())).getDocumentElement();
        assertThat(root.getNamespaceURI()).isEqualTo("http://www.onem2m.org/xml/protocols");
        assertThat(root.getLocalName()).isEqualTo("sgn");
        assertThat(r.rsc()).isEqualTo(ResponseStatusCode.OK);
    }

    @Test
    void receiverStatusCodeHeaderWins() throws Exception {
        answer = new Answer(403, Map.of("X-M2M-RSC", "4101"), "");

        Response r = transport.send(poa(), notify("n-2"), Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS);

        assertThat(r.rsc()).isEqualTo(ResponseStatusCode.SUBSCRIPTION_CREATOR_HAS_NO_PRIVILEGE);
        assertThat(r.pc()).isNull();
    }

    @Test
    void withoutStatusCodeHeaderTheHttpStatusDecides() throws Exception {
        answer = new Answer(403, Map.of(), "");
        assertThat(transport.send(poa(), notify("n-3"), Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS).rsc())
                .isEqualTo(ResponseStatusCode.ORIGINATOR_HAS_NO_PRIVILEGE);

        assertThat(HttpMapping.statusCode(null, 204)).isEqualTo(ResponseStatusCode.OK);
        assertThat(HttpMapping.statusCode("nonsense", 200)).isEqualTo(ResponseStatusCode.OK);
        assertThat(HttpMapping.statusCode("9999", 404)).isEqualTo(ResponseStatusCode.NOT_FOUND);
        assertThat(HttpMapping.statusCode(null, 502))
                .isEqualTo(ResponseStatusCode.INTERNAL_SERVER_ERROR);
    }

    @Test
    void unreadableAnswerBodyStillGivesTheStatus() throws Exception {
        answer = new Answer(200, Map.of("Content-Type", "application/json"), "{oops");

        Response r = transport.send(poa(), notify("n-4"), Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS);

        assertThat(r.rsc()).isEqualTo(ResponseStatusCode.OK);
        assertThat(r.pc()).isNull();
    }

    @Test
    void closedPortFailsWithinTheTimeout() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        long start = System.nanoTime();
        CompletableFuture<Response> f = transport.send("http://127.0.0.1:" + port + "/n", notify("n-5"),
                Duration.ofSeconds(2));

        assertThatThrownBy(() -> f.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void silentReceiverFailsWithinTheTimeout() throws Exception {
        long start = System.nanoTime();
        CompletableFuture<Response> f = transport.send(poa(), notify("hang"), Duration.ofMillis(500));

        assertThatThrownBy(() -> f.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void supportsHttpAndHttpsOnly() {
        assertThat(transport.supports("http://host/x")).isTrue();
        assertThat(transport.supports("HTTPS://host/x")).isTrue();
        assertThat(transport.supports("mqtt://broker/x")).isFalse();
        assertThat(transport.supports("coap://host/x")).isFalse();
        assertThat(transport.supports("/id-in/Cae1")).isFalse();
        assertThat(transport.supports(null)).isFalse();
    }

    @Test
    void unsupportedPointOfAccessFailsTheFuture() {
        assertThat(transport.send("mqtt://broker/x", Request.builder(Operation.NOTIFY, "x").build(),
                Duration.ofSeconds(1))).isCompletedExceptionally();
    }

    @Test
    void largeAnswerBodyIsDroppedNotBuffered() throws Exception {
        answer = new Answer(200, Map.of("X-M2M-RSC", "2000", "Content-Type", "application/json"),
                "\"" + "x".repeat(HttpNotificationTransport.MAX_RESPONSE_BODY_BYTES + 10) + "\"");

        Response r = transport.send(poa(), notify("n-6"), Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS);

        assertThat(r.rsc()).isEqualTo(ResponseStatusCode.OK);
        assertThat(r.pc()).isNull();
        JsonNode ignored = r.pc();
        assertThat(ignored).isNull();
    }
}
