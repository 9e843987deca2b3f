package io.bastion.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.bastion.server.Eventually;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Garbage and aborted requests cost a bounded number of log lines, and never a stack trace (issue 9 #18): the server
 * as the operator launches it (its own JVM and log set-up), 1,000 garbage CoAP datagrams and 1,000 HTTP clients that
 * hang up in the middle of a request body.
 */
class LogFloodIT {
    static final int FLOOD = 1000;
    /** Per pattern: the burst, one notice of suppression; plus the start-up lines. */
    static final int BOUND = 60;

    @TempDir
    Path dir;

    @Test
    void aThousandGarbageDatagramsAndAbortedBodiesWriteABoundedNumberOfLines() throws Exception {
        Path log = dir.resolve("server.log");
        try (ServerProcess server = ServerProcess.start(List.of("--data", dir.resolve("data").toString(),
                "--http-port", "0", "--coap-port", "0", "--admin-port", "-1"), log)) {
            Eventually.holds("the server logged its start", Duration.ofSeconds(20),
                    () -> Files.readString(log).contains("coap door listening"));
            long atStart = lines(log);
            M2m m2m = new M2m(server.port("http"));

            Random random = new Random(18);
            try (DatagramSocket udp = new DatagramSocket()) {
                InetAddress lo = InetAddress.getLoopbackAddress();
                for (int i = 0; i < FLOOD; i++) {
                    byte[] garbage = new byte[8 + random.nextInt(40)];
                    random.nextBytes(garbage);
                    garbage[0] = (byte) (garbage[0] & 0x3f); // version 0: never a CoAP message
                    udp.send(new DatagramPacket(garbage, garbage.length, lo, server.port("coap")));
                }
            }
            for (int i = 0; i < FLOOD; i++) {
                hangUpMidBody(server.port("http"));
            }
            Eventually.holds("the aborted bodies were logged as suppressed", Duration.ofSeconds(30),
                    () -> Files.readString(log).contains("lines like \"{} client {} closed the connection in the "
                            + "middle of a request\""));
            Eventually.holds("the garbage datagrams were logged as suppressed", Duration.ofSeconds(30),
                    () -> Files.readString(log).contains("lines like \"{} door dropped a malformed datagram"));
            // And it still serves. A thousand connections from one address in a burst: until the server has seen
            // them all closed, a new one may still exceed http.max-connections-per-address and be closed unanswered.
            Eventually.holds("the server serves again after the flood", Duration.ofSeconds(30), () -> {
                try {
                    return m2m.retrieve(M2m.ADMIN, "/cse-in").rsc() == 2000;
                } catch (UncheckedIOException closedAtTheLimit) {
                    return false;
                }
            });

            String text = Files.readString(log);
            assertThat(lines(log) - atStart).as("log lines written for %d datagrams and %d aborted bodies:%n%s",
                    FLOOD, FLOOD, text).isLessThan(BOUND);
            assertThat(text).as("no stack trace").doesNotContain("\tat ").doesNotContain("Exception:");
            assertThat(text).contains("coap door dropped a malformed datagram: ")
                    .contains("http client /127.0.0.1:");
        }
    }

    /** Sends a request head announcing 1,000 bytes of body, 10 of them, and closes. */
    static void hangUpMidBody(int port) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            OutputStream out = s.getOutputStream();
            out.write(("POST /cse-in HTTP/1.1\r\nHost: x\r\nX-M2M-Origin: CAdmin\r\nX-M2M-RI: abort\r\n"
                    + "X-M2M-RVI: 3\r\nContent-Type: application/json;ty=3\r\nContent-Length: 1000\r\n\r\n"
                    + "{\"m2m:cnt\"").getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }
    }

    static long lines(Path log) throws IOException {
        try (var l = Files.lines(log)) {
            return l.count();
        }
    }
}
