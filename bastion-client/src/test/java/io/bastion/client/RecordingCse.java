package io.bastion.client;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A stand-in HTTP peer on loopback that records each request as it came over the wire (method, raw request-target,
 * header fields, body) and answers with what the test set: a status, {@code X-M2M-*} fields and a JSON body.
 */
final class RecordingCse implements AutoCloseable {
    record Seen(String method, String target, com.sun.net.httpserver.Headers headers, byte[] body) {
        String header(String name) {
            return headers.getFirst(name);
        }

        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final HttpServer server;
    private final BlockingQueue<Seen> seen = new LinkedBlockingQueue<>();
    private volatile int status = 200;
    private volatile Map<String, String> fields = Map.of("X-M2M-RSC", "2000");
    private volatile String body = "";
    private volatile long delayMillis;

    RecordingCse() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", ex -> {
            try (ex; InputStream in = ex.getRequestBody()) {
                seen.add(new Seen(ex.getRequestMethod(), ex.getRequestURI().getRawPath()
                        + (ex.getRequestURI().getRawQuery() == null ? "" : "?" + ex.getRequestURI().getRawQuery()),
                        ex.getRequestHeaders(), in.readAllBytes()));
                if (delayMillis > 0) {
                    Thread.sleep(delayMillis);
                }
                fields.forEach(ex.getResponseHeaders()::set);
                byte[] b = body.getBytes(StandardCharsets.UTF_8);
                if (b.length > 0) {
                    ex.getResponseHeaders().set("Content-Type", "application/json");
                }
                ex.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
                if (b.length > 0) {
                    try (OutputStream out = ex.getResponseBody()) {
                        out.write(b);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The next answers: HTTP {@code status}, the header fields, the JSON body (empty: none). */
    RecordingCse answers(int status, Map<String, String> fields, String body) {
        this.status = status;
        this.fields = fields;
        this.body = body;
        return this;
    }

    RecordingCse delaying(long millis) {
        this.delayMillis = millis;
        return this;
    }

    /** Forgets what earlier tests sent. */
    void forget() {
        seen.clear();
    }

    Seen next() throws InterruptedException {
        Seen s = seen.poll(10, TimeUnit.SECONDS);
        if (s == null) {
            throw new AssertionError("no request reached the stand-in CSE");
        }
        return s;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
