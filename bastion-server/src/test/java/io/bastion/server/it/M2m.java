package io.bastion.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.bastion.server.BastionServer;
import io.bastion.server.ServerConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;

/**
 * The one helper the integration tests speak oneM2M over HTTP (TS-0009) through: builds requests with the mandatory
 * headers, sends them with the JDK HTTP client (or, for bytes that client refuses to send, over a raw socket) and
 * wraps the answers in {@link Rsp}, whose {@link Rsp#expect} names the request and the body when the status code is
 * not the expected one.
 */
public final class M2m {
    public static final String ADMIN = "CAdmin";
    public static final String CSE_ID = "/id-in";
    public static final String CSE_BASE = "cse-in";
    public static final String SP_ID = "bastion.example";
    public static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicLong RQI = new AtomicLong();
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final IntSupplier port;
    private final HttpClient http;

    public M2m(int port) {
        this(() -> port);
    }

    /** A client of the port {@code port} gives when it first sends, e.g. a {@link TestServer}'s, started later. */
    public M2m(IntSupplier port) {
        this.port = port;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** A server on an ephemeral loopback port (its admin endpoint too) with its data in {@code dir}. */
    public static BastionServer startServer(Path dir) {
        return BastionServer.start(config(dir));
    }

    /** The configuration of {@link #startServer}: ephemeral HTTP and admin ports, data in {@code dir}. */
    public static ServerConfig config(Path dir) {
        return ServerConfig.defaults().withDataDir(dir).withHttpPort(0).withAdminPort(0);
    }

    public int port() {
        return port.getAsInt();
    }

    // ------------------------------------------------------------------------------------------- requests

    /** A request under construction; {@link #send()} sends it. */
    public final class Req {
        private final String method;
        private final String path;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private byte[] body;

        private Req(String method, String path) {
            this.method = method;
            this.path = path;
            headers.put("X-M2M-RI", "rq-" + RQI.incrementAndGet());
            headers.put("X-M2M-RVI", "3");
            headers.put("Accept", "application/json");
        }

        public Req from(String originator) {
            return originator == null ? without("X-M2M-Origin") : header("X-M2M-Origin", originator);
        }

        public Req header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        public Req without(String name) {
            headers.remove(name);
            return this;
        }

        public Req ty(int ty) {
            return header("Content-Type", "application/json;ty=" + ty);
        }

        public Req body(String json) {
            this.body = json.getBytes(StandardCharsets.UTF_8);
            if (!headers.containsKey("Content-Type")) {
                headers.put("Content-Type", "application/json");
            }
            return this;
        }

        public Req body(byte[] bytes) {
            this.body = bytes;
            return this;
        }

        public Rsp send() {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + path))
                    .timeout(TIMEOUT);
            headers.forEach(b::header);
            HttpRequest.BodyPublisher pub = body == null
                    ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body);
            b.method(method, pub);
            try {
                HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
                Map<String, String> h = new LinkedHashMap<>();
                r.headers().map().forEach((k, v) -> h.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
                return new Rsp(method + " " + path + " (" + headers.get("X-M2M-Origin") + ")", r.statusCode(), h,
                        r.body());
            } catch (IOException e) {
                throw new UncheckedIOException(method + " " + path + " failed", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    public Req request(String method, String path) {
        return new Req(method, path);
    }

    public Rsp create(String fr, String path, int ty, String body) {
        return request("POST", path).from(fr).ty(ty).body(body).send();
    }

    public Rsp retrieve(String fr, String path) {
        return request("GET", path).from(fr).send();
    }

    public Rsp update(String fr, String path, String body) {
        return request("PUT", path).from(fr).body(body).send();
    }

    public Rsp delete(String fr, String path) {
        return request("DELETE", path).from(fr).send();
    }

    /** A NOTIFY (POST without ty). */
    public Rsp notifyTo(String fr, String path, String body) {
        return request("POST", path).from(fr).body(body).send();
    }

    // --------------------------------------------------------------------------------- common resources

    public static String aeBody(String rn, String... poa) {
        StringBuilder p = new StringBuilder();
        for (String s : poa) {
            p.append(p.isEmpty() ? "" : ",").append('"').append(s).append('"');
        }
        return "{\"m2m:ae\":{\"rn\":\"" + rn + "\",\"api\":\"Napp\",\"rr\":false,\"srv\":[\"3\"],\"poa\":[" + p
                + "]}}";
    }

    /** Registers an AE with the given AE-ID (originator) and name; returns its resource ID. */
    public String registerAe(String aeId, String rn, String... poa) {
        return create(aeId, "/" + CSE_BASE, 2, aeBody(rn, poa)).expect(2001).ri();
    }

    public String createContainer(String fr, String parentPath, String rn) {
        return create(fr, parentPath, 3, "{\"m2m:cnt\":{\"rn\":\"" + rn + "\"}}").expect(2001).ri();
    }

    public Rsp createCin(String fr, String containerPath, String con) {
        return create(fr, containerPath, 4, "{\"m2m:cin\":{\"cnf\":\"text/plain:0\",\"con\":" + quote(con) + "}}");
    }

    /** An ACP whose pv and pvs are given as JSON lists of rules, e.g. {@code [{"acor":["Cx"],"acop":2}]}. */
    public String createAcp(String fr, String parentPath, String rn, String pvRules, String pvsRules) {
        return create(fr, parentPath, 1, acpBody(rn, pvRules, pvsRules)).expect(2001).ri();
    }

    public static String acpBody(String rn, String pvRules, String pvsRules) {
        return "{\"m2m:acp\":{\"rn\":\"" + rn + "\",\"pv\":{\"acr\":" + pvRules + "},\"pvs\":{\"acr\":" + pvsRules
                + "}}}";
    }

    public static String rule(int acop, String... acor) {
        StringBuilder s = new StringBuilder("{\"acor\":[");
        for (int i = 0; i < acor.length; i++) {
            s.append(i == 0 ? "" : ",").append('"').append(acor[i]).append('"');
        }
        return s.append("],\"acop\":").append(acop).append('}').toString();
    }

    public static String rules(String... rules) {
        return "[" + String.join(",", rules) + "]";
    }

    public static String quote(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // -------------------------------------------------------------------------------------- raw socket

    /**
     * Sends {@code head} (request line and headers, CRLF-separated, without the blank line) and {@code body} over a
     * fresh connection with {@code Connection: close}, and reads the whole answer.
     */
    public Rsp raw(String head, byte[] body) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port()), 5000);
            s.setSoTimeout(20_000);
            OutputStream out = s.getOutputStream();
            StringBuilder h = new StringBuilder(head);
            h.append("\r\nHost: 127.0.0.1:").append(port()).append("\r\nConnection: close");
            if (body != null) {
                h.append("\r\nContent-Length: ").append(body.length);
            }
            h.append("\r\n\r\n");
            out.write(h.toString().getBytes(StandardCharsets.ISO_8859_1));
            if (body != null) {
                try {
                    out.write(body);
                } catch (IOException e) {
                    // the server may answer and close before reading an oversized body: read what it said
                }
            }
            out.flush();
            return parseRaw(head.lines().findFirst().orElse(""), s.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException("raw request failed: " + head.lines().findFirst().orElse(""), e);
        }
    }

    /** A raw request with the mandatory oneM2M headers added. */
    public Rsp raw(String method, String target, String originator, String contentType, byte[] body) {
        StringBuilder head = new StringBuilder(method + " " + target + " HTTP/1.1");
        if (originator != null) {
            head.append("\r\nX-M2M-Origin: ").append(originator);
        }
        head.append("\r\nX-M2M-RI: raw-").append(RQI.incrementAndGet()).append("\r\nX-M2M-RVI: 3");
        if (contentType != null) {
            head.append("\r\nContent-Type: ").append(contentType);
        }
        return raw(head.toString(), body);
    }

    private static Rsp parseRaw(String what, InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        int n;
        try {
            while ((n = in.read(buf)) >= 0) {
                all.write(buf, 0, n);
            }
        } catch (IOException e) {
            if (all.size() == 0) {
                throw e; // e.g. a reset before any answer
            }
        }
        String text = all.toString(StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            throw new IOException("no complete HTTP response to " + what + ": " + text);
        }
        String[] lines = text.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> h = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int c = lines[i].indexOf(':');
            h.put(lines[i].substring(0, c).trim().toLowerCase(Locale.ROOT), lines[i].substring(c + 1).trim());
        }
        String body = new String(all.toByteArray(), end + 4, all.size() - end - 4, StandardCharsets.UTF_8);
        if (h.containsKey("content-length")) {
            int len = Integer.parseInt(h.get("content-length"));
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            body = new String(bytes, 0, Math.min(len, bytes.length), StandardCharsets.UTF_8);
        }
        return new Rsp("raw " + what, status, h, body);
    }

