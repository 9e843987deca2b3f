package io.bastion.store.sqlite;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * A map bounded to a number of entries with least-recently-used eviction. It is split into segments by key hash,
 * each an access-ordered {@link LinkedHashMap} behind its own lock, so concurrent readers of different keys rarely
 * wait for each other. Eviction is per segment: when a segment exceeds its share of the capacity, its least
 * recently used entry goes, so the whole map is an approximation of a global LRU.
 */
final class BoundedLru<K, V> {
    private final Segment<K, V>[] segments;
    private final int mask;

    /** @param onEvict told about every entry pushed out by capacity (not about explicit removals) */
    @SuppressWarnings("unchecked")
    BoundedLru(int capacity, BiConsumer<K, V> onEvict) {
        int n = capacity >= 4096 ? 16 : 1;
        segments = (Segment<K, V>[]) new Segment<?, ?>[n];
        for (int i = 0; i < n; i++) {
            segments[i] = new Segment<>(Math.max(1, capacity / n), onEvict);
        }
        mask = n - 1;
    }

    V get(K key) {
        Segment<K, V> s = segmentFor(key);
        synchronized (s) {
            return s.get(key);
        }
    }

    /** Returns the previous value. */
    V put(K key, V value) {
        Segment<K, V> s = segmentFor(key);
        synchronized (s) {
            return s.put(key, value);
        }
    }

    V remove(K key) {
        Segment<K, V> s = segmentFor(key);
        synchronized (s) {
            return s.remove(key);
        }
    }

    void clear() {
        for (Segment<K, V> s : segments) {
            synchronized (s) {
                s.clear();
            }
        }
    }

    int size() {
        int n = 0;
        for (Segment<K, V> s : segments) {
            synchronized (s) {
                n += s.size();
            }
        }
        return n;
    }

    private Segment<K, V> segmentFor(K key) {
        // The segment comes from the top bits of a mixed hash: each segment's LinkedHashMap picks buckets by the
        // low bits, and taking the segment from those too would leave most of its buckets empty (long chains).
        int h = key.hashCode() * 0x9E3779B9;
        return segments[(h >>> 16) & mask];
    }

    private static final class Segment<K, V> extends LinkedHashMap<K, V> {
        private final int capacity;
        private final BiConsumer<K, V> onEvict;

        Segment(int capacity, BiConsumer<K, V> onEvict) {
            super(16, 0.75f, true);
            this.capacity = capacity;
            this.onEvict = onEvict;
        }

        @Override
        protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
            if (size() <= capacity) {
                return false;
            }
            onEvict.accept(eldest.getKey(), eldest.getValue());
            return true;
        }
    }
}
