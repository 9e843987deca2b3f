package io.bastion.server.psk;

import io.bastion.server.RawHttp;
import io.bastion.server.it.M2m;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Vector;
import org.bouncycastle.tls.BasicTlsPSKExternal;
import org.bouncycastle.tls.BasicTlsPSKIdentity;
import org.bouncycastle.tls.NameType;
import org.bouncycastle.tls.PSKTlsClient;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.ServerName;
import org.bouncycastle.tls.TlsClientProtocol;
import org.bouncycastle.tls.crypto.TlsCrypto;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * A TLS-PSK client for tests: Bouncy Castle's blocking {@link TlsClientProtocol} over a socket, speaking HTTP/1.1
 * over the secured stream. One instance is one connection.
 */
final class PskClient implements AutoCloseable {
    private static final TlsCrypto CRYPTO = new BcTlsCrypto(new SecureRandom());

    private final Socket socket;
    private final TlsClientProtocol tls;
    private final Client client;

    /** Connects and completes the handshake, offering only {@code suite} with {@code version}. */
    PskClient(int port, String identity, byte[] key, ProtocolVersion version, int suite) throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true); // BC writes each handshake record on its own: no Nagle delay between them
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.setSoTimeout(10_000);
        tls = new TlsClientProtocol(socket.getInputStream(), socket.getOutputStream());
        client = new Client(identity.getBytes(StandardCharsets.UTF_8), key, version, suite);
        try {
            tls.connect(client);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    int selectedSuite() {
        return client.ctx().getSecurityParametersConnection().getCipherSuite();
    }

    ProtocolVersion negotiatedVersion() {
        return client.ctx().getServerVersion();
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

    /** Offers exactly one version and one suite; SNI cse.example; the PSK as RFC 4279 identity or TLS 1.3 PSK. */
    private static final class Client extends PSKTlsClient {
        private final byte[] identity;
        private final byte[] key;
        private final ProtocolVersion version;
        private final int suite;

        Client(byte[] identity, byte[] key, ProtocolVersion version, int suite) {
            super(CRYPTO, new BasicTlsPSKIdentity(identity, key));
            this.identity = identity;
            this.key = key;
            this.version = version;
            this.suite = suite;
        }

        org.bouncycastle.tls.TlsClientContext ctx() {
            return context;
        }

        @Override
        protected ProtocolVersion[] getSupportedVersions() {
            return new ProtocolVersion[] {version};
        }

        @Override
        protected int[] getSupportedCipherSuites() {
            return new int[] {suite};
        }

        @Override
        protected Vector getSNIServerNames() {
            Vector<ServerName> v = new Vector<>();
            v.add(new ServerName(NameType.host_name, "cse.example".getBytes(StandardCharsets.US_ASCII)));
            return v;
        }

        @Override
        public Vector getExternalPSKs() {
            if (!ProtocolVersion.TLSv13.equals(version)) {
                return null;
            }
            Vector<BasicTlsPSKExternal> v = new Vector<>();
            v.add(new BasicTlsPSKExternal(identity, getCrypto().createSecret(key)));
            return v;
        }
    }
}
