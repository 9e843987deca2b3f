package io.bastion.server.ws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import io.bastion.server.it.XmlTree;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import javax.net.ssl.SSLContext;

/**
 * A oneM2M WebSocket client for tests on the JDK's {@link WebSocket} (an implementation independent of the server's
 * Netty): primitives as JSON text frames ({@code oneM2M.json}) or CBOR binary frames ({@code oneM2M.cbor}), responses
 * matched to requests by {@code rqi}, NOTIFYs from the CSE kept for the test and answered by {@link #answer}. On
 * {@code oneM2M.xml} the test writes primitives by hand ({@link #callXml}); what comes is read with the JDK's DOM
 * ({@link XmlTree}) and kept as it came.
 */
public final class WsClient implements AutoCloseable {
    public static final ObjectMapper JSON = new ObjectMapper();
    public static final ObjectMapper CBOR = new ObjectMapper(new CBORFactory());
    private static final AtomicLong RQI = new AtomicLong();
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final WebSocket socket;
    private final boolean cbor;
    private final String subprotocol;
    /** Responses of the CSE, in arrival order. */
    private final BlockingQueue<JsonNode> responses = new LinkedBlockingQueue<>();
    /** Requests (NOTIFYs) of the CSE, in arrival order. */
    private final BlockingQueue<JsonNode> requests = new LinkedBlockingQueue<>();
    /** On {@code oneM2M.xml}: the CSE's requests as they came, for XPath over the DOM. */
    private final BlockingQueue<byte[]> xmlRequests = new LinkedBlockingQueue<>();
    /** On {@code oneM2M.xml}: the CSE's responses as they came, by rqi. */
    private final Map<String, BlockingQueue<byte[]>> xmlResponses = new ConcurrentHashMap<>();
    private final CompletableFuture<int[]> closed = new CompletableFuture<>();
    private volatile Function<JsonNode, Integer> answer = rq -> 2000;

    private WsClient(WebSocket socket, boolean cbor) {
        this.socket = socket;
        this.cbor = cbor;
        this.subprotocol = socket.getSubprotocol();
    }

    /** Opens {@code uri} offering {@code subprotocols} (the first one decides how this client writes). */
    public static WsClient open(URI uri, SSLContext tls, String... subprotocols) {
        HttpClient.Builder hb = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
        if (tls != null) {
            hb.sslContext(tls);
        }
        HttpClient http = hb.build();
        Holder h = new Holder();
        WebSocket.Builder b = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        if (subprotocols.length > 0) {
            b.subprotocols(subprotocols[0], java.util.Arrays.copyOfRange(subprotocols, 1, subprotocols.length));
        }
        WebSocket ws = b.buildAsync(uri, h).orTimeout(20, TimeUnit.SECONDS).join();
        WsClient c = new WsClient(ws, "oneM2M.cbor".equals(ws.getSubprotocol()));
        h.client = c;
        h.drain();
        return c;
    }

    public String subprotocol() {
        return subprotocol;
    }

    /** Sets how NOTIFYs of the CSE are answered (their rsc). */
    public void answering(Function<JsonNode, Integer> rsc) {
        this.answer = rsc;
    }

    /** A request primitive with a fresh rqi, rvi 3. */
    public static ObjectNode request(int op, String to, String fr) {
        ObjectNode p = JSON.createObjectNode();
        p.put("op", op).put("to", to).put("rqi", "ws-" + RQI.incrementAndGet()).put("rvi", "3");
        if (fr != null) {
            p.put("fr", fr);
        }
        return p;
    }

    /** Sends a primitive and returns the response carrying its rqi. */
    public JsonNode call(ObjectNode primitive) {
        send(primitive);
        return responseTo(primitive.get("rqi").asText());
    }

    public JsonNode create(String fr, String to, int ty, String pc) {
        ObjectNode p = request(1, to, fr).put("ty", ty);
        p.set("pc", parse(pc));
        return call(p);
    }

    public JsonNode retrieve(String fr, String to) {
        return call(request(2, to, fr));
    }

