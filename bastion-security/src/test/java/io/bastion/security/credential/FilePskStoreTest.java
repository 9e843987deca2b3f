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
