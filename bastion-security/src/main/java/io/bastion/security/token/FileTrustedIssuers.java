package io.bastion.security.token;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trusted token issuers of a data folder, in {@code <data>/credentials/token-issuers.json}:
 *
 * <pre>{@code
 * {
 *   "version": 1,
 *   "issuers": [
 *     { "issuer": "/id-das",
 *       "keys": [ {"kty": "EC", "crv": "P-256", "kid": "das-1", "x": "...", "y": "..."},
 *                 {"kty": "oct", "kid": "das-hs", "k": "...base64url, at least 32 bytes..."} ] },
 *     { "issuer": "/id-aa", "keys": [] }
 *   ]
 * }
 * }</pre>
 *
 * Keys are JSON Web Keys (RFC 7517): an EC P-256 public key verifies ES256, an octet key (a shared secret) HS256;
 * nothing else is accepted, and a private EC part ({@code d}) is refused, since it does not belong in a trust file.
 * An issuer with no keys is trusted for {@code <role>} resources only. The file holds secrets when it has HMAC keys:
 * keep it private (mode 600), like {@code psk.json}.
 *
 * <p>A running CSE sees changes without a restart: {@link #issuer} compares the file's modification time, size and
 * file key with those of the last load, at most once per {@code recheck} interval, and reloads when they differ.
 * A file that cannot be read or parsed fails closed: no issuer is trusted until it is repaired, and an error is
 * logged once per change. Thread-safe.
 */
public final class FileTrustedIssuers implements TrustedIssuers {
    private static final Logger log = LoggerFactory.getLogger(FileTrustedIssuers.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The default interval between two checks of the file's modification time. */
    public static final Duration DEFAULT_RECHECK = Duration.ofMillis(200);

    private final Path file;
    private final long recheckNanos;
    private volatile Snapshot snapshot = Snapshot.NEVER;
    private volatile long checkedAt;

    /** Where the file of a data folder is. */
    public static Path fileIn(Path dataDir) {
        return dataDir.resolve("credentials").resolve("token-issuers.json");
    }

    /** The issuers of {@code dataDir}, checking for changes at most every {@link #DEFAULT_RECHECK}. */
    public static FileTrustedIssuers inDataDir(Path dataDir) {
        return new FileTrustedIssuers(fileIn(dataDir), DEFAULT_RECHECK);
    }

    /**
     * @param file the JSON file (it need not exist: an absent file trusts nobody)
     * @param recheck how long a lookup trusts the last check of the file; zero checks on every lookup
     */
    public FileTrustedIssuers(Path file, Duration recheck) {
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
    public Optional<TrustedIssuer> issuer(String issuerId) {
        return issuerId == null ? Optional.empty() : Optional.ofNullable(current().byId.get(issuerId));
    }

    /** Every trusted issuer, in file order. */
    public List<TrustedIssuer> list() {
        return List.copyOf(current().byId.values());
    }

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
            Map<String, TrustedIssuer> m = read(file);
            log.info("token issuers: {} trusted from {}", m.size(), file);
            return new Snapshot(stamp, m);
        } catch (IOException | RuntimeException e) {
            log.error("cannot use the token issuers in {}: {}; no token or role is accepted until it is repaired",
                    file, e.getMessage());
            return new Snapshot(stamp, Map.of());
        }
    }

    /** Reads and checks a file; the message of the exception names the bad entry. */
    static Map<String, TrustedIssuer> read(Path file) throws IOException {
        byte[] raw;
        try {
            raw = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Map.of();
        }
        JsonNode root;
        try {
            root = JSON.readTree(raw);
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
        if (root == null || !root.isObject() || !root.path("issuers").isArray()) {
            throw new IOException("not a token issuer file (no \"issuers\" array)");
        }
        Map<String, TrustedIssuer> m = new LinkedHashMap<>();
        int i = 0;
        for (JsonNode n : root.path("issuers")) {
            String at = "issuers[" + i + "]";
            String id = n.path("issuer").asText("");
            if (id.isEmpty()) {
                throw new IOException(at + ".issuer: missing");
            }
            List<IssuerKey> keys = new ArrayList<>();
            int k = 0;
            for (JsonNode key : n.path("keys")) {
                try {
                    keys.add(key(key));
                } catch (IllegalArgumentException | java.text.ParseException | JOSEException e) {
                    throw new IOException(at + ".keys[" + k + "]: " + e.getMessage());
                }
                k++;
            }
            if (m.put(id, new TrustedIssuer(id, keys)) != null) {
                throw new IOException(at + ": issuer " + id + " given twice");
            }
            i++;
        }
        return java.util.Collections.unmodifiableMap(m);
    }

    private static IssuerKey key(JsonNode node) throws java.text.ParseException, JOSEException {
        if (!node.isObject()) {
            throw new IllegalArgumentException("must be a JSON Web Key object");
        }
        JWK jwk = JWK.parse(node.toString());
        if (jwk instanceof ECKey ec) {
            if (!Curve.P_256.equals(ec.getCurve())) {
                throw new IllegalArgumentException("only P-256 EC keys are accepted (ES256)");
            }
            if (ec.isPrivate()) {
                throw new IllegalArgumentException("a private key does not belong in the trust file");
            }
            return new IssuerKey.EcP256(ec.getKeyID(), ec.toECPublicKey());
        }
        if (jwk instanceof OctetSequenceKey oct) {
            return new IssuerKey.Hmac(oct.getKeyID(), oct.toByteArray());
        }
        throw new IllegalArgumentException("key type " + jwk.getKeyType() + " is not accepted (EC P-256 or oct)");
    }

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
                return new Stamp(FileTime.fromMillis(System.currentTimeMillis()), -3, new Object());
            }
        }
    }

    private record Snapshot(Stamp stamp, Map<String, TrustedIssuer> byId) {
        static final Snapshot NEVER = new Snapshot(Stamp.UNREAD, Map.of());
    }
}