    // ---------------------------------------------------------------------------------------- responses

    /** An HTTP answer: status, headers (lower-case names) and body. */
    public record Rsp(String request, int status, Map<String, String> headers, String body) {

        public int rsc() {
            String v = headers.get("x-m2m-rsc");
            return v == null ? -1 : Integer.parseInt(v.trim());
        }

        /** Asserts the oneM2M status code, naming the request and the body when it differs. */
        public Rsp expect(int code) {
            assertThat(rsc()).as("X-M2M-RSC of %s; HTTP %s; body %s", request, status, body).isEqualTo(code);
            return this;
        }

        public JsonNode json() {
            if (body == null || body.isEmpty()) {
                return MissingNode.getInstance();
            }
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("response to " + request + " is not JSON: " + body, e);
            }
        }

        /** The attributes under the single root element, e.g. the object of {@code m2m:cnt}. */
        public JsonNode inner() {
            JsonNode j = json();
            assertThat(j.size()).as("one root element in %s", body).isEqualTo(1);
            return j.elements().next();
        }

        public String ri() {
            return inner().path("ri").asText();
        }

        public String attr(String sn) {
            return inner().path(sn).asText();
        }

        public String dbg() {
            return json().path("m2m:dbg").asText(null);
        }

        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        /** The {@code m2m:uril} of a discovery answer. */
        public List<String> uris() {
            List<String> out = new ArrayList<>();
            json().path("m2m:uril").forEach(n -> out.add(n.asText()));
            return out;
        }
    }
}
