package io.bastion.security.credential;

import static org.assertj.core.api.Assertions.assertThat;

import io.bastion.core.primitive.Authentication;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An open association follows its PSK through a real credential file: removed, re-keyed, bound to other IDs. */
class SecurityAssociationTest {
    static final String ID = "dev1@issuer.example";
    static final PreSharedKey KEY = PreSharedKey.fromHex("000102030405060708090a0b0c0d0e0f");

    @TempDir
    Path dir;

    /** A store that looks at its file at every call, so that each change is seen at once. */
    FilePskStore store() {
        return new FilePskStore(dir.resolve("psk.json"), Duration.ZERO);
    }

    SecurityAssociation handshake(FilePskStore s) {
        long at = s.generation();
        PskCredential proved = s.lookup(ID).orElseThrow();
        return s.associate(proved, at);
    }

    @Test
    void nothingChangedKeepsTheSameAuthenticationInstance() {
        FilePskStore s = store();
        s.add(new PskCredential(ID, KEY, Set.of("Cdev1")));
        SecurityAssociation a = handshake(s);
        Authentication first = a.authentication();
        assertThat(first).isEqualTo(new Authentication.Verified("12-" + ID, Set.of("Cdev1")));
        assertThat(a.authentication()).isSameAs(first);
        // another identity's change moves the generation; this association is checked again and stays the same
        s.add(new PskCredential("dev2@issuer.example", PreSharedKey.fromHex("ffeeddccbbaa99887766554433221100"),
                Set.of("Cdev2")));
        assertThat(a.authentication()).isSameAs(first);
    }

    @Test
    void aRemovedIdentityRevokesTheAssociationForGood() {
        FilePskStore s = store();
        s.add(new PskCredential(ID, KEY, Set.of("Cdev1")));
        SecurityAssociation a = handshake(s);
        assertThat(s.remove(ID)).isTrue();
        assertThat(a.authentication()).isEqualTo(new Authentication.Revoked("12-" + ID,
                "PSK identity " + ID + " was removed"));
        // provisioning it again does not revive an association refused meanwhile
        s.add(new PskCredential(ID, KEY, Set.of("Cdev1")));
        assertThat(a.authentication()).isInstanceOf(Authentication.Revoked.class);
    }

    @Test
    void aNewKeyRevokesTheAssociationsOfTheOldOne() {
        FilePskStore s = store();
        s.add(new PskCredential(ID, KEY, Set.of("Cdev1")));
        SecurityAssociation old = handshake(s);
        s.rotate(ID, PreSharedKey.fromHex("0f0e0d0c0b0a09080706050403020100"));
        assertThat(old.authentication()).isInstanceOfSatisfying(Authentication.Revoked.class,
                r -> assertThat(r.reason()).contains("was given a new key"));
        assertThat(handshake(s).authentication()).isInstanceOf(Authentication.Verified.class);
    }

    @Test
    void otherIdsForTheSameKeyAreTakenOverWithoutRevocation() {
        FilePskStore s = store();
        s.add(new PskCredential(ID, KEY, Set.of("Cdev1")));
        SecurityAssociation a = handshake(s);
        s.remove(ID);
        s.add(new PskCredential(ID, KEY, Set.of("Cdev1", "Cdev1b")));
        assertThat(a.authentication()).isEqualTo(new Authentication.Verified("12-" + ID, Set.of("Cdev1", "Cdev1b")));
    }

    @Test
    void theCredentialIsCheckedOnlyWhenTheGenerationMoves() {
        AtomicLong generation = new AtomicLong(7);
        AtomicInteger checks = new AtomicInteger();
        Authentication.Verified proved = new Authentication.Verified("12-" + ID, Set.of("Cdev1"));
        SecurityAssociation a = new SecurityAssociation(proved, 7, generation::get, () -> {
            checks.incrementAndGet();
            return proved;
        });
        for (int i = 0; i < 1000; i++) {
            a.authentication();
        }
        assertThat(checks).hasValue(0);
        generation.incrementAndGet();
        a.authentication();
        a.authentication();
        assertThat(checks).hasValue(1);
    }

    @Test
    void aCheckThatFailsRevokesRatherThanKeepingTheOldAnswer() {
        AtomicLong generation = new AtomicLong();
        Authentication.Verified proved = new Authentication.Verified("12-" + ID, Set.of("Cdev1"));
        SecurityAssociation a = new SecurityAssociation(proved, 0, generation::get, () -> {
            throw new IllegalStateException("store unreachable");
        });
        generation.set(1);
        assertThat(a.authentication()).isInstanceOf(Authentication.Revoked.class);
    }
}
