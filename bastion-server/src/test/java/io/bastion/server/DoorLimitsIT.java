package io.bastion.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.bastion.server.it.M2m;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP-family doors under slow and numerous clients (issue 9 #14): a request head (on a new connection, the TLS
 * handshake with it) must arrive within {@code http.head-timeout-s} however the bytes trickle in, and connections
 * beyond {@code http.max-connections-per-address} or {@code http.max-connections} (one budget for HTTP, HTTPS and
 * TLS-PSK) are closed as soon as they are accepted; a normal client is served meanwhile. Other loopback addresses
 * (127.0.0.2, …) stand for other clients.
 */
class DoorLimitsIT {
    static final String PASSWORD = "door-limits-secret";

    @TempDir
    Path dir;
    BastionServer server;
    final List<Socket> sockets = new ArrayList<>();

    void start(DoorLimits limits) throws Exception {
        TestPki.Issued root = TestPki.ca("Door Limits Root");
        Path p12 = TestPki.localhostKeystore(dir, root, PASSWORD);
        ServerConfig config = M2m.config(dir.resolve("data")).withPskPort(0).withLimits(limits)
                .withHttps(HttpsSettings.defaults().withPort(0).withKeystore(p12));
        server = BastionServer.start(config, Clock.systemUTC(),
                name -> name.equals(HttpsSettings.DEFAULT_PASSWORD_ENV) ? PASSWORD : null);
    }

