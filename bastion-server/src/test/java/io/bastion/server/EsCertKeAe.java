package io.bastion.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.bastion.security.escertke.EndPointCredentials;
import io.bastion.security.escertke.EsCertKeException;
import io.bastion.security.escertke.EsCertKeMessage;
import io.bastion.security.escertke.EsCertKeResponder;
import io.bastion.security.escertke.PairwiseE2EKey;
import io.bastion.security.escertke.PeerCheck;
import io.bastion.server.it.M2m;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An AE's point of access that is an ESCertKE Terminating End-Point (TS-0004 7.5.1.2.12 Receiver): a JDK HTTP server
 * taking the NOTIFYs the CSE relays, answering each ESCertKE Message with the next one (or the refusal's code), and
 * keeping the keys it established by initiating entity (the NOTIFY's From).
 */
final class EsCertKeAe implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final EsCertKeResponder responder;
    final Map<String, PairwiseE2EKey> keys = new ConcurrentHashMap<>();
    /** What the last NOTIFY from each originator carried, as the AE received it. */
    final Map<String, JsonNode> received = new ConcurrentHashMap<>();

    EsCertKeAe(EndPointCredentials own, PeerCheck peers) {
        this.responder = new EsCertKeResponder(own, peers);
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    String poa() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/poa";
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex; InputStream in = ex.getRequestBody()) {
            String from = ex.getRequestHeaders().getFirst("X-M2M-Origin");
            JsonNode pc = M2m.JSON.readTree(in.readAllBytes());
            received.put(from, pc);
            int rsc;
            String body;
            try {
                EsCertKeResponder.Reply r = responder.handle(from, EsCertKeMessage.fromContent(pc));
                if (r.key() != null) {
                    keys.put(from, r.key());
                }
                rsc = 2000;
                body = r.message().toContent().toString();
            } catch (EsCertKeException e) {
                rsc = e.status().code();
                body = M2m.JSON.createObjectNode().put("m2m:dbg", e.getMessage()).toString();
            }
            ex.getResponseHeaders().add("X-M2M-RSC", String.valueOf(rsc));
            ex.getResponseHeaders().add("X-M2M-RI", ex.getRequestHeaders().getFirst("X-M2M-RI"));
            ex.getResponseHeaders().add("Content-Type", "application/json");
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(rsc < 3000 ? 200 : rsc == 4008 ? 504 : 403, bytes.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
