package io.bastion.store.sqlite;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.ToLongFunction;

/**
 * A map bounded to a number of entries and to a total weight, with least-recently-used eviction. It is split into
 * segments by key hash, each an access-ordered {@link LinkedHashMap} behind its own lock, so concurrent readers of
 * different keys rarely wait for each other. Eviction is per segment: when a segment exceeds its share of the
 * capacity or of the weight, its least recently used entries go, so the whole map is an approximation of a global
 * LRU. The weight bound is what keeps a cache of resources within a fixed heap whatever their sizes.
 */
final class BoundedLru<K, V> {
    private final Segment<K, V>[] segments;
    private final int mask;

    /** Bounded by count only. */
    BoundedLru(int capacity, BiConsumer<K, V> onEvict) {
        this(capacity, Long.MAX_VALUE, v -> 0, onEvict);
    }

    /**
     * @param maxWeight the most the weights of all entries may add up to (an entry heavier than a segment's share
     *        is not kept at all)
     * @param weigher the weight of a value, fixed for as long as it is in the map
     * @param onEvict told about every entry pushed out by capacity or weight (not about explicit removals)
     */
    @SuppressWarnings("unchecked")
    BoundedLru(int capacity, long maxWeight, ToLongFunction<V> weigher, BiConsumer<K, V> onEvict) {
        int n = capacity >= 4096 ? 16 : 1;
        segments = (Segment<K, V>[]) new Segment<?, ?>[n];
        for (int i = 0; i < n; i++) {
            segments[i] = new Segment<>(Math.max(1, capacity / n), Math.max(1, maxWeight / n), weigher, onEvict);
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

    long weight() {
        long w = 0;
        for (Segment<K, V> s : segments) {
            synchronized (s) {
                w += s.weight;
            }
        }
        return w;
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

    /** One lock's worth of entries; {@code weight} is the sum of its values' weights. */
    private static final class Segment<K, V> extends LinkedHashMap<K, V> {
        private final int capacity;
        private final long maxWeight;
        private final ToLongFunction<V> weigher;
        private final BiConsumer<K, V> onEvict;
        private long weight;

        Segment(int capacity, long maxWeight, ToLongFunction<V> weigher, BiConsumer<K, V> onEvict) {
            super(16, 0.75f, true);
            this.capacity = capacity;
            this.maxWeight = maxWeight;
            this.weigher = weigher;
            this.onEvict = onEvict;
        }

        @Override
        public V put(K key, V value) {
            long w = weigher.applyAsLong(value);
            if (w > maxWeight) {
                // Too heavy to keep: it would empty the segment and still not fit. Both it and what it replaces
                // count as evicted, so that indexes kept beside the map forget them.
                V old = remove(key);
                if (old != null) {
                    onEvict.accept(key, old);
                }
                onEvict.accept(key, value);
                return old;
            }
            V old = super.put(key, value);
            weight += w - (old == null ? 0 : weigher.applyAsLong(old));
            while (weight > maxWeight && !isEmpty()) {
                Map.Entry<K, V> eldest = entrySet().iterator().next();
                K k = eldest.getKey();
                V v = eldest.getValue();
                super.remove(k);
                weight -= weigher.applyAsLong(v);
                onEvict.accept(k, v);
            }
            return old;
        }

        @Override
        public V remove(Object key) {
            V old = super.remove(key);
            if (old != null) {
                weight -= weigher.applyAsLong(old);
            }
            return old;
        }

        @Override
        public void clear() {
            super.clear();
            weight = 0;
        }

        @Override
        protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
            if (size() <= capacity) {
                return false;
            }
            weight -= weigher.applyAsLong(eldest.getValue());
            onEvict.accept(eldest.getKey(), eldest.getValue());
            return true;
        }
    }
}