    public synchronized void send(JsonNode primitive) {
        try {
            if (xml()) {
                throw new IllegalStateException("on oneM2M.xml primitives are written by hand: sendText");
            } else if (cbor) {
                socket.sendBinary(ByteBuffer.wrap(CBOR.writeValueAsBytes(primitive)), true).join();
            } else {
                socket.sendText(JSON.writeValueAsString(primitive), true).join();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public synchronized void sendText(String text) {
        socket.sendText(text, true).join();
    }

    public synchronized void sendBinary(byte[] bytes) {
        socket.sendBinary(ByteBuffer.wrap(bytes), true).join();
    }

    private boolean xml() {
        return "oneM2M.xml".equals(subprotocol);
    }

    /**
     * Sends an XML primitive written by hand and returns the CSE's XML answer to {@code rqi} ("" for an answer that
     * has none, as to an unreadable message), as it came.
     */
    public byte[] callXml(String rqi, String primitive) {
        sendText(primitive);
        try {
            byte[] r = xmlResponses.computeIfAbsent(rqi, k -> new LinkedBlockingQueue<>())
                    .poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            assertThat(r).as("an XML response to " + rqi).isNotNull();
            return r;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The next XML request the CSE sent (already answered in XML), as it came, or fails after the timeout. */
    public byte[] nextXmlRequest() {
        try {
            byte[] r = xmlRequests.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            assertThat(r).as("an XML request from the CSE").isNotNull();
            return r;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The response with {@code rqi}; responses to others stay queued in order. */
    public JsonNode responseTo(String rqi) {
        long end = System.nanoTime() + TIMEOUT.toNanos();
        java.util.List<JsonNode> skipped = new java.util.ArrayList<>();
        try {
            while (true) {
                JsonNode r = responses.poll(Math.max(1, end - System.nanoTime()), TimeUnit.NANOSECONDS);
                assertThat(r).as("response to " + rqi).isNotNull();
                if (rqi.equals(r.path("rqi").asText())) {
                    responses.addAll(skipped);
                    return r;
                }
                skipped.add(r);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The next response whatever its rqi. */
    public JsonNode nextResponse() {
        try {
            JsonNode r = responses.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            assertThat(r).as("a response").isNotNull();
            return r;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The next request the CSE sent (already answered), or fails after the timeout. */
    public JsonNode nextRequest() {
        try {
            JsonNode r = requests.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            assertThat(r).as("a request from the CSE").isNotNull();
            return r;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The close code and whether it came, within the timeout: {status} or fails. */
    public int awaitClose() {
        return closed.orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS).join()[0];
    }

    public boolean isClosed() {
        return closed.isDone();
    }

    public static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").orTimeout(5, TimeUnit.SECONDS)
                    .exceptionally(e -> null).join();
        }
        socket.abort();
    }

    private void received(byte[] bytes, boolean binary) {
        if (xml() && !binary) {
            receivedXml(bytes);
            return;
        }
        JsonNode n;
        try {
            n = binary ? CBOR.readTree(bytes) : JSON.readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (n.has("op")) {
            requests.add(n);
            ObjectNode rsp = JSON.createObjectNode().put("rsc", answer.apply(n)).put("rqi", n.path("rqi").asText());
            send(rsp);
        } else {
            responses.add(n);
        }
    }

    /** An XML primitive, read by the JDK's DOM (not the CSE's codec): a request is answered in XML. */
    private void receivedXml(byte[] bytes) {
        JsonNode n = XmlTree.read(bytes).elements().next();
        String rqi = n.path("rqi").asText("");
        if (n.has("op")) {
            xmlRequests.add(bytes);
            requests.add(n);
            sendText("<m2m:rsp xmlns:m2m=\"" + XmlTree.NAMESPACE + "\"><rsc>" + answer.apply(n) + "</rsc><rqi>"
                    + rqi + "</rqi></m2m:rsp>");
        } else {
            xmlResponses.computeIfAbsent(rqi, k -> new LinkedBlockingQueue<>()).add(bytes); // "": answers without one
        }
    }

    /** The listener: whole messages from fragments, handed to the client once it exists. */
    private static final class Holder implements WebSocket.Listener {
        volatile WsClient client;
        private final ByteArrayOutputStream parts = new ByteArrayOutputStream();
        private final BlockingQueue<Object[]> early = new LinkedBlockingQueue<>();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            parts.writeBytes(data.toString().getBytes(StandardCharsets.UTF_8));
            if (last) {
                deliver(parts.toByteArray(), false);
                parts.reset();
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
            byte[] b = new byte[data.remaining()];
            data.get(b);
            parts.writeBytes(b);
            if (last) {
                deliver(parts.toByteArray(), true);
                parts.reset();
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            closedWith(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            closedWith(-1);
        }

        private synchronized void closedWith(int code) {
            if (client == null) {
                early.add(new Object[] {code});
            } else {
                client.closed.complete(new int[] {code});
            }
        }

        private synchronized void deliver(byte[] bytes, boolean binary) {
            if (client == null) {
                early.add(new Object[] {bytes, binary});
            } else {
                client.received(bytes, binary);
            }
        }

        synchronized void drain() {
            Object[] e;
            while ((e = early.poll()) != null) {
                if (e.length == 1) {
                    client.closed.complete(new int[] {(Integer) e[0]});
                } else {
                    client.received((byte[]) e[0], (Boolean) e[1]);
                }
            }
        }
    }
}
