package io.bastion.security.environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bastion.core.primitive.Authentication;
import io.bastion.security.credential.FilePskStore;
import io.bastion.security.credential.PreSharedKey;
import io.bastion.security.credential.PskCredential;
import io.bastion.security.credential.PskEntry;
import io.bastion.security.credential.PskFile;
import io.bastion.security.credential.SecurityAssociation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PSKs held by a secure environment with their bindings in psk.json: a writer store (what the command line uses) and
 * a reader store (what a running CSE uses), each with its own environment instance, as two processes would have. The
 * PKCS#11 cases run against SoftHSM2 and are skipped when it is not installed.
 */
class EnvironmentPskStoreTest {
    static final String PASSWORD = "psk-store-secret";
    static final Function<String, String> ENV = Map.of("PSK_P12", PASSWORD, SoftHsm.PIN_ENV, SoftHsm.PIN)::get;
    static final Instant T0 = Instant.parse("2026-02-01T08:00:00Z");
    static final String K1 = "00112233445566778899aabbccddeeff";
    static final String K2 = "a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebf";

    @TempDir
    Path data;

    private PskFile bindings() {
        return new PskFile(PskFile.fileIn(data), Duration.ZERO, Clock.fixed(T0, ZoneOffset.UTC));
    }

    private Path p12() {
        return data.resolve("credentials").resolve("psk.p12");
    }

    private EnvironmentPskStore keystoreStore() {
        return EnvironmentPskStore.keystore(bindings(), Pkcs12Environment.openOrCreate(p12(), "PSK_P12", ENV),
                Duration.ZERO);
    }

    private static PskCredential cred(String id, String hex, String... ids) {
        return new PskCredential(id, PreSharedKey.fromHex(hex), Set.of(ids));
    }

