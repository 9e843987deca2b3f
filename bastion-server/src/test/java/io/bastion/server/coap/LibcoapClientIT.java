package io.bastion.server.coap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.bastion.security.credential.FilePskStore;
import io.bastion.security.credential.PreSharedKey;
import io.bastion.security.credential.PskCredential;
import io.bastion.server.BastionServer;
import io.bastion.server.CoapSettings;
import io.bastion.server.it.Installed;
import io.bastion.server.it.M2m;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reference C client, libcoap's {@code coap-client} (Debian package {@code libcoap3-bin}), against both CoAP
 * doors: plain, and DTLS with a pre-shared key. It knows none of the oneM2M options, so it asks for the response
 * primitive in the payload (Accept 10009, {@code vnd.onem2m-prsp+json}): the answer then carries no option it would
 * have to reject (RFC 7252 5.4.1). Requests carry the oneM2M options by number ({@code -O}). Skipped, saying why,
 * where no {@code coap-client} is installed.
 */
class LibcoapClientIT {
    static final String PSK_ID = "libcoap@issuer.example";
    /** coap-client 4.3 takes {@code -k} as the key's bytes, so the key is printable text. */
    static final String PSK_TEXT = "libcoap-interop-key-01";
    static final AtomicInteger RQI = new AtomicInteger();

    @TempDir
    static Path dir;
    static BastionServer server;

    @BeforeAll
    static void start() {
        FilePskStore.inDataDir(dir).add(new PskCredential(PSK_ID,
                PreSharedKey.fromHex(HexFormat.of().formatHex(PSK_TEXT.getBytes(StandardCharsets.US_ASCII))),
                Set.of("Clibcoapdtls")));
        server = BastionServer.start(M2m.config(dir).withCoap(new CoapSettings(0, 0)));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    static String plainClient() {
        String c = Installed.onPath("coap-client", "coap-client-notls", "coap-client-openssl", "coap-client-gnutls");
        Assumptions.assumeTrue(c != null, "libcoap's coap-client is not installed (Debian: apt-get install "
                + "libcoap3-bin): the libcoap interop test is skipped");
        return c;
    }

    /** The coap-client builds with DTLS (Debian ships one on OpenSSL and one on GnuTLS), at least one. */
    static List<String> dtlsClients() {
        List<String> out = new ArrayList<>();
        for (String n : new String[] {"coap-client-openssl", "coap-client-gnutls", "coap-client"}) {
            String c = Installed.onPath(n);
            if (c != null && (!n.equals("coap-client") || out.isEmpty())) {
                out.add(c);
            }
        }
        Assumptions.assumeTrue(!out.isEmpty(), "no coap-client with DTLS is installed (Debian: apt-get install "
                + "libcoap3-bin): the libcoap DTLS interop test is skipped");
        return out;
    }

    /**
     * What coap-client printed: a success's payload on standard output, an error's CoAP code and payload
     * ({@code 4.04 {...}}) on standard error; either way the response primitive of the CSE's answer.
     */
    record Answer(String stdout, String stderr, int exit) {
        JsonNode primitive() {
            String text = !stdout.isEmpty() ? stdout : stderr.replaceFirst("^[245]\\.\\d\\d ", "");
            try {
                JsonNode n = M2m.JSON.readTree(text);
                assertThat(n).as("a response primitive from coap-client: %s / %s", stdout, stderr).isNotNull();
                return n;
            } catch (IOException e) {
                throw new AssertionError("coap-client printed no response primitive: " + stdout + " / " + stderr, e);
            }
        }

        int rsc() {
            return primitive().path("rsc").asInt(-1);
        }
    }

    /**
     * Runs {@code coap-client} with the oneM2M options of a request (From, Request Identifier, Release Version
     * Indicator and, for a CREATE, Resource Type as two bytes), Accept 10009, and {@code extra} arguments.
     */
    static Answer run(String client, String method, String uri, String from, Integer ty, List<String> extra)
            throws Exception {
        List<String> cmd = new ArrayList<>(List.of(client, "-B", "10", "-m", method, "-A", "10009",
                "-O", "279," + from, "-O", "283,libcoap-" + RQI.incrementAndGet(), "-O", "271,3"));
        if (ty != null) {
            cmd.addAll(List.of("-O", String.format("267,0x%04x", ty), "-t", "json"));
        }
        cmd.addAll(extra);
        cmd.add(uri);
        Path out = Files.createTempFile(dir, "coap-client", ".out");
        Path err = Files.createTempFile(dir, "coap-client", ".err");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("coap-client did not finish: " + String.join(" ", cmd));
        }
        return new Answer(Files.readString(out).trim(), Files.readString(err).trim(), p.exitValue());
    }

