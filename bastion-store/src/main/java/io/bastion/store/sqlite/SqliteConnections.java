package io.bastion.store.sqlite;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/** Opens the writer and reader connections with the pragmas each needs. */
final class SqliteConnections {
    /** How long a connection waits for a lock held by another one (e.g. a checkpoint) before failing. */
    private static final int BUSY_TIMEOUT_MS = 10_000;

    private SqliteConnections() {
    }

    static Connection openWriter(StoreConfig config) throws SQLException {
        Connection c = open(config);
        try (Statement s = c.createStatement()) {
            // WAL is persistent in the file; setting it on every open is harmless and converts an old file.
            s.execute("PRAGMA journal_mode = WAL");
            s.execute("PRAGMA synchronous = " + config.sync().name().toLowerCase(Locale.ROOT));
            s.execute("PRAGMA cache_size = -32768");
            // Bound the WAL file after a checkpoint so one write burst does not keep gigabytes on disk.
            s.execute("PRAGMA journal_size_limit = 67108864");
            // A checkpoint (copy back into the database file, with a flush) every 1,000 pages would run dozens
            // of times a second under write load; every 10,000 pages (about 40 MB of WAL) it rarely does.
            s.execute("PRAGMA wal_autocheckpoint = 10000");
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return c;
    }

    static Connection openReader(StoreConfig config) throws SQLException {
        Connection c = open(config);
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA query_only = 1");
            s.execute("PRAGMA cache_size = -16384");
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return c;
    }

    private static Connection open(StoreConfig config) throws SQLException {
        java.util.Properties props = new java.util.Properties();
        // The driver would otherwise run an extra query after every INSERT to offer generated keys we never read.
        props.setProperty("jdbc.get_generated_keys", "false");
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + config.file().toAbsolutePath(), props);
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA busy_timeout = " + BUSY_TIMEOUT_MS);
            s.execute("PRAGMA temp_store = MEMORY");
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return c;
    }
}
