package io.bastion.security.credential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PskCredentialTest {
    static final String HEX = "00112233445566778899aabbccddeeff";

    @ParameterizedTest
    @ValueSource(strings = {"dev1@issuer.example", "A.b_c-9@in.m2m.example", "x@a-b.example", "0a1b@maf.example"})
    void kpsaIdsOfTs0003Clause10_5AreAccepted(String id) {
        assertThat(PskCredential.isIdentity(id)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "dev1", "@issuer.example", "dev1@", "dev1@Issuer.Example", "dev1@localhost",
        "a@b@c.example", "dev 1@issuer.example", "dev/1@issuer.example", "dev1@-bad.example", "dev1@bad-.example",
        "dev1@issuer..example", "dév@issuer.example"})
    void malformedKpsaIdsAreRefused(String id) {
        assertThat(PskCredential.isIdentity(id)).isFalse();
    }

    @Test
    void allowedIdsAreAeIdStemsOrCseIds() {
        PskCredential c = new PskCredential("d@i.example", PreSharedKey.fromHex(HEX), Set.of("Cdev", "Sdev", "/id-mn"));
        assertThat(c.allowedIds()).containsExactlyInAnyOrder("Cdev", "Sdev", "/id-mn");
        assertThat(c.credentialId()).isEqualTo("12-d@i.example");
        for (String bad : new String[] {"dev", "C", "//sp.example/id-mn", "C dev", "/", "/id-in/dev", "/id/in/Cx"}) {
            assertThatThrownBy(() -> new PskCredential("d@i.example", PreSharedKey.fromHex(HEX), Set.of(bad)))
                    .as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        // psk add allows AE-ID-Stems and CSE-IDs only; a stored binding may also name an AE behind another CSE (the
        // pairwiseESPrimKeys of credentials e2e)
        assertThatThrownBy(() -> PskCredential.checkAllowedId("/id-in/Cdev")).isInstanceOf(IllegalArgumentException.class);
        assertThat(new PskCredential("d@i.example", PreSharedKey.fromHex(HEX), Set.of("/id-mn/Cdev")).allowedIds())
                .containsExactly("/id-mn/Cdev");
        assertThatThrownBy(() -> new PskCredential("d@i.example", PreSharedKey.fromHex(HEX), Set.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void keysAre16To64BytesOfHexAndNeverPrinted() {
        assertThat(PreSharedKey.fromHex(HEX).length()).isEqualTo(16);
        assertThat(PreSharedKey.fromHex("AB".repeat(64)).length()).isEqualTo(64);
        assertThatThrownBy(() -> PreSharedKey.fromHex("ab".repeat(15))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PreSharedKey.fromHex("ab".repeat(65))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PreSharedKey.fromHex(HEX + "a")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PreSharedKey.fromHex("zz" + HEX.substring(2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining(HEX.substring(2));
        PskCredential c = new PskCredential("d@i.example", PreSharedKey.fromHex(HEX), Set.of("Cdev"));
        assertThat(c.toString()).doesNotContain(HEX).doesNotContain(HEX.toUpperCase()).contains("redacted");
    }

    @Test
    void keyBytesAreCopiedAndCanBeZeroed() {
        byte[] raw = PreSharedKey.fromHex(HEX).bytes();
        PreSharedKey k = PreSharedKey.of(raw);
        raw[0] = 42;
        assertThat(k.bytes()[0]).isEqualTo((byte) 0);
        k.bytes()[1] = 42;
        assertThat(k.bytes()[1]).isEqualTo((byte) 0x11);
        assertThat(k).isEqualTo(PreSharedKey.fromHex(HEX));
        k.destroy();
        assertThat(k.isDestroyed()).isTrue();
        assertThatThrownBy(k::bytes).isInstanceOf(IllegalStateException.class);
    }
}
