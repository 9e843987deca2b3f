package io.bastion.security.escertke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.bastion.security.certificate.Certificates;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exported pairwiseE2EKey checked against an independent TLS implementation: OpenSSL's {@code s_client} and
 * {@code s_server} with {@code -keymatexport EXPORTER-oneM2M-ESCertKE -keymatexportlen 48} (RFC 5705, TS-0003 10.3.1)
 * speak to the engine's responder and initiator over a loopback socket; the test only cuts the byte stream into
 * the four flights. Skipped when openssl is not installed ({@code .ci/run} installs it).
 */
class EsCertKeOpensslTest {
    static final Pattern KEYING = Pattern.compile("Keying material: ([0-9A-Fa-f]{96})");

    @TempDir
    Path dir;

    @Test
    void theResponderExportsWhatOpensslSClientExports() throws Exception {
        assumeTrue(openssl(), "openssl is not installed");
        EsCertKePki.Ca ca = EsCertKePki.ca("ESCertKE interop CA");
        EndPointCredentials alice = EsCertKePki.endPoint(ca, "onem2m://bastion.example/id-in/Calice");
        EndPointCredentials bob = EsCertKePki.endPoint(ca, "onem2m://bastion.example/id-in/Cbob");
        EsCertKeResponder responder = new EsCertKeResponder(bob, PeerCheck.anchors(List.of(ca.cert()),
                EsCertKeProcedureTest.FORMS, Clock.systemUTC()));
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Process p = new ProcessBuilder("openssl", "s_client", "-connect", "127.0.0.1:" + server.getLocalPort(),
                    "-cert", pem(alice.chain().get(0), "alice.pem").toString(),
                    "-key", key(alice, "alice.key").toString(), "-CAfile", pem(ca.cert(), "ca.pem").toString(),
                    "-keymatexport", PairwiseE2EKey.EXPORTER_LABEL, "-keymatexportlen", "48")
                    .redirectErrorStream(true).start();
            PairwiseE2EKey key;
            try (Socket s = server.accept()) {
                s.setSoTimeout(10_000);
                DataInputStream in = new DataInputStream(s.getInputStream());
                OutputStream out = s.getOutputStream();
                out.write(responder.handle("Calice", new EsCertKeMessage(record(in))).message().records());
                EsCertKeResponder.Reply r4 = responder.handle("Calice", new EsCertKeMessage(untilAfterCcs(in)));
                out.write(r4.message().records());
                out.flush();
                key = r4.key();
                String printed = output(p);
                assertThat(hex(key)).isEqualToIgnoringCase(keying(printed));
            } finally {
                p.destroy();
            }
            assertThat(key.entity()).isEqualTo("Calice");
        }
    }

    @Test
    void theInitiatorExportsWhatOpensslSServerExports() throws Exception {
        assumeTrue(openssl(), "openssl is not installed");
        EsCertKePki.Ca ca = EsCertKePki.ca("ESCertKE interop CA");
        EndPointCredentials alice = EsCertKePki.endPoint(ca, "onem2m://bastion.example/id-in/Calice");
        EndPointCredentials bob = EsCertKePki.endPoint(ca, "onem2m://bastion.example/id-in/Cbob");
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        Process p = new ProcessBuilder("openssl", "s_server", "-accept", "127.0.0.1:" + port, "-naccept", "1",
                "-cert", pem(bob.chain().get(0), "bob.pem").toString(), "-key", key(bob, "bob.key").toString(),
                "-CAfile", pem(ca.cert(), "ca.pem").toString(), "-Verify", "1",
                "-keymatexport", PairwiseE2EKey.EXPORTER_LABEL, "-keymatexportlen", "48")
                .redirectErrorStream(true).start();
        try {
            InputStream stdout = p.getInputStream();
            StringBuilder seen = new StringBuilder();
            while (!seen.toString().contains("ACCEPT")) {
                int c = stdout.read();
                assertThat(c).as("s_server output until ACCEPT: %s", seen).isNotNegative();
                seen.append((char) c);
            }
            EsCertKeInitiator initiator = new EsCertKeInitiator(alice, PeerCheck.anchors(List.of(ca.cert()),
                    EsCertKeProcedureTest.FORMS, Clock.systemUTC()), "Cbob");
            PairwiseE2EKey key;
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                s.setSoTimeout(10_000);
                DataInputStream in = new DataInputStream(s.getInputStream());
                OutputStream out = s.getOutputStream();
                out.write(initiator.message1().records());
                out.write(initiator.message3(new EsCertKeMessage(untilServerHelloDone(in))).records());
                out.flush();
                key = initiator.finish(new EsCertKeMessage(untilAfterCcs(in)));
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (!KEYING.matcher(seen).find() && System.nanoTime() < until) {
                    int c = stdout.read();
                    if (c < 0) {
                        break;
                    }
                    seen.append((char) c);
                }
            }
            assertThat(hex(key)).isEqualToIgnoringCase(keying(seen.toString()));
            assertThat(key.entity()).isEqualTo("Cbob");
        } finally {
            p.destroy();
        }
    }

    private static String hex(PairwiseE2EKey key) {
        return key.keyId() + HexFormat.of().formatHex(key.bytes());
    }

    private static String keying(String printed) {
        Matcher m = KEYING.matcher(printed);
        assertThat(m.find()).as("openssl printed its keying material: %s", printed).isTrue();
        return m.group(1).toLowerCase(Locale.ROOT);
    }

    /** One TLS record (header and body). */
    private static byte[] record(DataInputStream in) throws IOException {
        byte[] head = new byte[5];
        in.readFully(head);
        int len = ((head[3] & 0xff) << 8) | (head[4] & 0xff);
        byte[] r = new byte[5 + len];
        System.arraycopy(head, 0, r, 0, 5);
        in.readFully(r, 5, len);
        return r;
    }

    /** Records up to and including the one after ChangeCipherSpec (the Finished): Messages 3 and 4. */
    private static byte[] untilAfterCcs(DataInputStream in) throws IOException {
        ByteArrayOutputStream flight = new ByteArrayOutputStream();
        boolean ccs = false;
        while (true) {
            byte[] r = record(in);
            flight.write(r);
            if (ccs) {
                return flight.toByteArray();
            }
            ccs = r[0] == 20;
        }
    }

    /** Handshake records up to the one holding ServerHelloDone (type 14): Message 2. */
    private static byte[] untilServerHelloDone(DataInputStream in) throws IOException {
        ByteArrayOutputStream flight = new ByteArrayOutputStream();
        ByteArrayOutputStream handshake = new ByteArrayOutputStream();
        while (true) {
            byte[] r = record(in);
            flight.write(r);
            handshake.write(r, 5, r.length - 5);
            byte[] h = handshake.toByteArray();
            for (int i = 0; i + 4 <= h.length; ) {
                int len = ((h[i + 1] & 0xff) << 16) | ((h[i + 2] & 0xff) << 8) | (h[i + 3] & 0xff);
                if (h[i] == 14) {
                    return flight.toByteArray();
                }
                i += 4 + len;
            }
        }
    }

    private static String output(Process p) throws Exception {
        p.getOutputStream().close(); // s_client ends at the end of its input
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroy();
        }
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    private Path pem(X509Certificate c, String name) throws IOException {
        return Files.writeString(dir.resolve(name), Certificates.pem(c));
    }

    private Path key(EndPointCredentials e, String name) throws IOException {
        String b64 = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(e.privateKey().getEncoded());
        return Files.writeString(dir.resolve(name), "-----BEGIN PRIVATE KEY-----\n" + b64
                + "\n-----END PRIVATE KEY-----\n");
    }

    private static boolean openssl() {
        try {
            Process p = new ProcessBuilder("openssl", "version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
