package io.bastion.store.sqlite;

import io.bastion.core.resource.Resource;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Parsed resources by ri, with a path index over the same entries. The path index holds exactly one entry per
 * cached resource (removed with it, also on eviction), so it is bounded by the same capacity. Mutations are made
 * only under {@link StoreCache}'s lock, which keeps the two maps consistent; reads take no global lock.
 */
final class ResourceCache {
    private final ConcurrentHashMap<String, String> riByPath = new ConcurrentHashMap<>();
    private final BoundedLru<String, Resource> byRi;

    ResourceCache(int capacity) {
        byRi = new BoundedLru<>(capacity, (ri, r) -> riByPath.remove(r.path(), ri));
    }

    Resource get(String ri) {
        return byRi.get(ri);
    }

    Resource getByPath(String path) {
        String ri = riByPath.get(path);
        if (ri == null) {
            return null;
        }
        Resource r = byRi.get(ri);
        return r != null && r.path().equals(path) ? r : null;
    }

    void put(Resource r) {
        Resource old = byRi.put(r.ri(), r);
        if (old != null && !old.path().equals(r.path())) {
            riByPath.remove(old.path(), r.ri());
        }
        riByPath.put(r.path(), r.ri());
    }

    void remove(String ri) {
        Resource old = byRi.remove(ri);
        if (old != null) {
            riByPath.remove(old.path(), ri);
        }
    }

    void clear() {
        byRi.clear();
        riByPath.clear();
    }

    int size() {
        return byRi.size();
    }
}
