package io.bastion.security.credential;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PSK credentials of a data folder with their keys in the file itself ({@code psk.source=file}, the default):
 * {@code <data>/credentials/psk.json} ({@link PskFile}: mode 600 and folder mode 700 where the file system has POSIX
 * permissions, replaced atomically).
 *
 * <p>The file holds each key as hexadecimal text. The secure-environment abstraction of TS-0016 can hold the keys
 * instead ({@code io.bastion.security.environment.EnvironmentPskStore}, {@code psk.source=keystore|pkcs11}); the
 * file then records only the bindings. Entries whose key a secure environment holds are not served here (a warning
 * names them once per change of the file), and this store neither rotates nor removes them.
 *
 * <p>A running CSE sees changes made by another process ({@code ./bastion credentials psk add}) without a restart:
 * {@link #lookup} compares the file's modification time, size and file key with those of the last load, at most
 * once per {@code recheck} interval, and reloads when they differ. Writers replace the file atomically (a
 * temporary file renamed over it, under a lock file), so a reader never sees half a file. Each load moves
 * {@link #generation()} on, which is how open associations learn that their credential must be checked again. A
 * file that cannot be read or parsed fails closed: no credential is found until it is repaired, and an error is
 * logged once per change.
 *
 * <p>Thread-safe.
 */
public final class FilePskStore implements EditablePskStore {
    private static final Logger log = LoggerFactory.getLogger(FilePskStore.class);
    /** The default interval between two checks of the file's modification time. */
    public static final Duration DEFAULT_RECHECK = PskFile.DEFAULT_RECHECK;

    private final PskFile file;
    private volatile long reportedGeneration;

    /** Where the PSK file of a data folder is. */
    public static Path fileIn(Path dataDir) {
        return PskFile.fileIn(dataDir);
    }

    /** The store of {@code dataDir}, checking for changes at most every {@link #DEFAULT_RECHECK}. */
    public static FilePskStore inDataDir(Path dataDir) {
        return new FilePskStore(fileIn(dataDir), DEFAULT_RECHECK);
    }

    /**
     * @param file the JSON file (it need not exist yet: an absent file holds no credentials)
     * @param recheck how long a lookup trusts the last check of the file; zero checks on every lookup
     */
    public FilePskStore(Path file, Duration recheck) {
        this(new PskFile(file, recheck, Clock.systemUTC()));
    }

    /** The store over {@code file} (whose clock gives the creation and rotation times). */
    public FilePskStore(PskFile file) {
        this.file = Objects.requireNonNull(file, "file");
    }

    public Path file() {
        return file.path();
    }

    @Override
    public Optional<PskCredential> lookup(String identity) {
        PskEntry e = identity == null ? null : current().entries().get(identity);
        return e == null ? Optional.empty() : e.credential();
    }

    /**
     * Moves on each time the file was loaded again (added, removed or re-keyed identities): the cheap test, made for
     * every request over an open association, of whether its credential must be checked again
     * ({@link PskStore#associate}). Looks at the file at most once per recheck interval, like {@link #lookup}.
     */
    @Override
    public long generation() {
        return current().generation();
    }

    /** Every credential with its key in the file, ordered by identity. Keys are redacted in {@code toString}. */
    public List<PskCredential> list() {
        return current().sorted().stream().flatMap(e -> e.credential().stream()).toList();
    }

    @Override
    public List<PskEntry> entries() {
        return current().sorted();
    }

    @Override
    public String describe() {
        return file.path().toString();
    }

    /**
     * Adds a credential.
     *
     * @throws IllegalStateException when the identity is already provisioned (rotate or remove it instead)
     * @throws UncheckedIOException when the file cannot be read or written
     */
    @Override
    public void add(PskCredential credential) {
        file.update(m -> {
            if (m.containsKey(credential.identity())) {
                throw new IllegalStateException("PSK identity " + credential.identity()
                        + " is already provisioned; replace its key with psk rotate, or remove it first");
            }
            m.put(credential.identity(), new PskEntry(credential.identity(), credential.allowedIds(),
                    new PskEntry.InFile(credential.key()), file.now(), null));
            return null;
        });
    }

    /**
     * Replaces the key of a provisioned identity, keeping its IDs; associations still open with the old key are
     * refused at their next request ({@link PskStore#associate}).
     *
     * @throws IllegalStateException when the identity is not provisioned, or a secure environment holds its key
     * @throws UncheckedIOException when the file cannot be read or written
     */
    @Override
    public void rotate(String identity, PreSharedKey key) {
        file.update(m -> {
            PskEntry e = m.get(identity);
            if (e == null) {
                throw new IllegalStateException("no PSK identity " + identity + " is provisioned in " + file.path()
                        + "; add it with psk add");
            }
            refuseHeld(e, "rotate");
            m.put(identity, e.rotatedTo(new PskEntry.InFile(key), file.now()));
            return null;
        });
    }

    /**
     * Removes a credential; the next handshake with that identity fails, and associations still open with it are
     * refused at their next request ({@link PskStore#associate}).
     *
     * @return whether the identity was provisioned
     * @throws IllegalStateException when a secure environment holds its key (remove it through that store)
     */
    @Override
    public boolean remove(String identity) {
        return file.update(m -> {
            PskEntry e = m.get(identity);
            if (e == null) {
                return false;
            }
            refuseHeld(e, "remove");
            m.remove(identity);
            return true;
        });
    }

    private static void refuseHeld(PskEntry e, String action) {
        if (e.key() instanceof PskEntry.Held h) {
            throw new IllegalStateException("the key of PSK identity " + e.identity() + " is held by " + h.holder()
                    + ": " + action + " it with the configuration that selects psk.source=" + h.holder());
        }
    }

    /** The file's entries, naming once per version those whose key this store does not have. */
    private PskFile.Snapshot current() {
        PskFile.Snapshot s = file.current();
        if (s.generation() != reportedGeneration) {
            reportedGeneration = s.generation();
            List<String> held = s.sorted().stream().filter(e -> e.key() instanceof PskEntry.Held)
                    .map(e -> e.identity() + " (" + e.keyPlace() + ")").toList();
            if (!held.isEmpty()) {
                log.warn("PSK keys are taken from {} (psk.source=file), so these identities, whose keys a secure "
                        + "environment holds, cannot be used: {}", file.path(), String.join(", ", held));
            }
        }
        return s;
    }
}
