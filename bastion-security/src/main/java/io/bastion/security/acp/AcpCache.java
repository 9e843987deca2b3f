package io.bastion.security.acp;

import com.fasterxml.jackson.databind.JsonNode;
import io.bastion.core.resource.Resource;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Parsed policies by ACP resource ID and version, so that a request never parses policy JSON. The caller passes the
 * version it just read from the store (the {@code lt} of the ACP, or better a counter it bumps on every write); a
 * different version replaces the entry. Because {@code lt} can repeat within one clock tick, the ACP update and delete
 * paths must also call {@link #invalidate}. Thread-safe; a race only ever costs an extra parse, never a stale answer
 * for a version the caller did not pass.
 */
public final class AcpCache {
    /** A bound on memory: when exceeded, the cache is simply emptied (rare; entries are cheap to rebuild). */
    public static final int DEFAULT_MAX_ENTRIES = 10_000;

    private record Entry(String version, AccessControlPolicy policy) {
    }

    private final AcpParser parser;
    private final int maxEntries;
    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

    public AcpCache(AcpParser parser) {
        this(parser, DEFAULT_MAX_ENTRIES);
    }

    public AcpCache(AcpParser parser, int maxEntries) {
        this.parser = Objects.requireNonNull(parser, "parser");
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be at least 1");
        }
        this.maxEntries = maxEntries;
    }

    /**
     * The parsed policy for {@code ri} at {@code version}, parsing {@code pv} and {@code pvs} only when the cached
     * version differs. A null version is never cached.
     *
     * @throws io.bastion.core.primitive.OneM2MException 4000 when the stored JSON is invalid (a corrupted store:
     *     the caller should deny and report it)
     */
    public AccessControlPolicy get(String ri, String version, JsonNode pv, JsonNode pvs) {
        Entry e = entries.get(ri);
        if (e != null && version != null && version.equals(e.version())) {
            return e.policy();
        }
        AccessControlPolicy parsed = parser.parsePolicy(ri, pv, pvs);
        if (version != null) {
            if (entries.size() >= maxEntries) {
                entries.clear();
            }
            entries.put(ri, new Entry(version, parsed));
        }
        return parsed;
    }

    /** The same for a stored {@code <accessControlPolicy>} resource, versioned by its {@code lt}. */
    public AccessControlPolicy get(Resource acp) {
        return get(acp.ri(), acp.getText("lt"), acp.get("pv"), acp.get("pvs"));
    }

    /** Forgets {@code ri}; call it after every update or delete of that ACP. */
    public void invalidate(String ri) {
        entries.remove(ri);
    }

    public void clear() {
        entries.clear();
    }

    public int size() {
        return entries.size();
    }
}