    @AfterEach
    void stop() throws IOException {
        for (Socket s : sockets) {
            s.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aClientTricklingARequestHeadIsClosedAtTheDeadlineWhileANormalClientIsServed() throws Exception {
        start(DoorLimits.defaults().withHeadTimeout(Duration.ofSeconds(2)));
        Socket slow = connect("127.0.0.2", server.httpPort());
        slow.getOutputStream().write("GET /cse-in HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));

        long started = System.nanoTime();
        boolean closed = trickleUntilClosed(slow, (byte) 'X', Duration.ofSeconds(15));
        double seconds = (System.nanoTime() - started) / 1e9;

        assertThat(closed).as("closed by the server").isTrue();
        assertThat(seconds).as("seconds until closed").isBetween(1.5, 6.0);
        new M2m(server.httpPort()).raw("GET", "/cse-in", M2m.ADMIN, null, null).expect(2000);
    }

    @Test
    void aLaterRequestTrickledOnAKeptAliveConnectionIsClosedAtItsOwnDeadline() throws Exception {
        start(DoorLimits.defaults().withHeadTimeout(Duration.ofSeconds(2)));
        Socket s = connect("127.0.0.2", server.httpPort());
        // Requests in quick succession for longer than the deadline: each head is on time, none is cut.
        long until = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        int answered = 0;
        while (System.nanoTime() < until) {
            s.getOutputStream().write(("GET /cse-in HTTP/1.1\r\nHost: x\r\nX-M2M-Origin: " + M2m.ADMIN
                    + "\r\nX-M2M-RI: " + answered + "\r\nX-M2M-RVI: 3\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            assertThat(readResponseHead(s)).startsWith("HTTP/1.1 200");
            answered++;
        }
        assertThat(answered).isGreaterThan(1);
        // Idle longer than the deadline between requests: not late, no head was under way.
        Thread.sleep(2500);
        assertThat(isOpen(s)).as("idle between requests").isTrue();
        // Then a head that trickles: closed at its own deadline, counted from its first byte.
        s.getOutputStream().write("GET /cse-in HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII));
        long started = System.nanoTime();
        boolean closed = trickleUntilClosed(s, (byte) 'X', Duration.ofSeconds(15));
        double seconds = (System.nanoTime() - started) / 1e9;
        assertThat(closed).as("closed by the server").isTrue();
        assertThat(seconds).as("seconds until closed").isBetween(1.0, 6.0);
    }

    /** Reads one response head and its body (Content-Length) from {@code s}; returns the head. */
    static String readResponseHead(Socket s) throws IOException {
        s.setSoTimeout(5000);
        InputStream in = s.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed after " + head);
            }
            head.append((char) b);
        }
        String text = head.toString();
        int at = text.toLowerCase(java.util.Locale.ROOT).indexOf("content-length:");
        int length = at < 0 ? 0 : Integer.parseInt(text.substring(at + 15, text.indexOf('\r', at)).trim());
        in.readNBytes(length);
        return text;
    }

    @Test
    void aTrickledTlsHandshakeIsClosedAtTheSameDeadlineOnHttpsAndTlsPsk() throws Exception {
        start(DoorLimits.defaults().withHeadTimeout(Duration.ofSeconds(2)));
        for (int port : new int[] {server.httpsPort(), server.pskPort()}) {
            Socket slow = connect("127.0.0.2", port);
            // a TLS handshake record announcing 512 bytes, which then come one at a time
            slow.getOutputStream().write(new byte[] {0x16, 0x03, 0x01, 0x02, 0x00, 0x01});
            long started = System.nanoTime();
            boolean closed = trickleUntilClosed(slow, (byte) 0, Duration.ofSeconds(15));
            double seconds = (System.nanoTime() - started) / 1e9;

            assertThat(closed).as("port %d closed by the server", port).isTrue();
            assertThat(seconds).as("port %d: seconds until closed", port).isBetween(1.5, 6.0);
        }
        new M2m(server.httpPort()).raw("GET", "/cse-in", M2m.ADMIN, null, null).expect(2000);
    }

    @Test
    void connectionsBeyondThePerAddressLimitAreClosedAtOnceAndOthersAreServed() throws Exception {
        start(DoorLimits.defaults().withMaxConnections(100, 3));
        for (int i = 0; i < 3; i++) {
            assertThat(isOpen(connect("127.0.0.2", server.httpPort()))).as("connection %d", i + 1).isTrue();
        }
        Socket fourth = connect("127.0.0.2", server.httpPort());
        assertThat(isOpen(fourth)).as("a fourth connection from 127.0.0.2").isFalse();
        // the same address on another door shares the budget
        assertThat(isOpen(connect("127.0.0.2", server.pskPort()))).as("127.0.0.2 on the TLS-PSK door").isFalse();
        new M2m(server.httpPort()).raw("GET", "/cse-in", M2m.ADMIN, null, null).expect(2000);

        sockets.get(0).close(); // once one closes, the address may connect again
        Eventually.holds("a new connection from 127.0.0.2 is accepted after one closed", Duration.ofSeconds(10),
                () -> isOpen(connect("127.0.0.2", server.httpPort())));
    }

    @Test
    void theConnectionLimitBoundsAllAddressesAndAllDoorsTogether() throws Exception {
        start(DoorLimits.defaults().withMaxConnections(4, 2));
        assertThat(isOpen(connect("127.0.0.2", server.httpPort()))).isTrue();
        assertThat(isOpen(connect("127.0.0.2", server.httpsPort()))).isTrue();
        assertThat(isOpen(connect("127.0.0.3", server.pskPort()))).isTrue();
        assertThat(isOpen(connect("127.0.0.3", server.httpPort()))).isTrue();

        assertThat(isOpen(connect("127.0.0.4", server.httpPort()))).as("a fifth connection, another address")
                .isFalse();
        assertThat(isOpen(connect("127.0.0.5", server.httpsPort()))).as("a fifth connection, another door")
                .isFalse();
    }

    /** A connection from {@code source} (a loopback address) to the door on {@code port}. */
    Socket connect(String source, int port) throws IOException {
        Socket s = new Socket();
        sockets.add(s);
        s.bind(new InetSocketAddress(source, 0));
        s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        return s;
    }

    /** True while the server keeps the connection open: nothing to read within half a second, no end of stream. */
    static boolean isOpen(Socket s) throws IOException {
        s.setSoTimeout(500);
        try {
            return s.getInputStream().read() != -1;
        } catch (SocketTimeoutException e) {
            return true;
        } catch (SocketException e) {
            return false; // reset
        }
    }

    /** Writes {@code b} every 250 ms until the server closes the connection or {@code within} passes. */
    static boolean trickleUntilClosed(Socket s, byte b, Duration within) throws IOException {
        long deadline = System.nanoTime() + within.toNanos();
        s.setSoTimeout(250);
        InputStream in = s.getInputStream();
        OutputStream out = s.getOutputStream();
        while (System.nanoTime() < deadline) {
            try {
                out.write(b);
                out.flush();
                if (in.read() == -1) {
                    return true;
                }
            } catch (SocketTimeoutException e) {
                // still open: the next byte
            } catch (SocketException e) {
                return true; // reset, or a write after the close
            }
        }
        return false;
    }
}
