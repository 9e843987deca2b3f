package io.bastion.server.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real HTTP notification receiver on 127.0.0.1: every POST is recorded (path, query, originator, Content-Type and
 * the body, read as CBOR or XML ({@link XmlTree}) when its Content-Type says so, else as JSON) and answered with {@code X-M2M-RSC: 2000}, or
 * with the code set for its path by {@link #answer}. As a test class's {@code @RegisterExtension} field, it closes after
 * the class's last test.
 */
public final class NotificationReceiver implements AutoCloseable, AfterAllCallback {
    /** One received NOTIFY; {@code query} is null when the URL had none. */
    public record Received(String path, String query, String originator, String requestId, String contentType,
                           JsonNode body, byte[] raw) {
        /** The {@code m2m:sgn} object, or a missing node. */
        public JsonNode sgn() {
            return body.path("m2m:sgn");
        }

        public boolean isVerification() {
            return sgn().path("vrq").asBoolean(false);
        }

        public boolean isDeletionNotice() {
            return sgn().path("sud").asBoolean(false);
        }

        public int net() {
            return sgn().path("nev").path("net").asInt(-1);
        }

        public JsonNode rep() {
            return sgn().path("nev").path("rep");
        }
    }

    private static final ObjectMapper CBOR = new ObjectMapper(new CBORFactory());

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final BlockingQueue<Received> queue = new LinkedBlockingQueue<>();
    private final Map<String, Integer> answers = new ConcurrentHashMap<>();

    public NotificationReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex; InputStream in = ex.getRequestBody()) {
            byte[] bytes = in.readAllBytes();
            String contentType = ex.getRequestHeaders().getFirst("Content-Type");
            ObjectMapper reader = contentType != null && contentType.contains("cbor") ? CBOR : M2m.JSON;
            boolean xml = contentType != null && contentType.contains("xml");
            JsonNode body = bytes.length == 0 ? M2m.JSON.nullNode()
                    : xml ? XmlTree.read(bytes) : reader.readTree(bytes);
            String path = ex.getRequestURI().getPath();
            queue.add(new Received(path, ex.getRequestURI().getRawQuery(),
                    ex.getRequestHeaders().getFirst("X-M2M-Origin"), ex.getRequestHeaders().getFirst("X-M2M-RI"),
                    contentType, body, bytes));
            int rsc = answers.getOrDefault(path, 2000);
            ex.getResponseHeaders().add("X-M2M-RSC", String.valueOf(rsc));
            String ri = ex.getRequestHeaders().getFirst("X-M2M-RI");
            if (ri != null) {
                ex.getResponseHeaders().add("X-M2M-RI", ri);
            }
            int status = rsc < 3000 ? 200 : rsc == 4101 ? 403 : 400;
            ex.sendResponseHeaders(status, -1);
        }
    }

    /** The URL of {@code path} on this receiver, e.g. {@code http://127.0.0.1:4321/ntfy}. */
    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** Answers POSTs to {@code path} with {@code rsc} from now on. */
    public void answer(String path, int rsc) {
        answers.put(path, rsc);
    }

    /** The next notification to {@code path} that satisfies {@code p}, waiting up to {@code timeout}; others are dropped. */
    public Received await(String path, Predicate<Received> p, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Received> skipped = new ArrayList<>();
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                Received r = left <= 0 ? null : queue.poll(left, TimeUnit.NANOSECONDS);
                if (r == null) {
                    queue.addAll(skipped);
                    throw new AssertionError("no matching notification to " + path + " within " + timeout
                            + "; received meanwhile: " + skipped);
                }
                if (r.path().equals(path) && p.test(r)) {
                    queue.addAll(skipped);
                    return r;
                }
                skipped.add(r);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted");
        }
    }

    public Received await(String path, Predicate<Received> p) {
        return await(path, p, Duration.ofSeconds(10));
    }

    /** Everything received so far to {@code path} after waiting {@code quiet} for stragglers; removes it. */
    public List<Received> drain(String path, Duration quiet) {
        try {
            Thread.sleep(quiet.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<Received> all = new ArrayList<>();
        queue.drainTo(all);
        List<Received> mine = new ArrayList<>();
        for (Received r : all) {
            if (r.path().equals(path)) {
                mine.add(r);
            } else {
                queue.add(r);
            }
        }
        return mine;
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
