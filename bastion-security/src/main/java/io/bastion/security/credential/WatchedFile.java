package io.bastion.security.credential;

import java.util.Objects;

/**
 * A value read from one file and read again when the file changes (a new {@link PrivateFile.Stamp}), with a
 * generation that moves on whenever a reading gives a new value: what the certificate bindings and the certificate
 * revocation list share. {@link #generation()} looks at the file at most once per {@link FilePskStore#DEFAULT_RECHECK},
 * so it is cheap enough for every request; {@link #current()} looks every time. Thread-safe.
 */
public final class WatchedFile<T> {
    /** Reads the file; never throws: it decides what a file that cannot be used gives (e.g. {@code previous}). */
    @FunctionalInterface
    public interface Load<T> {
        T load(T previous);
    }

    private record Reading<T>(PrivateFile.Stamp stamp, T value, long generation) {
    }

    private final PrivateFile file;
    private final Load<T> load;
    private final Recheck recheck = new Recheck(FilePskStore.DEFAULT_RECHECK);
    private volatile Reading<T> reading;

    /** @param absent the value while the file does not exist, before any reading */
    public WatchedFile(PrivateFile file, T absent, Load<T> load) {
        this.file = Objects.requireNonNull(file, "file");
        this.load = Objects.requireNonNull(load, "load");
        this.reading = new Reading<>(PrivateFile.Stamp.MISSING, absent, 0);
    }

    /** The value of the file as it is now, read again if it changed. */
    public T current() {
        PrivateFile.Stamp stamp = file.stamp();
        Reading<T> r = reading;
        if (r.stamp().equals(stamp)) {
            return r.value();
        }
        synchronized (this) {
            r = reading;
            if (!r.stamp().equals(stamp)) {
                T value = load.load(r.value());
                r = new Reading<>(stamp, value, value == r.value() ? r.generation() : r.generation() + 1);
                reading = r;
            }
            return r.value();
        }
    }

    /** Moves on whenever a new reading gave a new value. */
    public long generation() {
        if (recheck.due()) {
            current();
        }
        return reading.generation();
    }

    /** Makes the next {@link #generation()} look at the file, e.g. after this process changed it. */
    public void expire() {
        recheck.expire();
    }
}
