package io.bastion.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The set-up client survives the CSE closing its idle connection (the CSE closes connections idle for a minute,
 * which a run of several scenarios outlasts): the next request goes over a new connection instead of waiting for an
 * answer on the closed one.
 */
class SetupClientReconnectTest {

    @Test
    void aRequestAfterTheServerClosedTheConnectionGoesOverANewOne() throws Exception {
        AtomicInteger accepted = new AtomicInteger();
        try (ServerSocket server = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
             HttpClient client = new HttpClient(1)) {
            Thread.ofVirtual().start(() -> serveOneRequestPerConnection(server, accepted));
            try (SetupClient setup = new SetupClient(client, "127.0.0.1", server.getLocalPort())) {
                assertThat(setup.retrieve("/cse-in", "CAdmin")).contains("first");
                // The server closed that connection after its answer, as the CSE does with an idle one.
                Thread.sleep(200);
                assertThat(setup.retrieve("/cse-in", "CAdmin")).contains("second");
            }
        }
        assertThat(accepted.get()).isEqualTo(2);
    }

    /** Answers one request per connection with 2000, then closes it. */
    private static void serveOneRequestPerConnection(ServerSocket server, AtomicInteger accepted) {
        String[] bodies = {"{\"first\":1}", "{\"second\":2}"};
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                int n = accepted.getAndIncrement();
                InputStream in = s.getInputStream();
                // read the request head (no body in a RETRIEVE)
                int matched = 0;
                while (matched < 4) {
                    int b = in.read();
                    if (b < 0) {
                        break;
                    }
                    matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
                }
                String body = bodies[Math.min(n, 1)];
                OutputStream out = s.getOutputStream();
                out.write(("HTTP/1.1 200 OK\r\nX-M2M-RSC: 2000\r\nContent-Type: application/json\r\nContent-Length: "
                        + body.length() + "\r\n\r\n" + body).getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } catch (Exception e) {
                return;
            }
        }
    }
}
