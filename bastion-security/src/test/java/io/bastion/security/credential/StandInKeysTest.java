package io.bastion.security.credential;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class StandInKeysTest {
    private static byte[] id(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void anIdentityAlwaysGetsTheSameStandInAsARealKeyWould() {
        StandInKeys keys = new StandInKeys(new SecureRandom());
        assertThat(keys.keyFor(id("nobody@issuer.example"))).hasSize(32)
                .isEqualTo(keys.keyFor(id("nobody@issuer.example")))
                .isNotEqualTo(keys.keyFor(id("somebody@issuer.example")));
        assertThat(keys.keyFor(new byte[0])).hasSize(32);
    }

    @Test
    void standInsDependOnASecretNobodyElseHas() {
        assertThat(new StandInKeys(new SecureRandom()).keyFor(id("x@y")))
                .isNotEqualTo(new StandInKeys(new SecureRandom()).keyFor(id("x@y")));
    }
}
