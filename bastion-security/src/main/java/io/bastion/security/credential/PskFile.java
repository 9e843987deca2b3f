package io.bastion.security.credential;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PSK credential file of a data folder, {@code <data>/credentials/psk.json}: one entry per KpsaID with the IDs it
 * is bound to, its creation and rotation times, and either its key (hexadecimal, {@code "key"}) or the name of the
 * secure environment holding it ({@code "keyIn": "keystore"} or {@code "pkcs11"}). Entries of both kinds may sit in
 * one file; each store serves only the keys it holds. It is a {@link PrivateFile} (mode 600, atomic replacement).
 *
 * <p>{@link #current()} compares the file's stamp with that of the last load, at most once per {@code recheck}
 * interval, and re-reads it when it differs, so that a running CSE sees what {@code ./bastion credentials} changed.
 * A file that cannot be read or parsed fails closed: it provisions nothing until it is repaired, and an error is
 * logged once per change. Each load that yields a new version increments {@link Snapshot#generation()}.
 *
 * <p>Thread-safe.
 */
public final class PskFile {
    private static final Logger log = LoggerFactory.getLogger(PskFile.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The default interval between two checks of the file's stamp. */
    public static final Duration DEFAULT_RECHECK = Duration.ofMillis(200);
    static final int FORMAT_VERSION = 1;

    private final PrivateFile file;
    private final Recheck recheck;
    private final Clock clock;
    private volatile Snapshot snapshot = Snapshot.NEVER;

    /** Where the PSK file of a data folder is. */
    public static Path fileIn(Path dataDir) {
        return dataDir.resolve("credentials").resolve("psk.json");
    }

    /**
     * @param file the JSON file (it need not exist yet: an absent file holds no credentials)
     * @param recheck how long {@link #current()} trusts the last check of the file; zero checks on every call
     * @param clock gives the creation and rotation times written by {@link #update}
     */
    public PskFile(Path file, Duration recheck, Clock clock) {
        this.file = new PrivateFile(file);
        this.recheck = new Recheck(recheck);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public Path path() {
        return file.path();
    }

    /** The time to record in an entry now (whole seconds). */
    public Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }

    /** One version of the file's entries, and a number that grows with every new version seen. */
    public record Snapshot(PrivateFile.Stamp stamp, long generation, Map<String, PskEntry> entries) {
        static final Snapshot NEVER = new Snapshot(PrivateFile.Stamp.UNREAD, 0, Map.of());

        /** The entries ordered by identity. */
        public List<PskEntry> sorted() {
            return entries.values().stream().sorted(Comparator.comparing(PskEntry::identity)).toList();
        }
    }

    /** The entries as of the last check (re-read when the file changed since). */
    public Snapshot current() {
        Snapshot s = snapshot;
        if (!recheck.due() && s != Snapshot.NEVER) {
            return s;
        }
        PrivateFile.Stamp stamp = file.stamp();
        if (stamp.equals(s.stamp())) {
            return s;
        }
        synchronized (this) {
            s = snapshot;
            if (!stamp.equals(s.stamp())) {
                s = load(stamp, s);
                snapshot = s;
            }
            return s;
        }
    }

    private Snapshot load(PrivateFile.Stamp stamp, Snapshot previous) {
        long generation = previous.generation() + 1;
        if (stamp.equals(PrivateFile.Stamp.MISSING)) {
            return new Snapshot(stamp, generation, Map.of());
        }
        try {
            Map<String, PskEntry> m = read();
            if (previous == Snapshot.NEVER) {
                log.debug("loaded {} PSK credential(s) from {}", m.size(), file.path());
            } else {
                log.info("PSK credentials changed: {} provisioned in {}", m.size(), file.path());
            }
            return new Snapshot(stamp, generation, Map.copyOf(m));
        } catch (IOException | RuntimeException e) {
            // Fail closed: a file that cannot be read provisions nothing (never the keys of an older version).
            log.error("cannot use the PSK credentials in {}: {}; no PSK handshake succeeds until it is repaired",
                    file.path(), e.getMessage());
            return new Snapshot(stamp, generation, Map.of());
        }
    }

    private Map<String, PskEntry> read() throws IOException {
        Map<String, PskEntry> m = new LinkedHashMap<>();
        byte[] raw = file.readOrNull();
        if (raw == null) {
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
            try {
                PskEntry e = entry(n);
                if (m.put(e.identity(), e) != null) {
                    throw new IllegalArgumentException("identity given twice");
                }
            } catch (IllegalArgumentException e) {
                throw new IOException("entry psk[" + i + "]: " + e.getMessage());
            }
            i++;
        }
        return m;
    }

    private static PskEntry entry(JsonNode n) {
        String id = n.path("identity").asText(null);
        String hex = n.path("key").asText(null);
        String holder = n.path("keyIn").asText(null);
        Set<String> ids = new LinkedHashSet<>();
        n.path("ids").forEach(x -> ids.add(x.asText()));
        PskEntry.KeyLocation where;
        if (hex != null && holder != null) {
            throw new IllegalArgumentException("give either \"key\" or \"keyIn\", not both");
        } else if (holder != null) {
            where = new PskEntry.Held(holder);
        } else {
            where = new PskEntry.InFile(PreSharedKey.fromHex(hex));
        }
        return new PskEntry(id, ids, where, instant(n, "created"), instant(n, "rotated"));
    }

    private static Instant instant(JsonNode n, String field) {
        String v = n.path(field).asText(null);
        if (v == null) {
            return null;
        }
        try {
            return Instant.parse(v);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("\"" + field + "\" is not a UTC time such as 2026-01-31T12:00:00Z");
        }
    }

    // ---------------------------------------------------------------------------------------------- writing

    /** A change to the entries, applied to the file's current content under its lock. */
    @FunctionalInterface
    public interface Change<T> {
        /**
         * Changes {@code entries} in place (keyed by identity) and says what to answer; throw
         * {@link IllegalStateException} to refuse (nothing is written).
         */
        T apply(Map<String, PskEntry> entries);
    }

    /**
     * Reads the file under its lock, applies {@code change}, and writes the result when the entries differ.
     *
     * @throws IllegalStateException when the change refuses
     * @throws UncheckedIOException when the file cannot be read, parsed or written
     */
    public <T> T update(Change<T> change) {
        return update(change, false);
    }

    /**
     * Like {@link #update}, but writes the file even when the entries come out equal, so that readers see a change:
     * a key replaced in a secure environment within the second of the previous rotation leaves the entry as it was.
     */
    public <T> T updateAlways(Change<T> change) {
        return update(change, true);
    }

    private <T> T update(Change<T> change, boolean always) {
        try {
            return file.locked(() -> {
                Map<String, PskEntry> before = read();
                Map<String, PskEntry> m = new LinkedHashMap<>(before);
                T answer = change.apply(m);
                // PskEntry's equality covers the key through PreSharedKey's constant-time comparison
                if (always || !before.equals(m)) {
                    write(m);
                }
                recheck.expire(); // the next read sees the change at once
                return answer;
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot update " + file.path() + ": " + e.getMessage(), e);
        }
    }

    private void write(Map<String, PskEntry> m) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", FORMAT_VERSION);
        root.put("note", "Pre-shared keys for TLS-PSK and DTLS-PSK: bindings, and keys unless \"keyIn\" names the "
                + "secure environment holding them. Keep this file private (mode 600). "
                + "Edit with ./bastion credentials psk add|rotate|list|remove.");
        ArrayNode arr = root.putArray("psk");
        List<PskEntry> sorted = new ArrayList<>(m.values());
        sorted.sort(Comparator.comparing(PskEntry::identity));
        for (PskEntry e : sorted) {
            ObjectNode n = arr.addObject();
            n.put("identity", e.identity());
            switch (e.key()) {
                case PskEntry.InFile f -> n.put("key", f.key().toHex());
                case PskEntry.Held h -> n.put("keyIn", h.holder());
            }
            ArrayNode ids = n.putArray("ids");
            e.allowedIds().stream().sorted().forEach(ids::add);
            if (e.created() != null) {
                n.put("created", e.created().toString());
            }
            if (e.rotated() != null) {
                n.put("rotated", e.rotated().toString());
            }
        }
        byte[] bytes = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root)
                .concat("\n").getBytes(StandardCharsets.UTF_8);
        try {
            file.replace(bytes);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }
}
