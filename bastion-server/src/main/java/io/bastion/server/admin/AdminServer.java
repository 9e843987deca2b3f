package io.bastion.server.admin;

import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.bastion.cse.Cse;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin plane: a small HTTP listener of its own (the JDK's {@code com.sun.net.httpserver}), separate from the
 * oneM2M bindings, on loopback by default and answering loopback peers only ({@link LoopbackOnly}). It serves
 * {@code GET /explain} ({@link ExplainHandler}), {@code GET /health} ({@link HealthHandler}) and
 * {@code POST /cse/deregister} ({@link DeregisterHandler}).
 */
public final class AdminServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AdminServer.class);
    private final HttpServer server;
    private final ExecutorService executor;

    private AdminServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Listens on {@code bind:port} (port 0 picks a free one).
     *
     * @throws UncheckedIOException with a message naming the address when it cannot listen
     */
    public static AdminServer start(String bind, int port, Cse cse) {
        InetSocketAddress at = new InetSocketAddress(bind, port);
        HttpServer server;
        try {
            server = HttpServer.create(at, 16);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + bind + ":" + port + " for the admin endpoint ("
                    + e.getMessage() + "); choose another with --admin-port N (0 = a free port, -1 = none)", e);
        }
        AtomicInteger n = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "bastion-admin-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        for (HttpContext c : java.util.List.of(server.createContext("/", new ExplainHandler(cse)),
                server.createContext("/health", new HealthHandler(cse)),
                server.createContext("/cse/deregister", new DeregisterHandler(cse)))) {
            c.getFilters().add(new LoopbackOnly());
        }
        server.start();
        LOG.info("admin endpoint listening on {} (loopback peers only)", server.getAddress());
        return new AdminServer(server, executor);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    /** Answers with a status and one line of plain text. */
    static void answer(HttpExchange exchange, int status, String line) throws IOException {
        send(exchange, status, "text/plain; charset=utf-8", (line + "\n").getBytes(StandardCharsets.UTF_8));
    }

    static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
