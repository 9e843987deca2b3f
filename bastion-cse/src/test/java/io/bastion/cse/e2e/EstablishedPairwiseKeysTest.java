package io.bastion.cse.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.bastion.core.time.MutableClock;
import io.bastion.security.credential.PreSharedKey;
import io.bastion.security.e2e.InMemoryPairwiseKeys;
import io.bastion.security.e2e.PairwiseKey;
import io.bastion.security.e2e.PairwiseKeyStore;
import io.bastion.security.escertke.PairwiseE2EKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The keys this CSE established by ESCertKE: their ID, entity and lifetime, the bound, and the provisioned first. */
class EstablishedPairwiseKeysTest {
    static final Instant T0 = Instant.parse("2026-12-06T12:00:00Z");

    /** An export whose first 16 bytes (the key ID) are all {@code id} and last 32 (the key) all {@code key}. */
    static PairwiseE2EKey established(int id, int key, String entity) {
        byte[] exported = new byte[PairwiseE2EKey.EXPORT_LENGTH];
        Arrays.fill(exported, 0, 16, (byte) id);
        Arrays.fill(exported, 16, 48, (byte) key);
        return PairwiseE2EKey.fromExport(exported, entity);
    }

    @Test
    void anEstablishedKeyIsAPairwiseEsprimKeyOfItsPeerUntilItsLifetimeEnds() {
        MutableClock clock = new MutableClock(T0);
        EstablishedPairwiseKeys keys = new EstablishedPairwiseKeys(clock, Duration.ofHours(1), 10);
        PairwiseKey k = keys.add(established(1, 7, "Calice"));
        assertThat(k.keyId()).isEqualTo("01".repeat(16));
        assertThat(k.entity()).isEqualTo("Calice");
        assertThat(k.notAfter()).isEqualTo(T0.plus(Duration.ofHours(1)));
        assertThat(keys.lookup(k.keyId())).hasValueSatisfying(found ->
                assertThat(found.key().bytes()).containsOnly((byte) 7).hasSize(32));
        assertThat(keys.lookup("02".repeat(16))).isEmpty();
        assertThat(keys.lookup(null)).isEmpty();
        clock.advance(Duration.ofMinutes(59));
        assertThat(keys.lookup(k.keyId())).isPresent();
        clock.advance(Duration.ofMinutes(1));
        assertThat(keys.lookup(k.keyId())).as("expired: forgotten").isEmpty();
        assertThat(keys.size()).isZero();
    }

    @Test
    void beyondItsBoundTheKeyExpiringFirstMakesRoomExpiredOnesBeforeAll() {
        MutableClock clock = new MutableClock(T0);
        EstablishedPairwiseKeys keys = new EstablishedPairwiseKeys(clock, Duration.ofMinutes(10), 2);
        String first = keys.add(established(1, 1, "Ca")).keyId();
        clock.advance(Duration.ofMinutes(1));
        String second = keys.add(established(2, 2, "Cb")).keyId();
        clock.advance(Duration.ofMinutes(1));
        String third = keys.add(established(3, 3, "Cc")).keyId();
        assertThat(keys.size()).isEqualTo(2);
        assertThat(keys.lookup(first)).as("the one expiring first").isEmpty();
        assertThat(keys.lookup(second)).isPresent();
        assertThat(keys.lookup(third)).isPresent();
        // a key established again with the same peer does not replace the earlier one
        String again = keys.add(established(4, 4, "Cc")).keyId();
        assertThat(keys.lookup(again)).isPresent();
        assertThat(keys.lookup(third)).isPresent();
    }

    @Test
    void theProvisionedKeysComeFirstAndEitherKindIsFound() {
        MutableClock clock = new MutableClock(T0);
        EstablishedPairwiseKeys keys = new EstablishedPairwiseKeys(clock, Duration.ofHours(1), 10);
        InMemoryPairwiseKeys provisioned = new InMemoryPairwiseKeys();
        provisioned.put(new PairwiseKey("dev@keys.example", PreSharedKey.fromHex("00".repeat(16)), "Cdev"));
        String established = keys.add(established(5, 5, "Calice")).keyId();
        // the same ID provisioned too: the provisioned key wins
        provisioned.put(new PairwiseKey(established, PreSharedKey.fromHex("11".repeat(32)), "Cother"));
        PairwiseKeyStore both = keys.after(provisioned);
        assertThat(both.lookup("dev@keys.example")).map(PairwiseKey::entity).hasValue("Cdev");
        assertThat(both.lookup(established)).map(PairwiseKey::entity).hasValue("Cother");
        provisioned.remove(established);
        assertThat(both.lookup(established)).map(PairwiseKey::entity).hasValue("Calice");
        assertThat(both.lookup("nobody@keys.example")).isEmpty();
    }
}
