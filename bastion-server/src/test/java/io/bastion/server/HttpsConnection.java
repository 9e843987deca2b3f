package io.bastion.server;

import io.bastion.server.it.M2m;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * One kept-alive HTTPS connection for tests: a JSSE socket (so every request provably goes over the same TLS
 * connection, unlike a pooling HTTP client), HTTP/1.1 written and read by hand, Content-Length framed as the CSE
 * answers.
 */
final class HttpsConnection implements AutoCloseable {
    private static final AtomicLong RQI = new AtomicLong();

    private final SSLSocket socket;

    /** Connects to {@code localhost:port} and completes the handshake. */
    HttpsConnection(SSLContext context, int port) throws IOException {
        socket = (SSLSocket) context.getSocketFactory().createSocket("localhost", port);
        socket.setSoTimeout(10_000);
        socket.startHandshake();
    }

    /** Sends one request and reads its response. */
    M2m.Rsp send(String method, String path, String originator, Integer ty, String body) throws IOException {
        String rqi = "conn-" + RQI.incrementAndGet();
        StringBuilder h = new StringBuilder();
        h.append(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: localhost\r\n")
                .append("X-M2M-RI: ").append(rqi).append("\r\nX-M2M-RVI: 3\r\nAccept: application/json\r\n");
        if (originator != null) {
            h.append("X-M2M-Origin: ").append(originator).append("\r\n");
        }
        byte[] b = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        if (body != null) {
            h.append("Content-Type: application/json").append(ty != null ? ";ty=" + ty : "").append("\r\n");
        }
        h.append("Content-Length: ").append(b.length).append("\r\n\r\n");
        OutputStream out = socket.getOutputStream();
        out.write(h.toString().getBytes(StandardCharsets.US_ASCII));
        out.write(b);
        out.flush();
        return read(socket.getInputStream(), method + " " + path + " (" + originator + ", " + rqi + ")");
    }

    M2m.Rsp get(String path, String originator) throws IOException {
        return send("GET", path, originator, null, null);
    }

    private static M2m.Rsp read(InputStream in, String what) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int state = 0;
        while (state < 4) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("connection closed before the response headers ended");
            }
            head.write(c);
            state = (c == '\r' && (state == 0 || state == 2)) || (c == '\n' && (state == 1 || state == 3))
                    ? state + 1 : (c == '\r' ? 1 : 0);
        }
        String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).trim());
            }
        }
        int len = Integer.parseInt(headers.getOrDefault("content-length", "0"));
        byte[] body = in.readNBytes(len);
        return new M2m.Rsp(what, status, headers, new String(body, StandardCharsets.UTF_8));
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
