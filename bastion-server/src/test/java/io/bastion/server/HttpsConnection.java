package io.bastion.server;

import io.bastion.server.it.M2m;
import java.io.IOException;
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
        RawHttp.write(socket.getOutputStream(), "localhost", rqi, method, path, originator, ty, body);
        return RawHttp.read(socket.getInputStream(), method + " " + path + " (" + originator + ", " + rqi + ")");
    }

    M2m.Rsp get(String path, String originator) throws IOException {
        return send("GET", path, originator, null, null);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
