package io.bastion.server.psk;

import io.bastion.bindings.tls.PskTlsClient;
import io.bastion.server.RawHttp;
import io.bastion.server.it.M2m;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.SecureRandom;
import java.util.Map;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsClientProtocol;
import org.bouncycastle.tls.crypto.TlsCrypto;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * A TLS-PSK client for tests: Bouncy Castle's blocking {@link TlsClientProtocol} over a socket with the client of
 * {@link PskTlsClient} (SNI cse.example), speaking HTTP/1.1 over the secured stream. One instance is one connection.
 * Its crypto is Bouncy Castle's pure-Java one, not the door's {@code PskTlsCrypto}: a second implementation on the
 * other end of every handshake.
 */
final class PskClient implements AutoCloseable {
    private static final TlsCrypto CRYPTO = new BcTlsCrypto(new SecureRandom());

    private final Socket socket;
    private final TlsClientProtocol tls;
    private final PskTlsClient client;

    /** Connects and completes the handshake, offering only {@code suite} with {@code version}. */
    PskClient(int port, String identity, byte[] key, ProtocolVersion version, int suite) throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true); // BC writes each handshake record on its own: no Nagle delay between them
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.setSoTimeout(10_000);
        tls = new TlsClientProtocol(socket.getInputStream(), socket.getOutputStream());
        client = new PskTlsClient(CRYPTO, identity, key, version, suite, "cse.example")
                .exportAtCompletion("EXPORTER-oneM2M-Connection", 48);
        try {
            tls.connect(client);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    /** The 48 bytes of {@code EXPORTER-oneM2M-Connection} of this connection's session (TS-0003 10.3.1). */
    byte[] exportedConnectionKey() {
        return client.exported();
    }

    int selectedSuite() {
        return client.selectedSuite();
    }

    ProtocolVersion negotiatedVersion() {
        return client.negotiatedVersion();
    }

    /** Sends one request and reads its response (Content-Length framed, as the CSE answers). */
    Response send(String method, String path, String originator, Integer ty, String body) throws IOException {
        RawHttp.write(tls.getOutputStream(), "cse.example", "psk-" + System.nanoTime(), method, path, originator, ty,
                body);
        M2m.Rsp r = RawHttp.read(tls.getInputStream(), method + " " + path);
        return new Response(r.status(), r.headers(), r.body());
    }

    @Override
    public void close() throws IOException {
        try {
            tls.close();
        } finally {
            socket.close();
        }
    }

    record Response(int status, Map<String, String> headers, String body) {
        int rsc() {
            return Integer.parseInt(headers.get("x-m2m-rsc"));
        }
    }
}
