package io.bastion.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.bastion.security.dynamic.DasRequest;
import io.bastion.security.dynamic.MalformedSecurityInfoException;
import io.bastion.security.dynamic.SecurityInfo;
import io.bastion.security.dynamic.SecurityInfoType;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small real Dynamic Authorization Server for the integration tests: a JDK HTTP server on a loopback port whose
 * every path ({@code /das/<name>}) answers the {@code m2m:seci} NOTIFY as the test scripted it (a grant, nothing, an
 * error, garbage, or no answer in time), and records what it received, read with the same wire records
 * ({@link SecurityInfo}) as Bastion's DAS, so a consultation it cannot parse is recorded with {@code dreq} null.
 */
final class DasFixture implements AutoCloseable {
    /**
     * What an originator is told when neither the policies nor a DAS let it RETRIEVE: no DAS, no cause (those are in
     * the audit log).
     */
    static final String RETRIEVE_NOT_GRANTED = "RETRIEVE refused: no access control policy grants it to the "
            + "originator; dynamic authorization did not grant it either";

    /**
     * A RETRIEVE of {@code path} by {@code originator} with request ID {@code rqi}, refused with 4103 saying in general
     * terms that dynamic authorization did not grant it (the DAS and the cause are in the audit line of {@code rqi}).
     */
    static void expectNotGranted(M2m m2m, String originator, String path, String rqi) {
        M2m.Rsp r = m2m.request("GET", path).from(originator).header("X-M2M-RI", rqi).send().expect(4103);
        assertThat(r.dbg()).isEqualTo(RETRIEVE_NOT_GRANTED);
    }

    /** What one path answers. */
    record Answer(int httpStatus, String rsc, String contentType, String body, long delayMillis) {
        static Answer seci(String dresJson) {
            return new Answer(200, "2000", "application/json",
                    "{\"m2m:seci\":{\"sit\":2" + (dresJson == null ? "" : ",\"dres\":" + dresJson) + "}}", 0);
        }

        /** Grants {@code rules} (a JSON list of acr) for {@code pl}. */
        static Answer grant(String rules, String pl) {
            return seci("{\"dai\":{\"gp\":{\"acr\":" + rules + "},\"pl\":\"" + pl + "\"}}");
        }

        static Answer nothing() {
            return new Answer(200, "2000", null, "", 0);
        }
    }

    /** One received consultation; {@code dreq} is null when the body is not a valid {@code sit}=1 request. */
    record Received(String origin, JsonNode body, DasRequest dreq) {
    }

    private final HttpServer server;
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    final CopyOnWriteArrayList<Received> received = new CopyOnWriteArrayList<>();

    DasFixture() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/das/", this::handle);
        server.start();
    }

    String uri(String name) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/das/" + name;
    }

    void answer(String name, Answer a) {
        answers.put(name, a);
    }

    int calls(String name) {
        AtomicInteger n = calls.get(name);
        return n == null ? 0 : n.get();
    }

    private void handle(HttpExchange ex) throws IOException {
        String name = ex.getRequestURI().getPath().substring("/das/".length());
        calls.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
        byte[] in = ex.getRequestBody().readAllBytes();
        String origin = ex.getRequestHeaders().getFirst("X-M2M-Origin");
        JsonNode body = null;
        DasRequest dreq = null;
        try {
            body = M2m.JSON.readTree(in);
            SecurityInfo seci = SecurityInfo.fromJson(body);
            dreq = seci.sit() == SecurityInfoType.DYNAMIC_AUTHORIZATION_REQUEST ? seci.dreq() : null;
        } catch (IOException | MalformedSecurityInfoException e) {
            // recorded without dreq: the test sees that the CSE sent something the DAS protocol refuses
        }
        received.add(new Received(origin, body, dreq));
        Answer a = answers.getOrDefault(name, Answer.nothing());
        if (a.delayMillis() > 0) {
            try {
                Thread.sleep(a.delayMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        byte[] out = a.body().getBytes(StandardCharsets.UTF_8);
        if (a.rsc() != null) {
            ex.getResponseHeaders().set("X-M2M-RSC", a.rsc());
        }
        if (a.contentType() != null) {
            ex.getResponseHeaders().set("Content-Type", a.contentType());
        }
        ex.sendResponseHeaders(a.httpStatus(), out.length == 0 ? -1 : out.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(out);
        } catch (IOException e) {
            // the CSE gave up waiting
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
