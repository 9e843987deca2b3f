package io.bastion.store.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/** One read-only connection with its prepared statements, used by one thread at a time (lent by {@link ReadPool}). */
final class ReadConnection implements AutoCloseable {
    /** Discovery varies its SQL with the query's shape; keep the most used shapes prepared. */
    private static final int MAX_STATEMENTS = 64;

    private final Connection conn;
    private final Map<String, PreparedStatement> statements = new LinkedHashMap<>(32, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, PreparedStatement> eldest) {
            if (size() <= MAX_STATEMENTS) {
                return false;
            }
            closeQuietly(eldest.getValue());
            return true;
        }
    };

    ReadConnection(Connection conn) {
        this.conn = conn;
    }

    PreparedStatement prepare(String sql) throws SQLException {
        PreparedStatement s = statements.get(sql);
        if (s == null) {
            s = conn.prepareStatement(sql);
            statements.put(sql, s);
        }
        return s;
    }

    private static void closeQuietly(PreparedStatement s) {
        try {
            s.close();
        } catch (SQLException e) {
            // nothing to do: the statement is being dropped
        }
    }

    @Override
    public void close() throws SQLException {
        statements.values().forEach(ReadConnection::closeQuietly);
        statements.clear();
        conn.close();
    }
}
