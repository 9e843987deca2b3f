package io.bastion.trust.mef;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bastion.security.credential.PrivateFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Function;

/**
 * The MEF's durable state ({@link MefData}) in one JSON file, changed only by read-modify-write under the file's lock
 * ({@link PrivateFile}: across processes and threads), so that the running MEF and the {@code bastion mef} commands of
 * the operator never lose each other's changes. A change is written to a private temporary file, forced to disk and
 * renamed over the old one before {@link #update} returns: a response acknowledging a change is sent only after that,
 * so a {@code kill -9} loses no acknowledged registration or command report. A change that leaves the state as it was
 * (a poll with no new command, a reissue) writes nothing. Keys are not here (the secure environment holds them).
 */
final class MefState {
    private static final ObjectMapper JSON = new ObjectMapper()
            .setVisibility(PropertyAccessor.ALL, JsonAutoDetect.Visibility.NONE)
            .setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.PUBLIC_ONLY)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final PrivateFile file;

    MefState(Path dir) {
        this.file = new PrivateFile(dir.resolve("state.json"));
    }

    Path file() {
        return file.path();
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

    private <T> T update(Function<MefData, T> change, boolean write) {
        try {
            return file.locked(() -> {
                byte[] before = file.readOrNull();
                MefData data = before == null ? new MefData() : JSON.readValue(before, MefData.class);
                T result = change.apply(data);
                if (write) {
                    byte[] after = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(data);
                    if (!Arrays.equals(before, after)) {
                        file.replace(after);
                    }
                }
                return result;
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write the MEF state " + file.path(), e);
        }
    }
}
