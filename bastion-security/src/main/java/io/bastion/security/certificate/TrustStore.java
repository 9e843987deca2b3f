package io.bastion.security.certificate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.cert.CertificateException;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import io.bastion.security.credential.FilePskStore;
import io.bastion.security.credential.Recheck;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CA certificates this CSE trusts for client certificates: one file per CA in a folder
 * ({@code <data>/credentials/trust/}), named {@code <sha256>.pem} when added through {@link #add}; any
 * {@code .pem}, {@code .crt}, {@code .cer} or {@code .der} file put there by hand counts too (a PEM file may hold a
 * bundle). The folder is looked at again whenever {@link #anchors()} is asked and a file was added, removed or
 * changed since, so a running server picks up {@code bastion credentials cert trust} without a restart. A file that
 * cannot be read, or a certificate that is not a P-256 CA certificate, is skipped with a warning. Each time the
 * folder is read again {@link #generation()} moves on, so that open associations are checked again
 * ({@link CertificateAuthenticator#associate}).
 */
public final class TrustStore {
    private static final Logger log = LoggerFactory.getLogger(TrustStore.class);
    private static final List<String> SUFFIXES = List.of(".pem", ".crt", ".cer", ".der");

    /** A trusted CA certificate and the file it came from. */
    public record Entry(X509Certificate certificate, String fingerprint, Path file) {
    }

    /** One reading of the folder; {@code generation} counts the readings. */
    private record Snapshot(Map<Path, String> stamp, List<Entry> entries, Set<TrustAnchor> anchors,
                            long generation) {
    }

    private final Path dir;
    /** The one file name looked at ({@link #ofFile}), or null for every candidate file of the folder. */
    private final String only;
    private final Recheck recheck = new Recheck(FilePskStore.DEFAULT_RECHECK);
    private volatile Snapshot snapshot = new Snapshot(Map.of(), List.of(), Set.of(), 0);

    public TrustStore(Path dir) {
        this(dir, null);
    }

    private TrustStore(Path dir, String only) {
        this.dir = Objects.requireNonNull(dir, "dir");
        this.only = only;
    }

    /**
     * The CAs of one file (a PEM bundle or a DER certificate, whatever its name), re-read when it changes: for a
     * server that is given its trusted CAs on the command line (e.g. the DAS's {@code --trust}).
     */
    public static TrustStore ofFile(Path file) {
        Path abs = file.toAbsolutePath();
        return new TrustStore(abs.getParent(), abs.getFileName().toString());
    }

    /** The folder {@code credentials/trust} in a data folder. */
    public static TrustStore inDataDir(Path dataDir) {
        return new TrustStore(dataDir.resolve("credentials").resolve("trust"));
    }

    public Path dir() {
        return dir;
    }

    /** The trusted CAs as they are in the folder now. */
    public List<Entry> entries() {
        return current().entries();
    }

    /** The trust anchors for PKIX validation, as they are in the folder now. */
    public Set<TrustAnchor> anchors() {
        return current().anchors();
    }

    /**
     * Moves on whenever the folder was read again after a change: cheap enough for every request (the folder is
     * looked at at most once per {@link FilePskStore#DEFAULT_RECHECK}).
     */
    public long generation() {
        if (recheck.due()) {
            current();
        }
        return snapshot.generation();
    }

    /** The trusted CA certificates (for the certificate_authorities a TLS server announces). */
    public X509Certificate[] certificates() {
        return current().entries().stream().map(Entry::certificate).toArray(X509Certificate[]::new);
    }

    /**
     * Trusts a CA certificate: writes it as {@code <sha256>.pem}.
     *
     * @return the entry, or the existing one when it was trusted already
     * @throws CertificateRefusedException when it is not a CA certificate with a P-256 key
     */
    public synchronized Entry add(X509Certificate ca) throws CertificateRefusedException {
        CertificateProfile.checkTrustAnchor(ca);
        String fp = Certificates.fingerprint(ca);
        for (Entry e : entries()) {
            if (e.fingerprint().equals(fp)) {
                return e;
            }
        }
        Path file = dir.resolve(fp + ".pem");
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, ".trust-", ".tmp");
            Files.writeString(tmp, Certificates.pem(ca), StandardCharsets.US_ASCII);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        recheck.expire();
        return new Entry(ca, fp, file);
    }

    /**
     * Stops trusting the CA with this fingerprint (in any form {@link Certificates#normalizeFingerprint} accepts);
     * a file holding a bundle loses that certificate only.
     *
     * @return whether it was trusted
     */
    public synchronized boolean remove(String fingerprint) {
        String fp = Certificates.normalizeFingerprint(fingerprint);
        if (fp == null) {
            throw new IllegalArgumentException("not a SHA-256 fingerprint (64 hex digits, colons allowed): "
                    + fingerprint);
        }
        boolean removed = false;
        Map<Path, List<Entry>> byFile = new LinkedHashMap<>();
        for (Entry e : entries()) {
            byFile.computeIfAbsent(e.file(), f -> new ArrayList<>()).add(e);
        }
        for (Map.Entry<Path, List<Entry>> f : byFile.entrySet()) {
            List<Entry> keep = f.getValue().stream().filter(e -> !e.fingerprint().equals(fp)).toList();
            if (keep.size() == f.getValue().size()) {
                continue;
            }
            removed = true;
            try {
                if (keep.isEmpty()) {
                    Files.deleteIfExists(f.getKey());
                } else {
                    StringBuilder pem = new StringBuilder();
                    keep.forEach(e -> pem.append(Certificates.pem(e.certificate())));
                    Files.writeString(f.getKey(), pem, StandardCharsets.US_ASCII);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot change " + f.getKey(), e);
            }
        }
        recheck.expire();
        return removed;
    }

    private Snapshot current() {
        Map<Path, String> stamp = stamp();
        Snapshot s = snapshot;
        if (s.stamp().equals(stamp)) {
            return s;
        }
        synchronized (this) {
            s = snapshot;
            if (!s.stamp().equals(stamp)) {
                s = load(stamp);
                snapshot = s;
            }
            return s;
        }
    }

    /** File name → size, modification time and file key of every candidate file: changes when any file does. */
    private Map<Path, String> stamp() {
        Map<Path, String> m = new LinkedHashMap<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                if (only != null ? !p.getFileName().toString().equals(only) : !isCandidate(p)) {
                    continue;
                }
                try {
                    BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
                    if (a.isRegularFile()) {
                        m.put(p, a.size() + "/" + a.lastModifiedTime() + "/" + a.fileKey());
                    }
                } catch (NoSuchFileException gone) {
                    // removed while listing
                }
            }
        } catch (NoSuchFileException e) {
            return Map.of();
        } catch (IOException e) {
            log.warn("cannot list trusted CA certificates in {}: {}", dir, e.toString());
            return snapshot.stamp();
        }
        return m;
    }

    private static boolean isCandidate(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return !n.startsWith(".") && SUFFIXES.stream().anyMatch(n::endsWith);
    }

    private Snapshot load(Map<Path, String> stamp) {
        List<Entry> entries = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        List<Path> files = new ArrayList<>(stamp.keySet());
        files.sort(Comparator.naturalOrder());
        for (Path f : files) {
            List<X509Certificate> certs;
            try {
                certs = Certificates.parse(Files.readAllBytes(f));
            } catch (IOException | CertificateException e) {
                log.warn("trusted CA file {} skipped: {}", f, e.getMessage());
                continue;
            }
            for (X509Certificate c : certs) {
                try {
                    CertificateProfile.checkTrustAnchor(c);
                } catch (CertificateRefusedException e) {
                    log.warn("trusted CA file {}: {} - skipped", f, e.getMessage());
                    continue;
                }
                String fp = Certificates.fingerprint(c);
                if (seen.add(fp)) {
                    entries.add(new Entry(c, fp, f));
                }
            }
        }
        Set<TrustAnchor> anchors = new HashSet<>();
        entries.forEach(e -> anchors.add(new TrustAnchor(e.certificate(), null)));
        log.debug("trusting {} CA certificate(s) from {}", entries.size(), dir);
        return new Snapshot(Map.copyOf(stamp), List.copyOf(entries), Set.copyOf(anchors),
                snapshot.generation() + 1);
    }
}
