package io.bastion.security.credential;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A file holding secrets or their bindings: only its owner may read it (mode 600 in a folder of mode 700 where the
 * file system has POSIX permissions), writers replace it atomically (a temporary file, flushed, renamed over it)
 * under a lock shared by every process and thread, and readers notice a new version by its {@link Stamp}. Used by
 * the PSK credential file and the PKCS#12 keystore that can hold the PSKs.
 */
public final class PrivateFile {
    /** One in-process lock per file: a {@link FileLock} is held by the whole JVM and cannot order its threads. */
    private static final ConcurrentHashMap<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();

    private final Path file;

    public PrivateFile(Path file) {
        this.file = Objects.requireNonNull(file, "file").toAbsolutePath().normalize();
    }

    public Path path() {
        return file;
    }

    /** What identifies the current version of the file ({@link Stamp#MISSING} when there is none). */
    public Stamp stamp() {
        return Stamp.of(file);
    }

    /** The content, or null when the file does not exist. */
    public byte[] readOrNull() throws IOException {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /** Work done while holding the file's lock. */
    @FunctionalInterface
    public interface Locked<T> {
        T run() throws IOException;
    }

    /**
     * Runs {@code work} holding the lock of the file (a sibling {@code <name>.lock} locked across processes, and an
     * in-process lock), creating the private folder first. Read, change and {@link #replace} inside it.
     */
    public <T> T locked(Locked<T> work) throws IOException {
        Path dir = file.getParent();
        createPrivateDirectory(dir);
        ReentrantLock jvm = JVM_LOCKS.computeIfAbsent(file, f -> new ReentrantLock());
        jvm.lock();
        try (FileChannel ch = FileChannel.open(dir.resolve(file.getFileName() + ".lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
             FileLock ignored = ch.lock()) {
            return work.run();
        } finally {
            jvm.unlock();
        }
    }

    /** Replaces the content atomically and durably with a file of mode 600; call it inside {@link #locked}. */
    public void replace(byte[] content) throws IOException {
        Path dir = file.getParent();
        createPrivateDirectory(dir);
        String name = "." + file.getFileName();
        Path tmp = posix()
                ? Files.createTempFile(dir, name, ".tmp", PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rw-------")))
                : Files.createTempFile(dir, name, ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.WRITE)) {
                out.write(content);
            }
            try (FileChannel fc = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                fc.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            // the rename itself survives a power loss only once the folder is on disk too
            try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
                d.force(true);
            } catch (IOException e) {
                // some file systems cannot open a folder: the rename is then as durable as they make it
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Creates {@code dir} (and its parents) with mode 700 for the last level where POSIX permissions exist. */
    public static void createPrivateDirectory(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        if (posix()) {
            Files.createDirectories(dir.getParent());
            try {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rwx------")));
            } catch (FileAlreadyExistsException e) {
                // created concurrently
            }
        } else {
            Files.createDirectories(dir);
        }
    }

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    /**
     * What identifies one version of a file: modification time, size and file key (inode). An atomic replacement
     * always gives a new file key, so a change is seen even within the clock's resolution.
     */
    public record Stamp(FileTime modified, long size, Object fileKey) {
        /** The stamp of an absent file. */
        public static final Stamp MISSING = new Stamp(FileTime.fromMillis(0), -1, "missing");
        /** A stamp no file has: the state before the first read. */
        public static final Stamp UNREAD = new Stamp(FileTime.fromMillis(0), -2, "unread");

        /** The stamp of {@code file} now. */
        public static Stamp of(Path file) {
            try {
                BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
                return new Stamp(a.lastModifiedTime(), a.size(), a.fileKey());
            } catch (NoSuchFileException e) {
                return MISSING;
            } catch (IOException e) {
                // Unreadable attributes: a stamp equal to no other forces a read, which fails and says why.
                return new Stamp(FileTime.fromMillis(System.currentTimeMillis()), -3, new Object());
            }
        }
    }
}
