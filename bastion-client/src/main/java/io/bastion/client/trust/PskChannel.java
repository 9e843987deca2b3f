package io.bastion.client.trust;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bastion.core.http.HttpMapping;
import io.bastion.core.http.M2mFields;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.PSKTlsClient;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsClientProtocol;
import org.bouncycastle.tls.TlsPSKIdentity;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * One TLS 1.2 PSK session (Bouncy Castle TlsClientProtocol over a Socket) carrying HTTP/1.1 exchanges.
 *
 * <p>The handshake offers the suites TS-0003 10.2.2 names for TLS-PSK (AES-128 GCM, CBC with SHA-256, CCM_8) and
 * TLS 1.2 only, as the MAF Handshake (8.8.2.2), the Bootstrap Security Handshake (8.3.x) and a CSE's TLS-PSK door
 * expect. With an exporter label, 48 bytes are exported at its completion (RFC 5705): the MAF's
 * {@code EXPORTER-oneM2M-Connection} (10.3.1), the MEF's {@code EXPORTER-oneM2M-Bootstrap}. The session is kept alive
 * between exchanges until the server says {@code Connection: close}, ends it, or {@link #close} is called; every
 * exchange must complete within the timeout given at opening. One exchange at a time (thread-safe).
 */
public final class PskChannel implements AutoCloseable {
    /** The length TS-0003 10.3.1 exports: KcID (16 most significant bytes) and Kc (32 least significant). */
    public static final int EXPORT_LENGTH = 48;
    private static final int[] SUITES = {CipherSuite.TLS_PSK_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_PSK_WITH_AES_128_CBC_SHA256, CipherSuite.TLS_PSK_WITH_AES_128_CCM_8};
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Socket socket;
    private final TlsClientProtocol tls;
    private final String host;
    private final byte[] exported;
    private final Deadline deadline;
    private final Http11 http;
    private final Duration timeout;
    private final String rqiPrefix;
    private final AtomicLong rqi = new AtomicLong();
    private volatile boolean open = true;

    private PskChannel(Socket socket, TlsClientProtocol tls, String host, byte[] exported, Duration timeout) {
        this.socket = socket;
        this.tls = tls;
        this.host = host;
        this.exported = exported;
        this.timeout = timeout;
        this.deadline = new Deadline(socket, tls.getInputStream());
        this.http = new Http11(deadline);
        byte[] r = new byte[4];
        RANDOM.nextBytes(r);
        this.rqiPrefix = "p" + HexFormat.of().formatHex(r) + "-";
    }

    /**
     * Connects and performs the TLS-PSK handshake.
     *
     * @param exporterLabel null, or the label 48 bytes are exported with at handshake completion
     * @param timeout bounds the connection, the handshake, and each later exchange
     * @throws IOException when the server cannot be reached or refuses the handshake (an unknown identity, a wrong
     *         key: Bouncy Castle's alert), or it does not complete in time
     */
    public static PskChannel open(String host, int port, String pskIdentity, byte[] psk, String exporterLabel,
                                  Duration timeout) throws IOException {
        return open(host, port, pskIdentity, psk, exporterLabel, timeout, timeout);
    }

    /**
     * As {@link #open(String, int, String, byte[], String, Duration)}, the connection and handshake bounded by
     * {@code connectTimeout}, each exchange by {@code timeout}.
     */
    public static PskChannel open(String host, int port, String pskIdentity, byte[] psk, String exporterLabel,
                                  Duration connectTimeout, Duration timeout) throws IOException {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(pskIdentity, "pskIdentity");
        Objects.requireNonNull(psk, "psk");
        int ms = millis(connectTimeout);
        millis(timeout);
        Socket s = new Socket();
        Client client = new Client(pskIdentity, psk, exporterLabel);
        try {
            s.connect(new InetSocketAddress(host, port), ms);
            s.setSoTimeout(ms);
            s.setTcpNoDelay(true);
            TlsClientProtocol p = new TlsClientProtocol(s.getInputStream(), s.getOutputStream());
            p.connect(client);
            return new PskChannel(s, p, host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port,
                    client.exported, timeout);
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        } finally {
            client.forget();
        }
    }

    /** The 48 bytes exported at handshake completion (a copy). */
    public byte[] exported() {
        if (exported == null) {
            throw new IllegalStateException("this channel was opened without an exporter label");
        }
        return exported.clone();
    }

    /**
     * Sends one HTTP/1.1 request and reads its answer. {@code Host} is added unless given; the body is framed by
     * Content-Length.
     *
     * @throws IOException when the channel is closed, the answer is malformed, over 8 MiB, or late
     *         ({@link SocketTimeoutException}); the channel is closed then
     * @throws IllegalArgumentException when the method, path or a header field cannot be sent as given
     */
    public synchronized HttpAnswer send(String method, String path, Map<String, String> headers, byte[] body)
            throws IOException {
        if (!open) {
            throw new IOException("the TLS-PSK session with " + host + " is closed");
        }
        boolean keep = false;
        try {
            deadline.start(timeout);
            Http11.write(tls.getOutputStream(), method, host, path, headers == null ? Map.of() : headers, body);
            Http11.Read r = http.read(method);
            keep = r.keepAlive() && !http.hasBuffered();
            return r.answer();
        } catch (SocketTimeoutException e) {
            throw new SocketTimeoutException("no answer from " + host + " within " + timeout.toMillis() + " ms");
        } finally {
            if (!keep) {
                close();
            }
        }
    }

    /**
     * A oneM2M primitive over TS-0009: X-M2M-Origin, X-M2M-RI (generated), X-M2M-RVI 3, JSON; {@code ty} adds
     * {@code ;ty=N} to the Content-Type of a CREATE.
     *
     * @param content null for none
     * @throws IOException as {@link #send}, or when the answer's body is not JSON
     */
    public OneM2mAnswer request(String method, String path, String originator, Integer ty, JsonNode content)
            throws IOException {
        Map<String, String> h = new LinkedHashMap<>();
        if (originator != null) {
            h.put(M2mFields.ORIGIN, originator);
        }
        h.put(M2mFields.RI, rqiPrefix + rqi.incrementAndGet());
        h.put(M2mFields.RVI, "3");
        h.put("Accept", "application/json");
        byte[] body = null;
        if (content != null) {
            body = JSON.writeValueAsBytes(content);
            h.put("Content-Type", "application/json" + (ty == null ? "" : ";ty=" + ty));
        }
        HttpAnswer a = send(method, path, h, body);
        JsonNode pc = null;
        if (a.body().length > 0) {
            try {
                pc = JSON.readTree(a.body());
            } catch (IOException e) {
                throw new IOException("the answer from " + host + " (HTTP " + a.status() + ") is not JSON: "
                        + Http11.excerpt(new String(a.body(), StandardCharsets.UTF_8)));
            }
        }
        return new OneM2mAnswer(HttpMapping.statusCode(a.header(M2mFields.RSC), a.status()).code(), pc, a.status());
    }

    /**
     * Whether the session can carry another exchange. Between exchanges the server has nothing to send: bytes waiting
     * on the socket are its close_notify (an idle timeout, a shutdown) or something it should not have sent, and the
     * session is closed on this side too, so that a request is never written to a session that is ending.
     */
    public synchronized boolean isOpen() {
        if (!open || socket.isClosed()) {
            return false;
        }
        try {
            if (socket.getInputStream().available() > 0 || http.hasBuffered()) {
                close();
                return false;
            }
        } catch (IOException e) {
            close();
            return false;
        }
        return true;
    }

    @Override
    public void close() {
        if (!open) {
            return;
        }
        open = false;
        try {
            tls.close();
        } catch (IOException e) {
            // the peer may be gone already; the socket is closed below either way
        }
        try {
            socket.close();
        } catch (IOException e) {
            // nothing more to release
        }
        if (exported != null) {
            Arrays.fill(exported, (byte) 0);
        }
    }

    @Override
    public String toString() {
        return "PskChannel[" + host + (isOpen() ? ", open]" : ", closed]");
    }

    private static int millis(Duration timeout) {
        long ms = Objects.requireNonNull(timeout, "timeout").toMillis();
        if (ms <= 0 || ms > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("the timeout must be positive");
        }
        return (int) ms;
    }

    /** The TLS session's plaintext, each read bounded by what is left of the exchange's time. */
    private static final class Deadline extends InputStream {
        private final Socket socket;
        private final InputStream in;
        private long end;

        Deadline(Socket socket, InputStream in) {
            this.socket = socket;
            this.in = in;
        }

        void start(Duration timeout) {
            end = System.nanoTime() + timeout.toNanos();
        }

        @Override
        public int read() throws IOException {
            byte[] b = new byte[1];
            return read(b, 0, 1) < 0 ? -1 : b[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            long left = (end - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                throw new SocketTimeoutException("timed out");
            }
            socket.setSoTimeout((int) Math.min(left, Integer.MAX_VALUE));
            return in.read(b, off, len);
        }
    }

    /** Bouncy Castle's PSK client: TLS 1.2, the suites of TS-0003 10.2.2, the export at completion. */
    private static final class Client extends PSKTlsClient {
        private final String label;
        private final Identity identity;
        byte[] exported;

        Client(String pskIdentity, byte[] psk, String label) {
            this(new Identity(pskIdentity, psk), label);
        }

        private Client(Identity identity, String label) {
            super(new BcTlsCrypto(RANDOM), identity);
            this.identity = identity;
            this.label = label;
        }

        @Override
        protected ProtocolVersion[] getSupportedVersions() {
            return ProtocolVersion.TLSv12.only();
        }

        @Override
        protected int[] getSupportedCipherSuites() {
            return SUITES.clone();
        }

        @Override
        public void notifyHandshakeComplete() throws IOException {
            super.notifyHandshakeComplete();
            if (label != null) {
                exported = context.exportKeyingMaterial(label, null, EXPORT_LENGTH);
            }
        }

        void forget() {
            identity.forget();
        }
    }

    /** The identity and key, the key wiped once the handshake is over (it is needed for nothing else). */
    private static final class Identity implements TlsPSKIdentity {
        private final byte[] identity;
        private final byte[] key;

        Identity(String identity, byte[] key) {
            this.identity = identity.getBytes(StandardCharsets.UTF_8);
            this.key = key.clone();
        }

        @Override
        public void skipIdentityHint() {
        }

        @Override
        public void notifyIdentityHint(byte[] hint) {
        }

        @Override
        public byte[] getPSKIdentity() {
            return identity;
        }

        @Override
        public byte[] getPSK() {
            return key.clone();
        }

        void forget() {
            Arrays.fill(key, (byte) 0);
        }
    }
}
