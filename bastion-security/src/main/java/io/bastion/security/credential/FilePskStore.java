package io.bastion.security.credential;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PSK credentials of a data folder, in {@code <data>/credentials/psk.json} (mode 600 and folder mode 700 where
 * the file system has POSIX permissions).
 *
 * <p>The file holds each key as hexadecimal text. That is acceptable for this milestone only: the secure-environment
 * abstraction of TS-0016 (keystore, PKCS#11) will replace it as the place keys live, behind the same
 * {@link PskStore} interface.
 *
 * <p>A running CSE sees changes made by another process ({@code ./bastion credentials psk add}) without a restart:
 * {@link #lookup} compares the file's modification time, size and file key with those of the last load, at most
 * once per {@code recheck} interval, and reloads when they differ. Writers replace the file atomically (a
 * temporary file renamed over it, under a lock file), so a reader never sees half a file. A file that cannot be
 * read or parsed fails closed: no credential is found until it is repaired, and an error is logged once per change.
 *
 * <p>Thread-safe.
 */
public final class FilePskStore implements PskStore {
    private static final Logger log = LoggerFactory.getLogger(FilePskStore.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The default interval between two checks of the file's modification time. */
    public static final Duration DEFAULT_RECHECK = Duration.ofMillis(200);
    static final int FORMAT_VERSION = 1;

    private final Path file;
    private final long recheckNanos;
    private volatile Snapshot snapshot = Snapshot.NEVER;
    private volatile long checkedAt;

    /** Where the PSK file of a data folder is. */
    public static Path fileIn(Path dataDir) {
        return dataDir.resolve("credentials").resolve("psk.json");
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
        this.file = Objects.requireNonNull(file, "file");
        if (recheck.isNegative()) {
            throw new IllegalArgumentException("recheck must not be negative");
        }
        this.recheckNanos = recheck.toNanos();
        this.checkedAt = System.nanoTime() - recheckNanos - 1;
    }

    public Path file() {
        return file;
    }

    @Override
    public Optional<PskCredential> lookup(String identity) {
        return Optional.ofNullable(current().byIdentity.get(identity));
    }

    /** Every credential, ordered by identity. Their keys are redacted in {@code toString}; never print them. */
    public List<PskCredential> list() {
        return current().byIdentity.values().stream()
                .sorted(Comparator.comparing(PskCredential::identity)).toList();
    }

    /**
     * Adds a credential.
     *
     * @throws IllegalStateException when the identity is already provisioned (remove it first)
     * @throws UncheckedIOException when the file cannot be read or written
     */
    public void add(PskCredential credential) {
        update(m -> {
            if (m.containsKey(credential.identity())) {
                throw new IllegalStateException("PSK identity " + credential.identity()
                        + " is already provisioned; remove it first to replace its key");
            }
            m.put(credential.identity(), credential);
            return true;
        });
    }

    /**
     * Removes a credential; the next handshake with that identity fails.
     *
     * @return whether the identity was provisioned
     */
    public boolean remove(String identity) {
        return update(m -> m.remove(identity) != null);
    }

    // ---------------------------------------------------------------------------------------------- reading

    private Snapshot current() {
        long now = System.nanoTime();
        Snapshot s = snapshot;
        if (s != Snapshot.NEVER && now - checkedAt < recheckNanos) {
            return s;
        }
        checkedAt = now;
        Stamp stamp = Stamp.of(file);
        if (stamp.equals(s.stamp)) {
            return s;
        }
        synchronized (this) {
            s = snapshot;
            if (!stamp.equals(s.stamp)) {
                s = load(stamp);
                snapshot = s;
            }
            return s;
        }
    }

    private Snapshot load(Stamp stamp) {
        if (stamp == Stamp.MISSING) {
            return new Snapshot(stamp, Map.of());
        }
        try {
            Map<String, PskCredential> m = read(file);
            if (snapshot == Snapshot.NEVER) {
                log.debug("loaded {} PSK credential(s) from {}", m.size(), file);
            } else {
                log.info("PSK credentials changed: {} provisioned in {}", m.size(), file);
            }
            return new Snapshot(stamp, Map.copyOf(m));
        } catch (IOException | RuntimeException e) {
            // Fail closed: a file that cannot be read provisions nothing (never the keys of an older version).
            log.error("cannot use the PSK credentials in {}: {}; no PSK handshake succeeds until it is repaired",
                    file, e.getMessage());
            return new Snapshot(stamp, Map.of());
        }
    }

    private static Map<String, PskCredential> read(Path file) throws IOException {
        Map<String, PskCredential> m = new LinkedHashMap<>();
        byte[] raw;
        try {
            raw = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return m;
        }
        JsonNode root;
        try {
            root = JSON.readTree(raw);
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
        if (root == null || !root.isObject() || !root.path("psk").isArray()) {
            throw new IOException("not a PSK credential file (no \"psk\" array)");
        }
        int i = 0;
        for (JsonNode n : root.path("psk")) {
            String id = n.path("identity").asText(null);
            String hex = n.path("key").asText(null);
            Set<String> ids = new LinkedHashSet<>();
            n.path("ids").forEach(x -> ids.add(x.asText()));
            try {
                PskCredential c = new PskCredential(id, PreSharedKey.fromHex(hex), ids);
                if (m.put(c.identity(), c) != null) {
                    throw new IllegalArgumentException("identity given twice");
                }
            } catch (IllegalArgumentException e) {
                throw new IOException("entry psk[" + i + "]: " + e.getMessage());
            }
            i++;
        }
        return m;
    }

    // ---------------------------------------------------------------------------------------------- writing

    private interface Change {
        boolean apply(Map<String, PskCredential> credentials);
    }

    private boolean update(Change change) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            createPrivateDirectory(dir);
            Path lockFile = dir.resolve(file.getFileName() + ".lock");
            try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = ch.lock()) {
                Map<String, PskCredential> m = read(file);
                boolean changed = change.apply(m);
                if (changed) {
                    write(dir, m);
                }
                checkedAt = System.nanoTime() - recheckNanos - 1; // the next lookup sees the change at once
                return changed;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot update " + file + ": " + e.getMessage(), e);
        }
    }

    private void write(Path dir, Map<String, PskCredential> m) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", FORMAT_VERSION);
        root.put("note", "Pre-shared keys for TLS-PSK. Keep this file private (mode 600). "
                + "Edit with ./bastion credentials psk add|list|remove.");
        ArrayNode arr = root.putArray("psk");
        List<PskCredential> sorted = new ArrayList<>(m.values());
        sorted.sort(Comparator.comparing(PskCredential::identity));
        for (PskCredential c : sorted) {
            ObjectNode n = arr.addObject();
            n.put("identity", c.identity());
            n.put("key", c.key().toHex());
            ArrayNode ids = n.putArray("ids");
            c.allowedIds().stream().sorted().forEach(ids::add);
        }
        byte[] bytes = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root)
                .concat("\n").getBytes(StandardCharsets.UTF_8);
        Path tmp = posix()
                ? Files.createTempFile(dir, ".psk", ".tmp", PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rw-------")))
                : Files.createTempFile(dir, ".psk", ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.WRITE)) {
                out.write(bytes);
            } finally {
                Arrays.fill(bytes, (byte) 0);
            }
            try (FileChannel fc = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                fc.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void createPrivateDirectory(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        if (posix()) {
            FileAttribute<?> mode = PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));
            Files.createDirectories(dir.getParent());
            try {
                Files.createDirectory(dir, mode);
            } catch (java.nio.file.FileAlreadyExistsException e) {
                // created concurrently
            }
        } else {
            Files.createDirectories(dir);
        }
    }

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    // ---------------------------------------------------------------------------------------------- state

    /** What identifies one version of the file: modification time, size and file key (inode). */
    private record Stamp(FileTime modified, long size, Object fileKey) {
        static final Stamp MISSING = new Stamp(FileTime.fromMillis(0), -1, "missing");
        static final Stamp UNREAD = new Stamp(FileTime.fromMillis(0), -2, "unread");

        static Stamp of(Path file) {
            try {
                BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
                return new Stamp(a.lastModifiedTime(), a.size(), a.fileKey());
            } catch (NoSuchFileException e) {
                return MISSING;
            } catch (IOException e) {
                // Unreadable attributes: force a load attempt, which fails closed and says why.
                return new Stamp(FileTime.fromMillis(System.currentTimeMillis()), -3, new Object());
            }
        }
    }

    private record Snapshot(Stamp stamp, Map<String, PskCredential> byIdentity) {
        static final Snapshot NEVER = new Snapshot(Stamp.UNREAD, Map.of());
    }
}