    @Test
    void keysAddedRotatedAndRemovedInAKeystoreReachARunningReaderAndNeverTheBindingsFile() throws Exception {
        try (EnvironmentPskStore writer = keystoreStore(); EnvironmentPskStore reader = keystoreStore()) {
            assertThat(Files.exists(p12())).as("no keystore before the first key").isFalse();
            assertThat(reader.lookup("dev@i.example")).isEmpty();
            long g0 = reader.generation();

            writer.add(cred("dev@i.example", K1, "Cdev", "/id-mn"));
            PskCredential c = reader.lookup("dev@i.example").orElseThrow();
            assertThat(c.key()).isEqualTo(PreSharedKey.fromHex(K1));
            assertThat(c.allowedIds()).containsExactlyInAnyOrder("Cdev", "/id-mn");
            assertThat(reader.generation()).isGreaterThan(g0);
            String json = Files.readString(PskFile.fileIn(data));
            assertThat(json).contains("\"keyIn\" : \"keystore\"").doesNotContain(K1).doesNotContain("\"key\"");
            if (Files.getFileStore(p12()).supportsFileAttributeView("posix")) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(p12())))
                        .isEqualTo("rw-------");
            }
            assertThatThrownBy(() -> writer.add(cred("dev@i.example", K2, "Cdev")))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("psk rotate");

            long g1 = reader.generation();
            writer.rotate("dev@i.example", PreSharedKey.fromHex(K2));
            PskCredential rotated = reader.lookup("dev@i.example").orElseThrow();
            assertThat(rotated.key()).isEqualTo(PreSharedKey.fromHex(K2)).isNotEqualTo(PreSharedKey.fromHex(K1));
            assertThat(rotated.allowedIds()).containsExactlyInAnyOrder("Cdev", "/id-mn");
            assertThat(reader.generation()).isGreaterThan(g1);
            PskEntry e = reader.entries().get(0);
            assertThat(e.created()).isEqualTo(T0);
            assertThat(e.rotated()).isEqualTo(T0);
            assertThat(Files.readString(PskFile.fileIn(data))).doesNotContain(K2);
            assertThatThrownBy(() -> writer.rotate("unknown@i.example", PreSharedKey.fromHex(K1)))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("unknown@i.example");

            assertThat(writer.remove("dev@i.example")).isTrue();
            assertThat(reader.lookup("dev@i.example")).isEmpty();
            assertThat(writer.remove("dev@i.example")).isFalse();
            try (Pkcs12Environment env = Pkcs12Environment.open(p12(), "PSK_P12", ENV)) {
                assertThat(env.presharedKey("dev@i.example")).as("the key left the keystore too").isEmpty();
            }
        }
    }

    @Test
    void aKeyReplacedInTheKeystoreFileAloneIsSeenToo() throws Exception {
        try (EnvironmentPskStore writer = keystoreStore(); EnvironmentPskStore reader = keystoreStore()) {
            writer.add(cred("side@i.example", K1, "Cside"));
            assertThat(reader.lookup("side@i.example").orElseThrow().key()).isEqualTo(PreSharedKey.fromHex(K1));
            long g = reader.generation();
            // another tool changes only the keystore: the cached key must not outlive the file version
            try (Pkcs12Environment other = Pkcs12Environment.open(p12(), "PSK_P12", ENV)) {
                other.storePresharedKey("side@i.example", PreSharedKey.fromHex(K2));
            }
            assertThat(reader.lookup("side@i.example").orElseThrow().key()).isEqualTo(PreSharedKey.fromHex(K2));
            assertThat(reader.generation()).isGreaterThan(g);
        }
    }

    @Test
    void aBindingWithoutItsKeyOrWithTheKeyElsewhereIsNotServedUntilRotatedIntoTheKeystore() throws Exception {
        FilePskStore file = new FilePskStore(bindings());
        file.add(cred("old@i.example", K1, "Cold"));
        try (EnvironmentPskStore store = keystoreStore()) {
            assertThat(store.lookup("old@i.example")).as("a key in the clear file is not used").isEmpty();
            assertThat(store.entries()).extracting(PskEntry::identity).containsExactly("old@i.example");

            store.rotate("old@i.example", PreSharedKey.fromHex(K2)); // moves it into the keystore
            assertThat(store.lookup("old@i.example").orElseThrow().key()).isEqualTo(PreSharedKey.fromHex(K2));
            assertThat(Files.readString(PskFile.fileIn(data))).doesNotContain(K1).doesNotContain(K2);
            assertThat(file.lookup("old@i.example")).isEmpty();
            assertThatThrownBy(() -> file.remove("old@i.example")).isInstanceOf(IllegalStateException.class);

            // the keystore lost the key (e.g. restored from an old backup): the binding alone authenticates nothing
            try (Pkcs12Environment other = Pkcs12Environment.open(p12(), "PSK_P12", ENV)) {
                assertThat(other.deletePresharedKey("old@i.example")).isTrue();
            }
            assertThat(store.lookup("old@i.example")).isEmpty();
        }
    }

    @Test
    void aDamagedOrForeignKeystoreFailsClosed() throws Exception {
        try (EnvironmentPskStore writer = keystoreStore(); EnvironmentPskStore reader = keystoreStore()) {
            writer.add(cred("d@i.example", K1, "Cd"));
            assertThat(reader.lookup("d@i.example")).isPresent();
            Files.write(p12(), new byte[] {1, 2, 3});
            assertThat(reader.lookup("d@i.example")).isEmpty();
            assertThatThrownBy(() -> writer.rotate("d@i.example", PreSharedKey.fromHex(K2)))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining(p12().toString())
                    .hasMessageNotContaining(K2);
            Files.delete(p12());
            writer.rotate("d@i.example", PreSharedKey.fromHex(K2));
            assertThat(reader.lookup("d@i.example").orElseThrow().key()).isEqualTo(PreSharedKey.fromHex(K2));
        }
        assertThatThrownBy(() -> Pkcs12Environment.openOrCreate(p12(), "X", Map.of("X", "not-it")::get))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("wrong password");
        assertThatThrownBy(() -> Pkcs12Environment.openOrCreate(p12(), "UNSET", ENV))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("UNSET");
    }

    @Test
    void anOpenAssociationIsRevokedWhenItsKeyIsRotatedOrRemoved() throws Exception {
        try (EnvironmentPskStore writer = keystoreStore(); EnvironmentPskStore reader = keystoreStore()) {
            writer.add(cred("assoc@i.example", K1, "Cassoc"));
            long before = reader.generation();
            SecurityAssociation old = reader.associate(reader.lookup("assoc@i.example").orElseThrow(), before);
            assertThat(old.authentication()).isInstanceOf(Authentication.Verified.class);

            writer.rotate("assoc@i.example", PreSharedKey.fromHex(K2));
            assertThat(old.authentication()).isInstanceOf(Authentication.Revoked.class);
            long now = reader.generation();
            SecurityAssociation fresh = reader.associate(reader.lookup("assoc@i.example").orElseThrow(), now);
            assertThat(fresh.authentication()).as("nothing changed since").isInstanceOf(Authentication.Verified.class);

            writer.remove("assoc@i.example");
            assertThat(fresh.authentication()).isInstanceOf(Authentication.Revoked.class);
        }
    }

    // ------------------------------------------------------------------------------------------- PKCS#11

    @Test
    void keysOnATokenReachAReaderWithItsOwnSessionWhenTheBindingsChange() throws Exception {
        SoftHsm hsm = SoftHsm.token();
        String id = "tok-" + System.nanoTime() + "@i.example";
        try (EnvironmentPskStore writer = EnvironmentPskStore.token(bindings(),
                Pkcs11Environment.open(hsm.configFile(data), SoftHsm.PIN_ENV, ENV));
             EnvironmentPskStore reader = EnvironmentPskStore.token(bindings(),
                     Pkcs11Environment.open(hsm.configFile(data), SoftHsm.PIN_ENV, ENV))) {
            assertThat(reader.lookup(id)).isEmpty();
            writer.add(cred(id, K1, "Ctok"));
            assertThat(reader.lookup(id).orElseThrow().key()).isEqualTo(PreSharedKey.fromHex(K1));
            assertThat(Files.readString(PskFile.fileIn(data))).contains("\"keyIn\" : \"pkcs11\"").doesNotContain(K1);

            writer.rotate(id, PreSharedKey.fromHex(K2));
            assertThat(reader.lookup(id).orElseThrow().key()).isEqualTo(PreSharedKey.fromHex(K2));

            assertThat(writer.remove(id)).isTrue();
            assertThat(reader.lookup(id)).isEmpty();
        }
        try (Pkcs11Environment env = Pkcs11Environment.open(hsm.configFile(data), SoftHsm.PIN_ENV, ENV)) {
            assertThat(env.presharedKey(id)).as("the key left the token").isEmpty();
        }
    }

    @Test
    void aTokenThatKeepsImportedSecretKeysSensitiveRefusesThePskAndKeepsNothing() throws Exception {
        SoftHsm hsm = SoftHsm.token();
        Path cfg = Files.writeString(data.resolve("sensitive.cfg"), "name = bastion-sensitive-" + System.nanoTime()
                + "\nlibrary = " + hsm.library + "\nslot = " + hsm.slot + "\n"
                + "attributes(import, CKO_SECRET_KEY, *) = {\n  CKA_SENSITIVE = true\n  CKA_EXTRACTABLE = false\n}\n");
        String id = "sens-" + System.nanoTime() + "@i.example";
        try (EnvironmentPskStore store = EnvironmentPskStore.token(bindings(),
                Pkcs11Environment.open(cfg, SoftHsm.PIN_ENV, ENV))) {
            assertThatThrownBy(() -> store.add(cred(id, K1, "Csens"))).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("CKA_EXTRACTABLE").hasMessageNotContaining(K1);
            assertThat(store.entries()).isEmpty();
        }
        try (Pkcs11Environment env = Pkcs11Environment.open(hsm.configFile(data), SoftHsm.PIN_ENV, ENV)) {
            env.refresh();
            assertThat(env.deletePresharedKey(id)).as("no key object was left on the token").isFalse();
        }
    }
}
