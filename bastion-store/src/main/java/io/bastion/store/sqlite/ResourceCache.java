package io.bastion.store.sqlite;

import io.bastion.core.resource.Resource;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Parsed resources by ri, with a path index over the same entries. The path index holds exactly one entry per
 * cached resource (removed with it, also on eviction), so it is bounded by the same capacity. Mutations are made
 * only under {@link StoreCache}'s lock, which keeps the two maps consistent; reads take no global lock.
 *
 * <p>Besides the number of entries, the cache is bounded by weight: each resource weighs the length of its stored
 * JSON plus a fixed {@link #ENTRY_OVERHEAD} for the parsed tree around it, so that a few thousand large
 * contentInstances cannot take more heap than a hundred thousand small resources.
 */
final class ResourceCache {
    /** What a parsed resource costs beyond its JSON text: maps, nodes, keys, the record (measured about 1 KiB). */
    static final long ENTRY_OVERHEAD = 1024;

    private final ConcurrentHashMap<String, String> riByPath = new ConcurrentHashMap<>();
    private final BoundedLru<String, Cached> byRi;

    /** A cached resource and its weight, computed once when it enters. */
    private record Cached(Resource resource, long weight) {
    }

    ResourceCache(int capacity, long maxWeight) {
        byRi = new BoundedLru<>(capacity, maxWeight, Cached::weight,
                (ri, c) -> riByPath.remove(c.resource().path(), ri));
    }

    Resource get(String ri) {
        Cached c = byRi.get(ri);
        return c == null ? null : c.resource();
    }

    Resource getByPath(String path) {
        String ri = riByPath.get(path);
        if (ri == null) {
            return null;
        }
        Resource r = get(ri);
        return r != null && r.path().equals(path) ? r : null;
    }

    /**
     * @param jsonLength the length of the resource's attributes as stored JSON text (its weight without
     *        {@link #ENTRY_OVERHEAD})
     */
    void put(Resource r, long jsonLength) {
        // Indexed first: if the entry is evicted at once (too heavy), the eviction removes this index entry again.
        riByPath.put(r.path(), r.ri());
        Cached old = byRi.put(r.ri(), new Cached(r, jsonLength + ENTRY_OVERHEAD));
        if (old != null && !old.resource().path().equals(r.path())) {
            riByPath.remove(old.resource().path(), r.ri());
        }
    }

    void remove(String ri) {
        Cached old = byRi.remove(ri);
        if (old != null) {
            riByPath.remove(old.resource().path(), ri);
        }
    }

    long weight() {
        return byRi.weight();
    }

    void clear() {
        byRi.clear();
        riByPath.clear();
    }

    int size() {
        return byRi.size();
    }
}
