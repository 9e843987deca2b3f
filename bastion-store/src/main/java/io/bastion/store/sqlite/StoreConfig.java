package io.bastion.store.sqlite;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How the embedded SQLite store opens its database.
 *
 * <p>Durability of the two sync modes (the database is always in WAL mode):
 * <ul>
 *   <li>{@link SyncMode#NORMAL} (default): a committed transaction is in the WAL file when {@code write} returns, so it
 *   survives a crash or {@code kill -9} of the process. After a power loss or OS crash the last transactions before
 *   the failure may be lost, but the database stays consistent. The WAL is only fsync'ed at checkpoints.</li>
 *   <li>{@link SyncMode#FULL}: the WAL is fsync'ed at every commit, so a returned {@code write} also survives power
 *   loss. Group commit shares one fsync among all batches committed together.</li>
 * </ul>
 *
 * @param file the database file (created with its parent folders when missing)
 * @param sync durability of a commit, see above
 * @param cacheEntries how many parsed resources the read cache keeps (least recently used are evicted)
 * @param cacheWeight how much the cached resources may weigh together, in bytes of their stored JSON plus about
 *        1 KiB each for the parsed tree: the bound that keeps the cache within the heap whatever the resources' sizes
 * @param readConnections how many connections serve reads in parallel
 */
public record StoreConfig(Path file, SyncMode sync, int cacheEntries, long cacheWeight, int readConnections) {

    /** Durability of a commit; see {@link StoreConfig}. */
    public enum SyncMode { NORMAL, FULL }

    public static final int DEFAULT_CACHE_ENTRIES = 100_000;
    /** The smallest weight budget the defaults give, for very small heaps. */
    static final long MIN_DEFAULT_CACHE_WEIGHT = 8L << 20;

    public StoreConfig {
        Objects.requireNonNull(file, "file");
        sync = sync == null ? SyncMode.NORMAL : sync;
        if (cacheEntries < 16) {
            throw new IllegalArgumentException("cacheEntries must be at least 16: " + cacheEntries);
        }
        if (cacheWeight < 64 * 1024) {
            throw new IllegalArgumentException("cacheWeight must be at least 64 KiB: " + cacheWeight);
        }
        if (readConnections < 1) {
            throw new IllegalArgumentException("readConnections must be at least 1: " + readConnections);
        }
    }

    /**
     * The defaults: NORMAL sync, 100,000 cached resources weighing at most a quarter of the maximum heap (8 MiB at
     * least), two read connections per core (2 to 8).
     */
    public static StoreConfig of(Path file) {
        int readers = Math.max(2, Math.min(8, 2 * Runtime.getRuntime().availableProcessors()));
        return new StoreConfig(file, SyncMode.NORMAL, DEFAULT_CACHE_ENTRIES, defaultCacheWeight(), readers);
    }

    /** A quarter of the heap the JVM may grow to, so that the cache alone never fills it. */
    static long defaultCacheWeight() {
        return Math.max(MIN_DEFAULT_CACHE_WEIGHT, Runtime.getRuntime().maxMemory() / 4);
    }

    public StoreConfig withSync(SyncMode mode) {
        return new StoreConfig(file, mode, cacheEntries, cacheWeight, readConnections);
    }

    public StoreConfig withCacheEntries(int entries) {
        return new StoreConfig(file, sync, entries, cacheWeight, readConnections);
    }

    public StoreConfig withCacheWeight(long weight) {
        return new StoreConfig(file, sync, cacheEntries, weight, readConnections);
    }

    public StoreConfig withReadConnections(int connections) {
        return new StoreConfig(file, sync, cacheEntries, cacheWeight, connections);
    }
}
