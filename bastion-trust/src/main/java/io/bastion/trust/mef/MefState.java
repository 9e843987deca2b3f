package io.bastion.trust.mef;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.function.Function;

/**
 * The MEF's durable state ({@link MefData}) in one JSON file, changed only by read-modify-write under an exclusive
 * file lock, so that the running MEF and the {@code bastion mef} commands of the operator never lose each other's
 * changes. Each change is written to a temporary file, forced to disk and renamed over the old one (and the folder
 * forced) before {@link #update} returns: a response acknowledging a change is sent only after that, so a
 * {@code kill -9} loses no acknowledged registration or command report. Keys are not here (the secure environment
 * holds them).
 */
final class MefState {
    private static final ObjectMapper JSON = new ObjectMapper()
            .setVisibility(PropertyAccessor.ALL, JsonAutoDetect.Visibility.NONE)
            .setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.PUBLIC_ONLY)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final Path dir;
    private final Path file;
    private final Path lock;

    MefState(Path dir) {
        this.dir = dir;
        this.file = dir.resolve("state.json");
        this.lock = dir.resolve("state.lock");
    }

    Path file() {
        return file;
    }

    /** A snapshot (read under the lock). */
    MefData read() {
        return update(d -> d, false);
    }

    /** Runs {@code look} on the current state under the lock, for an answer that changes nothing (nothing written). */
    <T> T query(Function<MefData, T> look) {
        return update(look, false);
    }

    /** Applies {@code change} to the current state and makes the result durable before returning. */
    <T> T update(Function<MefData, T> change) {
        return update(change, true);
    }

    private synchronized <T> T update(Function<MefData, T> change, boolean write) {
        try {
            Files.createDirectories(dir);
            try (FileChannel lc = FileChannel.open(lock, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = lc.lock()) {
                MefData data = Files.exists(file) ? JSON.readValue(file.toFile(), MefData.class) : new MefData();
                T result = change.apply(data);
                if (write) {
                    writeDurably(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(data));
                }
                return result;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write the MEF state " + file, e);
        }
    }

    private void writeDurably(byte[] bytes) throws IOException {
        Path tmp = dir.resolve("state.json.tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(java.nio.ByteBuffer.wrap(bytes));
            ch.force(true);
        }
        try {
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException ignored) {
            // not a POSIX file system: the folder's own protection applies
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException ignored) {
            // some file systems cannot open a folder; the rename is then as durable as they make it
        }
    }
}
