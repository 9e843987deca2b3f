package io.bastion.security.credential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilePskStoreTest {
    static final String HEX = "00112233445566778899aabbccddeeff";

    @TempDir
    Path data;

    static PskCredential cred(String id, String... ids) {
        return new PskCredential(id, PreSharedKey.fromHex(HEX), Set.of(ids));
    }

    @Test
    void anAbsentFileHoldsNoCredentials() {
        FilePskStore s = FilePskStore.inDataDir(data);
        assertThat(s.lookup("d@i.example")).isEmpty();
        assertThat(s.list()).isEmpty();
    }

    @Test
    void addListRemoveRoundTripThroughThePrivateFile() throws Exception {
        FilePskStore s = new FilePskStore(FilePskStore.fileIn(data), Duration.ZERO);
        s.add(cred("b@i.example", "Cb"));
        s.add(cred("a@i.example", "Ca", "/id-mn"));
        assertThat(s.list()).extracting(PskCredential::identity).containsExactly("a@i.example", "b@i.example");
        assertThat(s.lookup("a@i.example").orElseThrow().allowedIds()).containsExactlyInAnyOrder("Ca", "/id-mn");
        assertThat(s.lookup("a@i.example").orElseThrow().key()).isEqualTo(PreSharedKey.fromHex(HEX));
        assertThatThrownBy(() -> s.add(cred("a@i.example", "Cx"))).isInstanceOf(IllegalStateException.class);
        assertThat(s.remove("a@i.example")).isTrue();
        assertThat(s.remove("a@i.example")).isFalse();
        assertThat(s.lookup("a@i.example")).isEmpty();
        Path file = FilePskStore.fileIn(data);
        if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
                    .isEqualTo("rwx------");
        }
    }

    @Test
    void aRunningReaderSeesChangesMadeByAnotherWriter() {
        FilePskStore reader = new FilePskStore(FilePskStore.fileIn(data), Duration.ZERO);
        FilePskStore writer = new FilePskStore(FilePskStore.fileIn(data), Duration.ZERO);
        assertThat(reader.lookup("late@i.example")).isEmpty();
        writer.add(cred("late@i.example", "Clate"));
        assertThat(reader.lookup("late@i.example")).isPresent();
        writer.remove("late@i.example");
        assertThat(reader.lookup("late@i.example")).isEmpty();
    }

    @Test
    void rotateReplacesTheKeyKeepsTheIdsAndRecordsWhen() throws Exception {
        java.time.Instant t0 = java.time.Instant.parse("2026-03-01T10:00:00Z");
        FilePskStore s = new FilePskStore(new PskFile(FilePskStore.fileIn(data), Duration.ZERO,
                java.time.Clock.fixed(t0, java.time.ZoneOffset.UTC)));
        s.add(cred("r@i.example", "Cr", "/id-mn"));
        long before = s.generation();
        PreSharedKey fresh = PreSharedKey.fromHex("ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100");
        s.rotate("r@i.example", fresh);
        PskCredential now = s.lookup("r@i.example").orElseThrow();
        assertThat(now.key()).isEqualTo(fresh);
        assertThat(now.allowedIds()).containsExactlyInAnyOrder("Cr", "/id-mn");
        assertThat(s.generation()).isGreaterThan(before);
        PskEntry e = s.entries().get(0);
        assertThat(e.created()).isEqualTo(t0);
        assertThat(e.rotated()).isEqualTo(t0);
        assertThatThrownBy(() -> s.rotate("nobody@i.example", fresh)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("nobody@i.example");
        assertThat(Files.readString(FilePskStore.fileIn(data))).doesNotContain(HEX)
                .contains("\"rotated\" : \"2026-03-01T10:00:00Z\"");
    }

    @Test
    void entriesWhoseKeyAnEnvironmentHoldsAreKeptButNeitherServedNorChangedHere() throws Exception {
        Path file = FilePskStore.fileIn(data);
        Files.createDirectories(file.getParent());
        Files.writeString(file, """
                {"version": 1, "psk": [
                  {"identity": "held@i.example", "keyIn": "keystore", "ids": ["Ch"], "created": "2026-01-01T00:00:00Z"},
                  {"identity": "f@i.example", "key": "%s", "ids": ["Cf"]}
                ]}""".formatted(HEX));
        FilePskStore s = new FilePskStore(file, Duration.ZERO);
        assertThat(s.lookup("held@i.example")).isEmpty();
        assertThat(s.lookup("f@i.example")).isPresent();
        assertThat(s.list()).extracting(PskCredential::identity).containsExactly("f@i.example");
        assertThat(s.entries()).extracting(PskEntry::identity).containsExactly("f@i.example", "held@i.example");
        assertThat(s.entries().get(1).key()).isEqualTo(new PskEntry.Held("keystore"));
        assertThatThrownBy(() -> s.rotate("held@i.example", PreSharedKey.fromHex(HEX)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("psk.source=keystore");
        assertThatThrownBy(() -> s.remove("held@i.example")).isInstanceOf(IllegalStateException.class);
        s.add(cred("g@i.example", "Cg"));
        assertThat(s.entries()).extracting(PskEntry::identity)
                .containsExactly("f@i.example", "g@i.example", "held@i.example");
        assertThat(Files.readString(file)).contains("\"keyIn\" : \"keystore\"");
        // an entry with both a key and a holder is refused as a whole: fail closed
        Files.writeString(file, """
                {"psk": [{"identity": "x@i.example", "key": "%s", "keyIn": "pkcs11", "ids": ["Cx"]}]}"""
                .formatted(HEX));
        assertThat(s.lookup("f@i.example")).isEmpty();
        assertThat(s.entries()).isEmpty();
    }

    @Test
    void aDamagedFileFailsClosed() throws Exception {
        FilePskStore s = new FilePskStore(FilePskStore.fileIn(data), Duration.ZERO);
        s.add(cred("a@i.example", "Ca"));
        assertThat(s.lookup("a@i.example")).isPresent();
        Path file = FilePskStore.fileIn(data);
        Files.writeString(file, Files.readString(file).replace("\"Ca\"", "\"not an id\""));
        assertThat(s.lookup("a@i.example")).isEmpty();
        Files.writeString(file, "{ not json");
        assertThat(s.lookup("a@i.example")).isEmpty();
    }
}
