package io.bastion.security.certificate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bastion.security.credential.FilePskStore;
import io.bastion.security.credential.PrivateFile;
import io.bastion.security.credential.WatchedFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's deny list of certificates: SHA-256 fingerprints of end-entity, intermediate or CA certificates that
 * no chain may contain, in {@code <data>/credentials/revoked-certs.json}
 * ({@code {"revoked": {"<sha256>": "<when revoked>"}}}), written by {@code bastion credentials cert revoke}. A running
 * CSE reads the file again when it changes (at every handshake, and at most every
 * {@link FilePskStore#DEFAULT_RECHECK} for the requests of open associations), so a revocation takes effect without a
 * restart: new handshakes fail and open associations are refused at their next request.
 *
 * <p>This is a local list only: CRLs and OCSP (RFC 5280, RFC 6960) are neither fetched nor consulted. A file that
 * cannot be read or parsed fails closed: every certificate is refused until it is repaired, since a deny list that
 * cannot be read might deny the certificate at hand.
 *
 * <p>Thread-safe; a {@link PrivateFile}: writers of several processes are serialized by a lock file and replace the
 * file atomically (mode 600).
 */
public final class CertificateRevocations {
    private static final Logger log = LoggerFactory.getLogger(CertificateRevocations.class);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * One reading of the file.
     *
     * @param broken why the file is unusable, or null
     */
    private record Snapshot(Map<String, Instant> revoked, String broken) {
    }

    private final Path file;
    private final PrivateFile privateFile;
    private final WatchedFile<Snapshot> watched;

    public CertificateRevocations(Path file) {
        this.file = Objects.requireNonNull(file, "file");
        this.privateFile = new PrivateFile(file);
        this.watched = new WatchedFile<>(privateFile, new Snapshot(Map.of(), null), previous -> load());
    }

    /** The file {@code credentials/revoked-certs.json} in a data folder. */
    public static CertificateRevocations inDataDir(Path dataDir) {
        return new CertificateRevocations(dataDir.resolve("credentials").resolve("revoked-certs.json"));
    }

    public Path file() {
        return file;
    }

    /** Every revoked fingerprint with the time it was revoked, sorted by fingerprint. */
    public Map<String, Instant> all() {
        return current().revoked();
    }

    /** Why the file cannot be used (every certificate is refused meanwhile), or null when it can. */
    public String unreadable() {
        return current().broken();
    }

    /** Whether the certificate with this fingerprint (in normal form) is revoked. */
    public boolean isRevoked(String fingerprint) {
        return current().revoked().containsKey(fingerprint);
    }

    /**
     * Refuses {@code certificates} when one of them is revoked, naming it, or when the list cannot be read.
     *
     * @throws CertificateRefusedException naming the first revoked certificate
     */
    public void check(Collection<X509Certificate> certificates) throws CertificateRefusedException {
        Snapshot s = current();
        if (s.broken() != null) {
            throw new CertificateRefusedException("the certificate revocation list " + file + " cannot be read ("
                    + s.broken() + "); no certificate is accepted until it is repaired");
        }
        if (s.revoked().isEmpty()) {
            return;
        }
        for (X509Certificate c : certificates) {
            String fp = Certificates.fingerprint(c);
            Instant at = s.revoked().get(fp);
            if (at != null) {
                throw new CertificateRefusedException(CertificateProfile.describe(c) + " (sha256 " + fp
                        + ") was revoked by the operator on " + at);
            }
        }
    }

    /**
     * Moves on whenever the file was read again after a change: cheap enough for every request (the file is looked
     * at at most once per {@link FilePskStore#DEFAULT_RECHECK}).
     */
    public long generation() {
        return watched.generation();
    }

    /**
     * Revokes the certificate with this fingerprint (any form {@link Certificates#normalizeFingerprint} accepts).
     *
     * @return false when it was revoked already
     * @throws IllegalArgumentException when it is not a SHA-256 fingerprint
     * @throws UncheckedIOException when the file cannot be read or written
     */
    public boolean revoke(String fingerprint, Instant at) {
        String fp = normalize(fingerprint);
        return update(m -> m.putIfAbsent(fp, at) == null);
    }

    /**
     * Takes a revocation back; the certificate may be used again at new handshakes (associations refused meanwhile
     * stay closed).
     *
     * @return whether it was revoked
     */
    public boolean unrevoke(String fingerprint) {
        String fp = normalize(fingerprint);
        return update(m -> m.remove(fp) != null);
    }

    private static String normalize(String fingerprint) {
        String fp = Certificates.normalizeFingerprint(fingerprint);
        if (fp == null) {
            throw new IllegalArgumentException("not a SHA-256 fingerprint (64 hex digits, colons allowed): "
                    + fingerprint);
        }
        return fp;
    }

    // ---------------------------------------------------------------------------------------------- reading

    private Snapshot current() {
        return watched.current();
    }

    private Snapshot load() {
        try {
            Map<String, Instant> m = read();
            log.debug("{} certificate(s) revoked in {}", m.size(), file);
            return new Snapshot(m, null);
        } catch (IOException | RuntimeException e) {
            log.error("cannot use the certificate revocation list {}: {}; every client certificate is refused"
                    + " until it is repaired", file, e.getMessage());
            return new Snapshot(Map.of(), e.getMessage());
        }
    }

    private Map<String, Instant> read() throws IOException {
        byte[] raw = privateFile.readOrNull();
        if (raw == null) {
            return Map.of();
        }
        JsonNode root = JSON.readTree(raw);
        JsonNode r = root == null ? null : root.get("revoked");
        if (r == null || !r.isObject()) {
            throw new IOException("not a revocation list (no \"revoked\" object)");
        }
        Map<String, Instant> out = new TreeMap<>();
        for (Map.Entry<String, JsonNode> e : r.properties()) {
            String fp = Certificates.normalizeFingerprint(e.getKey());
            if (fp == null) {
                throw new IOException("'" + e.getKey() + "' is not a SHA-256 fingerprint");
            }
            try {
                out.put(fp, Instant.parse(e.getValue().asText()));
            } catch (DateTimeParseException bad) {
                throw new IOException("the revocation time of " + fp + " is not an instant like "
                        + "2026-01-31T12:00:00Z");
            }
        }
        return Collections.unmodifiableMap(out);
    }

    // ---------------------------------------------------------------------------------------------- writing

    private interface Change {
        boolean apply(Map<String, Instant> revoked);
    }

    private synchronized boolean update(Change change) {
        boolean changed;
        try {
            changed = privateFile.locked(() -> {
                Map<String, Instant> m = new TreeMap<>(read());
                if (!change.apply(m)) {
                    return false;
                }
                privateFile.replace(serialize(m));
                return true;
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot update " + file + ": " + e.getMessage(), e);
        }
        if (changed) {
            watched.expire();
        }
        return changed;
    }

    private static byte[] serialize(Map<String, Instant> revoked) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", 1);
        root.put("note", "Certificates no chain may contain (SHA-256 fingerprint -> when revoked). "
                + "Edit with ./bastion credentials cert revoke|unrevoke.");
        ObjectNode r = root.putObject("revoked");
        revoked.forEach((fp, at) -> r.put(fp, at.toString()));
        return JSON.writeValueAsBytes(root);
    }
}
