package io.bastion.cse;

import io.bastion.core.resource.Resource;
import io.bastion.store.DiscoveryQuery;
import io.bastion.store.ResourceStore;
import io.bastion.store.WriteBatch;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/** A store that records every read it serves (one line per call, e.g. {@code get(ri)}), over a real store. */
final class CountingStore implements ResourceStore {
    private final ResourceStore store;
    private final List<String> reads = new ArrayList<>();
    private boolean counting;

    CountingStore(ResourceStore store) {
        this.store = store;
    }

    /** Starts recording afresh. */
    synchronized void start() {
        reads.clear();
        counting = true;
    }

    /** Stops recording and returns what was read since {@link #start}. */
    synchronized List<String> stop() {
        counting = false;
        return List.copyOf(reads);
    }

    private synchronized void read(String call) {
        if (counting) {
            reads.add(call);
        }
    }

    @Override
    public Optional<Resource> get(String ri) {
        read("get(" + ri + ")");
        return store.get(ri);
    }

    @Override
    public Optional<Resource> getByPath(String path) {
        read("getByPath(" + path + ")");
        return store.getByPath(path);
    }

    @Override
    public List<Resource> children(String pi, Integer ty) {
        read("children(" + pi + ", " + ty + ")");
        return store.children(pi, ty);
    }

    @Override
    public Optional<Resource> latestChild(String pi, int ty) {
        read("latestChild(" + pi + ", " + ty + ")");
        return store.latestChild(pi, ty);
    }

    @Override
    public Optional<Resource> childByKey(String pi, String key) {
        read("childByKey(" + pi + ", " + key + ")");
        return store.childByKey(pi, key);
    }

    @Override
    public boolean hasChildKeyBetween(String pi, String low, String high) {
        read("hasChildKeyBetween(" + pi + ")");
        return store.hasChildKeyBetween(pi, low, high);
    }

    @Override
    public Optional<Resource> oldestChild(String pi, int ty) {
        read("oldestChild(" + pi + ", " + ty + ")");
        return store.oldestChild(pi, ty);
    }

    @Override
    public List<String> descendants(String ri) {
        read("descendants(" + ri + ")");
        return store.descendants(ri);
    }

    @Override
    public void write(WriteBatch batch) {
        store.write(batch);
    }

    @Override
    public void discover(DiscoveryQuery query, Predicate<Resource> visitor) {
        read("discover(" + query.rootPath() + ")");
        store.discover(query, visitor);
    }

    @Override
    public List<Resource> expired(Instant now, int limit) {
        return store.expired(now, limit);
    }

    @Override
    public long count() {
        return store.count();
    }

    @Override
    public void close() {
        store.close();
    }
}
