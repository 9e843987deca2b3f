package io.bastion.server.coap;

import static io.bastion.server.it.M2m.aeBody;
import static org.assertj.core.api.Assertions.assertThat;

import io.bastion.security.credential.EditablePskStore;
import io.bastion.security.credential.PreSharedKey;
import io.bastion.security.credential.PskCredential;
import io.bastion.server.BastionServer;
import io.bastion.server.CoapSettings;
import io.bastion.server.PskSettings;
import io.bastion.server.ServerConfig;
import io.bastion.server.coap.CoapTestClient.Rsp;
import io.bastion.server.it.M2m;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DTLS-PSK (CoAP over DTLS, TLS_PSK_WITH_AES_128_CCM_8) with the key held in a PKCS#12 keystore
 * ({@code psk.source=keystore}): a real Scandium handshake against the coaps door, provisioned while the server runs.
 */
class CoapsKeystorePskIT {
    static final String PASSWORD_ENV = "BASTION_TEST_COAPS_KEYSTORE";
    static final Function<String, String> ENV = Map.of(PASSWORD_ENV, "coaps-keystore-secret")::get;
    static final String ID = "coapkdev@issuer.example";
    static final String KEY = "101112131415161718191a1b1c1d1e1f";

    @TempDir
    Path dir;

    @Test
    void aKeystoreHeldKeyRegistersItsAeOverDtls() throws Exception {
        Path data = dir.resolve("data");
        PskSettings psk = ServerConfig.load(Files.writeString(dir.resolve("bastion.properties"),
                "psk.source=keystore\npsk.keystore-password-env=" + PASSWORD_ENV + "\n")).psk();
        try (BastionServer server = BastionServer.start(M2m.config(data).withPsk(psk)
                .withCoap(new CoapSettings(-1, 0)), Clock.systemUTC(), ENV)) {
            try (EditablePskStore store = psk.open(data, ENV)) {
                store.add(new PskCredential(ID, PreSharedKey.fromHex(KEY), Set.of("Ccoapk")));
            }
            assertThat(Files.readString(data.resolve("credentials").resolve("psk.json"))).doesNotContain(KEY);
            Rsp ae = null;
            long deadline = System.nanoTime() + 5_000_000_000L; // the server looks at the files every 200 ms
            while (ae == null && System.nanoTime() < deadline) {
                try (CoapTestClient dev = CoapTestClient.dtls(server.coapsPort(), ID, HexFormat.of().parseHex(KEY))) {
                    ae = dev.create("Ccoapk", "/cse-in", 2, aeBody("coapk"));
                    if (ae != null) {
                        assertThat(dev.retrieve("Ccoapk", "/cse-in/coapk").rsc()).isEqualTo(2000);
                        assertThat(dev.retrieve("Cnotmine", "/cse-in").rsc()).isEqualTo(4106);
                    }
                }
            }
            assertThat(ae).as("no answer over DTLS with the keystore's key").isNotNull();
            assertThat(ae.rsc()).as("%s", ae).isEqualTo(2001);

            try (CoapTestClient wrong = CoapTestClient.dtls(server.coapsPort(), ID,
                    HexFormat.of().parseHex("ffffffffffffffffffffffffffffffff"))) {
                assertThat(wrong.retrieve("Ccoapk", "/cse-in")).as("a wrong key fails the handshake").isNull();
            }
        }
    }
}
