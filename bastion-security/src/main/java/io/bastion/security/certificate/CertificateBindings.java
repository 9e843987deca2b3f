package io.bastion.security.certificate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import io.bastion.security.credential.FilePskStore;
import io.bastion.security.credential.PrivateFile;
import io.bastion.security.credential.WatchedFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The binding table of certificate identities to the AE-IDs (or CSE-IDs) they may use (TS-0003 8.2.1, "SP
 * configuration"): a JSON file {@code <data>/credentials/cert-bindings.json} of the form
 * {@code {"bindings": {"31-<sha256>": ["Cabc", "/id-in/Cdef"]}}}.
 *
 * <p>A subject is a Credential-ID ({@code 31-…}, {@code 33-…}, {@code 34-<Node-ID>}, see {@link CertificateIdentity};
 * {@code 30-sha-256.…} for a raw public key, see {@link PublicKeyId}) or a certificate's SHA-256 fingerprint (stored
 * as 64 lower-case hex digits), which matches that certificate whatever its kind. IDs are
 * stored as given and normalized against the CSE's identity when a certificate is authenticated. The file is read
 * again when it changes, so a running server sees {@code bastion credentials cert bind} at once; each reading moves
 * {@link #generation()} on, so that open associations get their IDs again ({@link CertificateAuthenticator#associate}).
 * Written as a {@link PrivateFile} (mode 600, replaced atomically under a lock shared by processes), like the PSK file
 * beside it.
 */
public final class CertificateBindings {
    private static final Logger log = LoggerFactory.getLogger(CertificateBindings.class);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path file;
    private final PrivateFile privateFile;
    private final WatchedFile<Map<String, List<String>>> watched;

    public CertificateBindings(Path file) {
        this.file = Objects.requireNonNull(file, "file");
        this.privateFile = new PrivateFile(file);
        this.watched = new WatchedFile<>(privateFile, Map.of(), this::load);
    }

    /** The file {@code credentials/cert-bindings.json} in a data folder. */
    public static CertificateBindings inDataDir(Path dataDir) {
        return new CertificateBindings(dataDir.resolve("credentials").resolve("cert-bindings.json"));
    }

    public Path file() {
        return file;
    }

    /**
     * A subject as stored: a fingerprint in its normal form; a raw public key id ({@code 30-…} or an RFC 6920 ni URI)
     * in the form of {@link PublicKeyId#credentialId()}; a Node-ID Credential-ID ({@code 34-urn:…}) with the URN's
     * scheme and namespace in lower case; any other Credential-ID ({@code <type>-<value>}) as given.
     *
     * @throws IllegalArgumentException for anything else
     */
    public static String normalizeSubject(String subject) {
        String fp = Certificates.normalizeFingerprint(subject);
        if (fp != null) {
            return fp;
        }
        String s = subject == null ? "" : subject.strip();
        if (s.startsWith(PublicKeyId.TYPE_ID + "-") || s.regionMatches(true, 0, "ni:", 0, 3)) {
            return PublicKeyId.parse(s).credentialId();
        }
        if (s.startsWith(CertificateIdentity.Kind.NODE_ID.typeId + "-")) {
            String node = CertificateIdentity.nodeId(s.substring(3));
            if (node == null) {
                throw new IllegalArgumentException("a Node-ID Credential-ID is 34-<Node-ID URN>, e.g. "
                        + "34-urn:oid:0.2.481.1.100.3030.10011: " + subject);
            }
            return "34-" + node;
        }
        int dash = s.indexOf('-');
        if (dash > 0 && dash < s.length() - 1 && s.substring(0, dash).chars().allMatch(Character::isDigit)) {
            for (int i = dash + 1; i < s.length(); i++) {
                char c = s.charAt(i);
                if (!(c < 128 && Character.isLetterOrDigit(c)) && c != '.' && c != '_' && c != '-' && c != '@') {
                    throw new IllegalArgumentException("a Credential-ID value may hold letters, digits, '.', '_', "
                            + "'-' and '@' only (TS-0003 10.4): " + subject);
                }
            }
            return s;
        }
        throw new IllegalArgumentException("a subject is a Credential-ID such as 31-<sha256>, 30-sha-256.<key id> "
                + "or 34-<Node-ID>, or a certificate's SHA-256 fingerprint: " + subject);
    }

    /** Every binding: subject → IDs, sorted by subject. */
    public Map<String, List<String>> all() {
        return watched.current();
    }

    /**
     * Moves on whenever the file was read again after a change: cheap enough for every request (the file is looked
     * at at most once per {@link FilePskStore#DEFAULT_RECHECK}).
     */
    public long generation() {
        return watched.generation();
    }

    /** The IDs bound to any of these subjects (already normalized), in binding order. */
    public Set<String> lookup(String... subjects) {
        Map<String, List<String>> b = watched.current();
        Set<String> out = new LinkedHashSet<>();
        for (String s : subjects) {
            out.addAll(b.getOrDefault(s, List.of()));
        }
        return out;
    }

    /** Binds {@code subject} to exactly these IDs (replacing an earlier binding of it). */
    public synchronized void bind(String subject, List<String> ids) {
        String key = normalizeSubject(subject);
        if (ids.isEmpty()) {
            throw new IllegalArgumentException("bind needs at least one AE-ID");
        }
        for (String id : ids) {
            if (id == null || id.isBlank() || id.indexOf('*') >= 0 || id.chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException("not an AE-ID or CSE-ID: '" + id + "'");
            }
        }
        update(b -> {
            b.put(key, List.copyOf(new LinkedHashSet<>(ids)));
            return true;
        });
    }

    /** Removes the binding of {@code subject}; returns whether there was one. */
    public synchronized boolean unbind(String subject) {
        String key = normalizeSubject(subject);
        return update(b -> b.remove(key) != null);
    }

    private Map<String, List<String>> load(Map<String, List<String>> previous) {
        try {
            return read();
        } catch (RuntimeException e) {
            log.warn("certificate bindings {} unreadable, keeping the previous ones: {}", file, e.getMessage());
            return previous;
        }
    }

    private Map<String, List<String>> read() {
        JsonNode root;
        try {
            byte[] raw = privateFile.readOrNull();
            if (raw == null) {
                return Map.of();
            }
            root = JSON.readTree(raw);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        Map<String, List<String>> out = new TreeMap<>();
        JsonNode b = root == null ? null : root.path("bindings");
        if (b != null && b.isObject()) {
            for (Map.Entry<String, JsonNode> e : b.properties()) {
                List<String> ids = new ArrayList<>();
                e.getValue().forEach(n -> ids.add(n.asText()));
                out.put(e.getKey(), List.copyOf(ids));
            }
        }
        return Collections.unmodifiableMap(out);
    }

    /** Reads, changes and replaces the file under its lock; {@code change} says whether it changed anything. */
    private boolean update(Predicate<Map<String, List<String>>> change) {
        boolean changed;
        try {
            changed = privateFile.locked(() -> {
                Map<String, List<String>> b = new TreeMap<>(read());
                if (!change.test(b)) {
                    return false;
                }
                privateFile.replace(serialize(b));
                return true;
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        if (changed) {
            watched.expire();
        }
        return changed;
    }

    private static byte[] serialize(Map<String, List<String>> bindings) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode b = root.putObject("bindings");
        new LinkedHashMap<>(bindings).forEach((k, v) -> {
            ArrayNode a = b.putArray(k);
            v.forEach(a::add);
        });
        return JSON.writeValueAsBytes(root);
    }
}
