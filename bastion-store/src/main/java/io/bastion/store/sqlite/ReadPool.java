package io.bastion.store.sqlite;

import io.bastion.store.StoreException;
import java.sql.SQLException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fixed set of read connections. WAL lets them read in parallel with each other and with the writer; a connection
 * is lent for one short query (never while caller code runs, so a caller that reads again from inside a callback
 * cannot exhaust the pool and deadlock). SQL failures become a {@link StoreException} whose message names the
 * operation only; the SQL details go to the log.
 */
final class ReadPool implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ReadPool.class);

    /** Work done with a borrowed connection. */
    @FunctionalInterface
    interface Work<T> {
        T run(ReadConnection c) throws SQLException;
    }

    private final ArrayBlockingQueue<ReadConnection> idle;
    private volatile boolean closed;

    ReadPool(StoreConfig config) throws SQLException {
        idle = new ArrayBlockingQueue<>(config.readConnections());
        try {
            for (int i = 0; i < config.readConnections(); i++) {
                ReadConnection c = new ReadConnection(SqliteConnections.openReader(config));
                idle.add(c);
            }
        } catch (SQLException e) {
            close();
            throw e;
        }
    }

    /** Runs {@code work} on a pooled connection; {@code what} names the operation in the error message. */
    <T> T read(String what, Work<T> work) {
        ReadConnection c = borrow();
        try {
            return work.run(c);
        } catch (SQLException e) {
            log.error("store: {} failed", what, e);
            throw new StoreException("store read failed: " + what);
        } finally {
            giveBack(c);
        }
    }

    private ReadConnection borrow() {
        boolean interrupted = false;
        try {
            while (true) {
                if (closed) {
                    throw new StoreException("the store is closed");
                }
                try {
                    ReadConnection c = idle.poll(100, TimeUnit.MILLISECONDS);
                    if (c != null) {
                        return c;
                    }
                } catch (InterruptedException e) {
                    interrupted = true; // a read is short; finish it and let the caller see the interrupt after
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void giveBack(ReadConnection c) {
        idle.add(c);
        if (closed) {
            closeIdle();
        }
    }

    @Override
    public void close() {
        closed = true;
        closeIdle();
    }

    private void closeIdle() {
        ReadConnection c;
        while ((c = idle.poll()) != null) {
            try {
                c.close();
            } catch (SQLException e) {
                log.warn("store: closing a read connection: {}", e.getMessage());
            }
        }
    }
}
