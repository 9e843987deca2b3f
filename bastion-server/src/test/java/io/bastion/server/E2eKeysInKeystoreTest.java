package io.bastion.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.bastion.security.credential.EditablePskStore;
import io.bastion.security.credential.PreSharedKey;
import io.bastion.security.credential.PskCredential;
import io.bastion.security.e2e.PairwiseKey;
import io.bastion.security.e2e.ProvisionedPairwiseKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pairwiseESPrimKeys of {@code credentials e2e} with {@code psk.source=keystore}: they share the PSKs' PKCS#12
 * file under their own alias namespace, so a PSK and a pairwise key with the same ID never meet, and their bindings
 * (e2e.json) hold no key.
 */
class E2eKeysInKeystoreTest {
    static final String ENV = "BASTION_TEST_E2E_KEYSTORE";
    static final Function<String, String> VARIABLES = Map.of(ENV, "e2e-keystore-secret")::get;
    static final String PSK = "00112233445566778899aabbccddeeff";
    static final String E2E = "ffeeddccbbaa99887766554433221100";

    @TempDir
    Path dir;

    @Test
    void aPskAndAPairwiseKeyOfTheSameIdLiveSideBySideInOneKeystore() throws Exception {
        Path props = Files.writeString(dir.resolve("bastion.properties"),
                "psk.source=keystore\npsk.keystore-password-env=" + ENV + "\n");
        PskSettings settings = ServerConfig.load(props).psk();
        Path data = dir.resolve("data");
        String id = "same@keys.example";
        try (EditablePskStore psks = settings.open(data, VARIABLES)) {
            psks.add(new PskCredential(id, PreSharedKey.fromHex(PSK), Set.of("Cdev")));
        }
        try (EditablePskStore e2e = settings.openE2e(data, VARIABLES)) {
            e2e.add(new PskCredential(id, PreSharedKey.fromHex(E2E), Set.of("/id-mn/Clight")));
        }
        try (EditablePskStore psks = settings.open(data, VARIABLES);
             EditablePskStore e2e = settings.openE2e(data, VARIABLES)) {
            assertThat(psks.lookup(id).orElseThrow().key()).isEqualTo(PreSharedKey.fromHex(PSK));
            PairwiseKey k = new ProvisionedPairwiseKeys(e2e).lookup(id).orElseThrow();
            assertThat(k.key()).isEqualTo(PreSharedKey.fromHex(E2E));
            assertThat(k.entity()).isEqualTo("/id-mn/Clight");
            assertThat(k.credentialId()).isEqualTo("13-" + id);
            assertThat(e2e.describe()).contains("e2e:");
            assertThat(e2e.remove(id)).isTrue();
            assertThat(psks.lookup(id)).isPresent();
        }
        String bindings = Files.readString(PskSettings.e2eFileIn(data));
        assertThat(bindings).doesNotContain(E2E).doesNotContain(PSK);
        assertThat(Files.readString(data.resolve("credentials").resolve("psk.json"))).contains(id)
                .doesNotContain(PSK);
    }
}
