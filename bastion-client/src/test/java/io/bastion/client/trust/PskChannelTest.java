package io.bastion.client.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bastion.core.time.Timestamps;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link PskChannel} against a real TLS-PSK server, the MAF of bastion-trust in process: the handshake with a KmID,
 * requests kept alive on one session, the export the MAF derives its key from, refusals of a wrong key, an unknown
 * identity and a server that never answers.
 */
class PskChannelTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration T = Duration.ofSeconds(10);
    @TempDir
    static Path dir;
    static InProcessMaf maf;

    @BeforeAll
    static void start() {
        maf = new InProcessMaf(dir);
    }

    @AfterAll
    static void stop() throws Exception {
        maf.close();
    }

    @Test
    void oneSessionCarriesSeveralOneM2mRequests() throws Exception {
        try (PskChannel c = PskChannel.open("127.0.0.1", maf.port(), InProcessMaf.KM_PHONE, InProcessMaf.K_PHONE,
                null, T)) {
            for (int i = 0; i < 3; i++) {
                OneM2mAnswer a = c.request("GET", "/maf", "Cphone", null, null);
                assertThat(a.rsc()).as(a.debug()).isEqualTo(2000);
                assertThat(a.ok()).isTrue();
                assertThat(a.httpStatus()).isEqualTo(200);
                assertThat(a.content().path("m2m:maf").path("rn").asText()).isEqualTo("maf");
                assertThat(c.isOpen()).isTrue();
            }
            HttpAnswer raw = c.send("GET", "/maf", Map.of("X-M2M-Origin", "Cphone", "X-M2M-RI", "r1",
                    "X-M2M-RVI", "3"), null);
            assertThat(raw.status()).isEqualTo(200);
            assertThat(raw.header("x-m2m-rsc")).isEqualTo("2000");
            assertThat(raw.header("X-M2M-RI")).isEqualTo("r1");
            // a refusal is an answer, with its code and m2m:dbg
            OneM2mAnswer forged = c.request("GET", "/maf", "Cother", null, null);
            assertThat(forged.rsc()).isEqualTo(4106);
            assertThat(forged.ok()).isFalse();
            assertThat(forged.debug()).contains("Cother");
            assertThatThrownBy(c::exported).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void theExportIsWhatTheMafDerivesItsKeyIdFrom() throws Exception {
        String et = Timestamps.format(Instant.now().plus(Duration.ofHours(1)));
        try (PskChannel c = PskChannel.open("127.0.0.1", maf.port(), InProcessMaf.KM_PHONE, InProcessMaf.K_PHONE,
                "EXPORTER-oneM2M-Connection", T)) {
            byte[] x = c.exported();
            assertThat(x).hasSize(48);
            ObjectNode reg = JSON.createObjectNode();
            reg.putObject("sec:macr").put("et", et).put("adfq", "sp.example");
            assertThat(c.request("POST", "/maf", "Cphone", 9002, reg).rsc()).isEqualTo(2001);
            ObjectNode key = JSON.createObjectNode();
            key.putObject("sec:mkr").put("et", et).put("adfq", "sp.example").put("suid", 32).putArray("tgis")
                    .add("/id-in");
            OneM2mAnswer k = c.request("POST", "/maf", "Cphone", 9003, key);
            assertThat(k.rsc()).as(k.debug()).isEqualTo(2001);
            assertThat(k.content().path("sec:mkr").path("rn").asText()).isEqualTo(HexFormat.of().formatHex(x, 0, 16));
            // a copy: changing it changes nothing in the channel
            x[0] ^= 1;
            assertThat(c.exported()[0]).isNotEqualTo(x[0]);
        }
    }

    @Test
    void aWrongKeyOrAnUnknownIdentityFailsTheHandshake() {
        byte[] wrong = InProcessMaf.K_PHONE.clone();
        wrong[0] ^= 1;
        assertThatThrownBy(() -> PskChannel.open("127.0.0.1", maf.port(), InProcessMaf.KM_PHONE, wrong, null, T))
                .isInstanceOf(IOException.class)
                .satisfies(e -> assertThat(String.valueOf(e.getMessage())).doesNotContain("0102030405"));
        assertThatThrownBy(() -> PskChannel.open("127.0.0.1", maf.port(), "nobody@maf.example",
                InProcessMaf.K_PHONE, null, T)).isInstanceOf(IOException.class);
    }

    @Test
    void aServerThatNeverAnswersTimesOut() throws Exception {
        try (ServerSocket silent = new ServerSocket(0)) {
            Thread accept = Thread.ofVirtual().start(() -> {
                try (Socket s = silent.accept()) {
                    Thread.sleep(5_000);
                } catch (Exception e) {
                    // the test is over
                }
            });
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> PskChannel.open("127.0.0.1", silent.getLocalPort(), InProcessMaf.KM_PHONE,
                    InProcessMaf.K_PHONE, null, Duration.ofMillis(300))).isInstanceOf(IOException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(3));
            accept.interrupt();
        }
    }

    @Test
    void aClosedChannelRefusesToSend() throws Exception {
        PskChannel c = PskChannel.open("127.0.0.1", maf.port(), InProcessMaf.KM_PHONE, InProcessMaf.K_PHONE, null, T);
        c.close();
        assertThat(c.isOpen()).isFalse();
        assertThatThrownBy(() -> c.request("GET", "/maf", "Cphone", null, null)).isInstanceOf(IOException.class)
                .hasMessageContaining("closed");
        assertThat(c.toString()).contains("closed").doesNotContain("0001020304");
    }
}
