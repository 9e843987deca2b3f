package io.bastion.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bastion.core.primitive.ResponseStatusCode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.PSKTlsServer;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsPSKIdentityManager;
import org.bouncycastle.tls.TlsServerProtocol;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link CseClient} with {@code psk(…)} against a scripted TLS-PSK peer (Bouncy Castle's server): how the session
 * lives. Each accepted session answers the scripted number of requests, then ends as scripted (silently, as an idle
 * timeout does); a {@code Connection: close} answer ends it too. The client reopens a session for the next request,
 * resends a request other than a CREATE once when a reused session ended before answering, and never a CREATE.
 */
class PskTransportTest {
    static final String ID = "dev1@issuer.example";
    static final byte[] KEY = HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f");
    static final String OK = "HTTP/1.1 200 OK\r\nX-M2M-RSC: 2000\r\nContent-Type: application/json\r\n"
            + "Content-Length: 22\r\n\r\n{\"m2m:cb\":{\"rn\":\"cb\"}}";
    static final String CLOSE = "HTTP/1.1 200 OK\r\nX-M2M-RSC: 2000\r\nConnection: close\r\n"
            + "Content-Type: application/json\r\nContent-Length: 22\r\n\r\n{\"m2m:cb\":{\"rn\":\"cb\"}}";

    /** In a script: read the request, answer nothing for 2 s. */
    static final String SILENCE = "silence";
    /** In a script: read the request, end the connection without answering or close_notify. */
    static final String DROP = "drop";

    ServerSocket listener;
    /** Per accepted session, the answers it gives in turn; the session ends after the last. */
    final BlockingQueue<List<String>> script = new LinkedBlockingQueue<>();
    final AtomicInteger sessions = new AtomicInteger();
    final List<String> requestLines = new CopyOnWriteArrayList<>();
    Thread acceptor;

    @BeforeEach
    void start() throws IOException {
        listener = new ServerSocket(0);
        acceptor = Thread.ofVirtual().start(() -> {
            while (!listener.isClosed()) {
                try {
                    Socket s = listener.accept();
                    List<String> answers = script.poll();
                    Thread.ofVirtual().start(() -> serve(s, answers == null ? List.of() : answers));
                } catch (IOException e) {
                    return;
                }
            }
        });
    }

    @AfterEach
    void stop() throws IOException {
        listener.close();
    }

    void serve(Socket s, List<String> answers) {
        try (s) {
            TlsServerProtocol tls = new TlsServerProtocol(s.getInputStream(), s.getOutputStream());
            tls.accept(new Server());
            sessions.incrementAndGet();
            InputStream in = tls.getInputStream();
            for (String a : answers) {
                requestLines.add(readRequest(in));
                if (a.equals(DROP)) {
                    return; // the socket closes without a close_notify and without an answer
                }
                if (a.equals(SILENCE)) {
                    Thread.sleep(2_000);
                    continue;
                }
                tls.getOutputStream().write(a.getBytes(StandardCharsets.ISO_8859_1));
                tls.getOutputStream().flush();
            }
            tls.close();
        } catch (IOException | InterruptedException e) {
            // the client went away
        }
    }

    static String readRequest(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("ended");
            }
            head.write(b);
        }
        String h = head.toString(StandardCharsets.ISO_8859_1);
        for (String line : h.split("\r\n")) {
            if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                in.readNBytes(Integer.parseInt(line.substring(15).trim()));
            }
        }
        return h.substring(0, h.indexOf("\r\n"));
    }

    CseClient client() {
        return CseClient.builder("https://127.0.0.1:" + listener.getLocalPort()).cseId("/id-in").originator("Cdev1")
                .timeout(Duration.ofSeconds(5)).psk(ID, KEY).build();
    }

    @Test
    void aSessionEndedWhileIdleIsReopenedAndTheRetrieveSentAgain() {
        script.add(List.of(OK, OK));      // two answers, then the session ends without a word
        script.add(List.of(OK));
        try (CseClient c = client()) {
            for (int i = 0; i < 3; i++) {
                assertThat(c.retrieve("cse-in").rsc()).isEqualTo(ResponseStatusCode.OK);
            }
        }
        assertThat(sessions.get()).isEqualTo(2);
        assertThat(requestLines).containsExactly("GET /cse-in HTTP/1.1", "GET /cse-in HTTP/1.1",
                "GET /cse-in HTTP/1.1");
    }

    @Test
    void aRetrieveIsSentAgainWhenTheSessionEndsWithoutAnswer() {
        script.add(List.of(OK, DROP));
        script.add(List.of(OK));
        try (CseClient c = client()) {
            assertThat(c.retrieve("cse-in").rsc()).isEqualTo(ResponseStatusCode.OK);
            assertThat(c.retrieve("cse-in").rsc()).isEqualTo(ResponseStatusCode.OK);
        }
        assertThat(sessions.get()).isEqualTo(2);
        assertThat(requestLines).containsExactly("GET /cse-in HTTP/1.1", "GET /cse-in HTTP/1.1",
                "GET /cse-in HTTP/1.1");
    }

    @Test
    void aCreateIsNeverSentTwice() {
        script.add(List.of(OK, DROP));
        script.add(List.of(OK));
        try (CseClient c = client()) {
            assertThat(c.retrieve("cse-in").rsc()).isEqualTo(ResponseStatusCode.OK);
            assertThatThrownBy(() -> c.createContainer("cse-in", "box")).isInstanceOf(CseException.class)
                    .satisfies(e -> assertThat(((CseException) e).code()).isEqualTo(5103));
            // the next request opens a new session
            assertThat(c.retrieve("cse-in").rsc()).isEqualTo(ResponseStatusCode.OK);
        }
        assertThat(sessions.get()).isEqualTo(2);
        assertThat(requestLines).containsExactly("GET /cse-in HTTP/1.1", "POST /cse-in HTTP/1.1",
                "GET /cse-in HTTP/1.1");
    }

    @Test
    void connectionCloseEndsTheSessionAndTheNextRequestOpensANewOne() {
        script.add(List.of(CLOSE, OK));   // the client must not send the second request on this session
        script.add(List.of(OK));
        try (CseClient c = client()) {
            assertThat(c.retrieve("cse-in").rsc()).isEqualTo(ResponseStatusCode.OK);
            assertThat(c.retrieve("cse-in").rsc()).isEqualTo(ResponseStatusCode.OK);
        }
        assertThat(sessions.get()).isEqualTo(2);
        assertThat(requestLines).hasSize(2);
    }

    @Test
    void aLateAnswerIs4008() {
        script.add(List.of(SILENCE));
        try (CseClient c = CseClient.builder("https://127.0.0.1:" + listener.getLocalPort()).cseId("/id-in")
                .originator("Cdev1").timeout(Duration.ofMillis(300)).psk(ID, KEY).build()) {
            assertThatThrownBy(() -> c.retrieve("cse-in")).isInstanceOf(CseException.class)
                    .satisfies(e -> assertThat(((CseException) e).code()).isEqualTo(4008));
        }
    }

    /** Bouncy Castle's PSK server with the one identity, TLS 1.2. */
    static final class Server extends PSKTlsServer {
        Server() {
            super(new BcTlsCrypto(new SecureRandom()), new TlsPSKIdentityManager() {
                @Override
                public byte[] getHint() {
                    return null;
                }

                @Override
                public byte[] getPSK(byte[] identity) {
                    return Arrays.equals(identity, ID.getBytes(StandardCharsets.UTF_8)) ? KEY.clone() : null;
                }
            });
        }

        @Override
        protected ProtocolVersion[] getSupportedVersions() {
            return ProtocolVersion.TLSv12.only();
        }

        @Override
        protected int[] getSupportedCipherSuites() {
            return new int[] {CipherSuite.TLS_PSK_WITH_AES_128_GCM_SHA256};
        }
    }
}
