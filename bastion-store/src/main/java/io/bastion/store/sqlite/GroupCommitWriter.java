package io.bastion.store.sqlite;

import io.bastion.core.primitive.OneM2MException;
import io.bastion.store.PathConflictException;
import io.bastion.store.StoreException;
import io.bastion.store.WriteBatch;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the write connection and commits batches in groups. Callers enqueue a batch and block until it is
 * committed; the writer thread takes everything queued (up to {@link #MAX_GROUP} batches) into one transaction,
 * each batch inside its own SAVEPOINT, so that a failing batch is rolled back alone and reported to its caller
 * while the others commit. One COMMIT (and, in FULL sync, one fsync) thus serves many concurrent requests.
 * Callers are released only after COMMIT returned and the caches show the new state.
 */
final class GroupCommitWriter implements AutoCloseable {
    static final int MAX_GROUP = 256;
    private static final Logger log = LoggerFactory.getLogger(GroupCommitWriter.class);

    private final BatchApplier applier;
    private final StoreCache cache;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Pending stop = new Pending(null);
    private final Thread thread;
    private final PreparedStatement begin;
    private final PreparedStatement commit;
    private final PreparedStatement rollback;
    private final PreparedStatement savepoint;
    private final PreparedStatement release;
    private final PreparedStatement rollbackToSavepoint;
    private boolean closed; // guarded by queue: no batch may be enqueued behind the stop marker
    private volatile long commits;

    private static final class Pending {
        final WriteBatch batch;
        final CompletableFuture<Void> done = new CompletableFuture<>();
        BatchEffects effects;
        RuntimeException failure;

        Pending(WriteBatch batch) {
            this.batch = batch;
        }
    }

    GroupCommitWriter(Connection conn, ResourceRows rows, StoreCache cache) throws SQLException {
        this.cache = cache;
        this.applier = new BatchApplier(conn, rows);
        begin = conn.prepareStatement("BEGIN IMMEDIATE");
        commit = conn.prepareStatement("COMMIT");
        rollback = conn.prepareStatement("ROLLBACK");
        savepoint = conn.prepareStatement("SAVEPOINT batch");
        release = conn.prepareStatement("RELEASE batch");
        rollbackToSavepoint = conn.prepareStatement("ROLLBACK TO batch");
        thread = new Thread(this::run, "bastion-store-writer");
        thread.setDaemon(true);
        thread.start();
    }

    /** Blocks until the batch is committed, or throws why it was not (nothing of it is then written). */
    void write(WriteBatch batch) {
        Pending p = new Pending(batch);
        synchronized (queue) {
            if (closed) {
                throw new StoreException("the store is closed");
            }
            queue.add(p);
        }
        try {
            p.done.join(); // uninterruptible on purpose: the outcome is decided by the writer, not by the caller
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new StoreException("store write failed");
        }
    }

    private void run() {
        List<Pending> group = new ArrayList<>(MAX_GROUP);
        boolean running = true;
        while (running) {
            try {
                group.add(queue.take());
            } catch (InterruptedException e) {
                continue; // only the stop marker ends the loop, so that nothing queued is dropped
            }
            queue.drainTo(group, MAX_GROUP - 1);
            if (group.get(group.size() - 1) == stop) {
                group.remove(group.size() - 1);
                running = false;
            }
            if (!group.isEmpty()) {
                try {
                    commitGroup(group);
                } catch (Throwable t) { // e.g. OutOfMemoryError: callers must still be released, the thread must live
                    log.error("store: unexpected failure in the writer", t);
                    rollbackQuietly();
                    failAll(group, new StoreException("store write failed"));
                }
            }
            group.clear();
        }
    }

    /**
     * Commits a group. Batches rarely fail, so the group is first applied without savepoints (two statements
     * less per batch); only when one fails is the transaction rolled back and the group redone batch by batch.
     */
    private void commitGroup(List<Pending> group) {
        if (!begin()) {
            failAll(group, new StoreException("store write failed"));
            return;
        }
        try {
            for (Pending p : group) {
                p.effects = applier.apply(p.batch);
            }
            commit.execute();
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly();
            for (Pending p : group) {
                p.effects = null;
            }
            if (group.size() == 1) {
                Pending only = group.get(0);
                only.done.completeExceptionally(reportable(e));
                return;
            }
            commitWithSavepoints(group);
            return;
        }
        finish(group, group);
    }

    private void commitWithSavepoints(List<Pending> group) {
        List<Pending> applied = new ArrayList<>(group.size());
        if (!begin()) {
            failAll(group, new StoreException("store write failed"));
            return;
        }
        for (Pending p : group) {
            try {
                savepoint.execute();
                p.effects = applier.apply(p.batch);
                release.execute();
                applied.add(p);
            } catch (SQLException | RuntimeException e) {
                p.failure = reportable(e);
                if (!undoBatch()) {
                    // The transaction itself is gone (SQLite rolls back everything on e.g. a full disk or I/O error).
                    rollbackQuietly();
                    failAll(group, new StoreException("store write failed"));
                    return;
                }
            }
        }
        try {
            commit.execute();
        } catch (SQLException e) {
            log.error("store: commit of {} batches failed", applied.size(), e);
            rollbackQuietly();
            failAll(group, new StoreException("store write failed"));
            return;
        }
        finish(group, applied);
    }

    /** After a commit: the cache learns what was written, then every caller gets its outcome. */
    private void finish(List<Pending> group, List<Pending> applied) {
        commits++; // single writer thread
        List<BatchEffects> effects = new ArrayList<>(applied.size());
        for (Pending p : applied) {
            effects.add(p.effects);
        }
        try {
            cache.applyCommitted(effects);
        } catch (RuntimeException e) {
            log.error("store: cache update failed after commit; cache cleared", e); // committed data is safe
        }
        for (Pending p : group) {
            if (p.failure == null) {
                p.done.complete(null);
            } else {
                p.done.completeExceptionally(p.failure);
            }
        }
    }

    /** Opens the group's transaction; if a failed group left one open, rolls that back and tries once more. */
    private boolean begin() {
        try {
            begin.execute();
            return true;
        } catch (SQLException first) {
            rollbackQuietly();
            try {
                begin.execute();
                return true;
            } catch (SQLException e) {
                log.error("store: cannot begin a write transaction", e);
                return false;
            }
        }
    }

    /** Rolls back the current batch's savepoint; false if the enclosing transaction is no longer usable. */
    private boolean undoBatch() {
        try {
            rollbackToSavepoint.execute();
            release.execute();
            return true;
        } catch (SQLException e) {
            log.error("store: cannot roll back a failed batch", e);
            return false;
        }
    }

    /** Exceptions a caller should see as they are; anything else becomes a generic one, its details logged. */
    private static RuntimeException reportable(Exception e) {
        if (e instanceof PathConflictException || e instanceof IllegalArgumentException
                || e instanceof OneM2MException) {
            return (RuntimeException) e;
        }
        log.error("store: write batch failed", e);
        return new StoreException("store write failed");
    }

    private void rollbackQuietly() {
        try {
            rollback.execute();
        } catch (SQLException e) {
            log.debug("store: rollback after failure: {}", e.getMessage()); // usually "no transaction is active"
        }
    }

    private static void failAll(List<Pending> group, RuntimeException failure) {
        for (Pending p : group) {
            p.done.completeExceptionally(p.failure != null ? p.failure : failure);
        }
    }

    /** Number of transactions committed so far (for metrics: batches per commit shows the grouping). */
    long commits() {
        return commits;
    }

    /** Batches waiting for the writer. */
    int queued() {
        return queue.size();
    }

    /** Commits everything already queued, then stops the thread. Later writes fail with {@link StoreException}. */
    @Override
    public void close() throws SQLException {
        synchronized (queue) {
            if (closed) {
                return;
            }
            closed = true;
            queue.add(stop);
        }
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        applier.close();
        for (PreparedStatement s : new PreparedStatement[] {begin, commit, rollback, savepoint, release,
                rollbackToSavepoint}) {
            s.close();
        }
    }
}