    static String coap(String path) {
        return "coap://127.0.0.1:" + server.coapPort() + path;
    }

    static String coaps(String path) {
        return "coaps://127.0.0.1:" + server.coapsPort() + path;
    }

    @Test
    void theReferenceClientRegistersWritesAndReadsOverThePlainDoor() throws Exception {
        String client = plainClient();
        Answer cb = run(client, "get", coap("/cse-in"), M2m.ADMIN, null, List.of());
        assertThat(cb.rsc()).as("%s", cb).isEqualTo(2000);
        assertThat(cb.primitive().path("pc").has("m2m:cb")).isTrue();

        Answer ae = run(client, "post", coap("/cse-in"), "Clibcoap", 2, List.of("-e",
                "{\"m2m:ae\":{\"rn\":\"libcoap\",\"api\":\"Nlibcoap\",\"rr\":false,\"srv\":[\"3\"]}}"));
        assertThat(ae.rsc()).as("%s", ae).isEqualTo(2001);
        assertThat(ae.primitive().path("pc").path("m2m:ae").path("aei").asText()).isEqualTo("Clibcoap");
        assertThat(run(client, "post", coap("/cse-in/libcoap"), "Clibcoap", 3,
                List.of("-e", "{\"m2m:cnt\":{\"rn\":\"box\"}}")).rsc()).isEqualTo(2001);

        // 3,000 characters: more than a block each way (RFC 7959 Block1 up, Block2 down)
        String con = "x".repeat(3000);
        Path body = Files.writeString(dir.resolve("cin.json"), "{\"m2m:cin\":{\"con\":\"" + con + "\"}}");
        assertThat(run(client, "post", coap("/cse-in/libcoap/box"), "Clibcoap", 4, List.of("-f", body.toString()))
                .rsc()).isEqualTo(2001);
        Answer la = run(client, "get", coap("/cse-in/libcoap/box/la"), "Clibcoap", null, List.of());
        assertThat(la.rsc()).as("%s", la).isEqualTo(2000);
        assertThat(la.primitive().path("pc").path("m2m:cin").path("con").asText()).isEqualTo(con);

        // a refusal is an answer too, with its status in the primitive
        Answer refused = run(client, "get", coap("/cse-in/libcoap/nothing"), "Clibcoap", null, List.of());
        assertThat(refused.rsc()).as("%s", refused).isEqualTo(4004);
        assertThat(refused.primitive().path("pc").path("m2m:dbg").asText()).isNotBlank();
    }

    @Test
    void theReferenceClientRegistersAndReadsOverTheDtlsPskDoor() throws Exception {
        boolean registered = false;
        for (String client : dtlsClients()) {
            List<String> psk = List.of("-u", PSK_ID, "-k", PSK_TEXT);
            Answer ae = run(client, "post", coaps("/cse-in"), "Clibcoapdtls", 2, concat(psk, "-e",
                    "{\"m2m:ae\":{\"rn\":\"libcoapdtls\",\"api\":\"Nlibcoap\",\"rr\":false,\"srv\":[\"3\"]}}"));
            // the first client registers the AE; a second one (the other TLS library) finds it registered
            assertThat(ae.rsc()).as("%s: %s", client, ae).isEqualTo(registered ? 4117 : 2001);
            registered = true;
            Answer read = run(client, "get", coaps("/cse-in/libcoapdtls"), "Clibcoapdtls", null, psk);
            assertThat(read.rsc()).as("%s: %s", client, read).isEqualTo(2000);
            assertThat(read.primitive().path("pc").path("m2m:ae").path("aei").asText()).isEqualTo("Clibcoapdtls");
            // the key is bound to Clibcoapdtls only
            Answer other = run(client, "get", coaps("/cse-in"), "Cnotbound", null, psk);
            assertThat(other.rsc()).as("%s: %s", client, other).isEqualTo(4106);
        }
    }

    private static List<String> concat(List<String> head, String... tail) {
        List<String> out = new ArrayList<>(head);
        out.addAll(List.of(tail));
        return out;
    }
}
