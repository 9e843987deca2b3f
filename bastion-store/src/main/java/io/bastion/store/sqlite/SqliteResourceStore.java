package io.bastion.store.sqlite;

import io.bastion.core.resource.Resource;
import io.bastion.store.DiscoveryQuery;
import io.bastion.store.ResourceStore;
import io.bastion.store.StoreException;
import io.bastion.store.WriteBatch;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded {@link ResourceStore}: one SQLite file in WAL mode, written by a single group-commit writer thread,
 * read through a small connection pool behind a coherent parsed-resource cache.
 *
 * <p>The cache is coherent only if this object is the database's only writer, so the store takes an exclusive
 * lock on {@code <file>.lock} for as long as it is open (the OS releases it if the process dies).
 */
public final class SqliteResourceStore implements ResourceStore {
    private static final Logger log = LoggerFactory.getLogger(SqliteResourceStore.class);

    private final StoreConfig config;
    private final FileChannel lockChannel;
    private final Connection writeConnection;
    private final GroupCommitWriter writer;
    private final ReadPool readers;
    private final StoreCache cache;
    private final ResourceReads reads;
    private final PagedDiscovery discovery;
    private boolean closed; // guarded by this

    private SqliteResourceStore(StoreConfig config, FileChannel lockChannel, Connection writeConnection,
                                ReadPool readers, StoreCache cache, ResourceRows rows) throws SQLException {
        this.config = config;
        this.lockChannel = lockChannel;
        this.writeConnection = writeConnection;
        this.readers = readers;
        this.cache = cache;
        this.reads = new ResourceReads(readers, cache, rows);
        this.discovery = new PagedDiscovery(readers, cache, rows, reads);
        this.writer = new GroupCommitWriter(writeConnection, rows, cache);
    }

    /**
     * Opens the database, creating the file and schema if needed.
     *
     * @throws StoreException if the file cannot be opened, is locked by another store, or has a newer schema
     */
    public static SqliteResourceStore open(StoreConfig config) {
        FileChannel lock = null;
        Connection w = null;
        ReadPool r = null;
        try {
            Path file = config.file().toAbsolutePath();
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            lock = lockExclusively(file.resolveSibling(file.getFileName() + ".lock"));
            w = SqliteConnections.openWriter(config);
            Schema.migrate(w);
            r = new ReadPool(config); // after the writer: WAL mode and schema exist when readers open
            ResourceRows rows = new ResourceRows();
            return new SqliteResourceStore(config, lock, w, r, new StoreCache(config.cacheEntries(), config.cacheWeight()), rows);
        } catch (SQLException | IOException | IllegalStateException e) {
            if (r != null) {
                r.close();
            }
            closeQuietly(w);
            closeQuietly(lock);
            if (e instanceof IllegalStateException) { // an operator's mistake, fully described by its message
                log.error("store: cannot open {}: {}", config.file(), e.getMessage());
                throw new StoreException("cannot open the store: " + e.getMessage());
            }
            log.error("store: cannot open {}", config.file(), e);
            throw new StoreException("cannot open the store " + config.file() + " (details in the log)");
        }
    }

    private static FileChannel lockExclusively(Path lockFile) throws IOException {
        FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            FileLock l = ch.tryLock();
            if (l == null) {
                throw new IllegalStateException("the database is already open in another process");
            }
            return ch;
        } catch (OverlappingFileLockException e) {
            ch.close();
            throw new IllegalStateException("the database is already open in this process");
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    public StoreConfig config() {
        return config;
    }

    @Override
    public Optional<Resource> get(String ri) {
        return reads.get(ri);
    }

    @Override
    public Optional<Resource> getByPath(String path) {
        return reads.getByPath(path);
    }

    @Override
    public List<Resource> children(String pi, Integer ty) {
        return reads.children(pi, ty);
    }

    @Override
    public Optional<Resource> latestChild(String pi, int ty) {
        return reads.latestChild(pi, ty);
    }

    @Override
    public Optional<Resource> oldestChild(String pi, int ty) {
        return reads.oldestChild(pi, ty);
    }

    @Override
    public Optional<Resource> childByKey(String pi, String key) {
        return reads.childByKey(pi, key);
    }

    @Override
    public boolean hasChildKeyBetween(String pi, String low, String high) {
        return reads.hasChildKeyBetween(pi, low, high);
    }

    @Override
    public List<String> descendants(String ri) {
        return reads.descendants(ri);
    }

    /**
     * {@inheritDoc} The batch's deletes run before its puts. Deleting a resource that does not exist is not an
     * error. A put keeps the creation sequence of the resource it replaces; it never moves a subtree.
     */
    @Override
    public void write(WriteBatch batch) {
        if (!batch.isEmpty()) {
            writer.write(batch);
        }
    }

    @Override
    public void discover(DiscoveryQuery query, Predicate<Resource> visitor) {
        discovery.run(query, visitor);
    }

    /**
     * Runs a discovery driven by the given index regardless of the planner's choice (for tests); false if the
     * query lacks the condition that index needs.
     */
    boolean discover(DiscoveryPlan.Driver driver, DiscoveryQuery query, Predicate<Resource> visitor) {
        String rootRi = discovery.rootRi(query);
        if (!DiscoveryPlan.canDrive(driver, query, rootRi)) {
            return false;
        }
        discovery.visit(DiscoveryPlan.build(driver, query, rootRi), visitor);
        return true;
    }

    /** The driver the planner picks for a query (for tests). */
    DiscoveryPlan.Driver plannedDriver(DiscoveryQuery query) {
        String rootRi = discovery.rootRi(query);
        return readers.read("discovery", c -> DiscoveryPlan.choose(c, query, rootRi)).driver();
    }

    @Override
    public List<Resource> expired(Instant now, int limit) {
        return reads.expired(now, limit);
    }

    @Override
    public long count() {
        return reads.count();
    }

    /** Number of write transactions committed since open; writes divided by this is the group-commit factor. */
    public long commits() {
        return writer.commits();
    }

    /** Batches waiting to be committed (for metrics). */
    public int queuedWrites() {
        return writer.queued();
    }

    /** Number of resources currently held by the parsed-resource cache (for metrics). */
    public int cachedResources() {
        return cache.size();
    }

    /** What the cached resources weigh together ({@link StoreConfig#cacheWeight()}), for metrics. */
    public long cachedWeight() {
        return cache.weight();
    }

    /** Commits every write already queued, then closes all connections. Safe to call twice. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            writer.close();
        } catch (SQLException e) {
            log.warn("store: closing the writer: {}", e.getMessage());
        }
        try (Statement s = writeConnection.createStatement()) {
            s.execute("PRAGMA optimize"); // keeps the planner statistics fresh, as SQLite recommends on close
        } catch (SQLException e) {
            log.debug("store: optimize on close: {}", e.getMessage());
        }
        readers.close();
        closeQuietly(writeConnection);
        closeQuietly(lockChannel);
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c != null) {
            try {
                c.close();
            } catch (Exception e) {
                log.warn("store: close: {}", e.getMessage());
            }
        }
    }
}
