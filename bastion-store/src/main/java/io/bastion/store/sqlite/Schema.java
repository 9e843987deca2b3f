package io.bastion.store.sqlite;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Creates and upgrades the tables. The version lives in {@code PRAGMA user_version}; each entry of
 * {@link #MIGRATIONS} takes the database from version i to i + 1, so a later release appends a step and never edits
 * an old one.
 *
 * <p>Why {@code seq} is the INTEGER PRIMARY KEY (the rowid) and {@code ri} a UNIQUE index: for a text key SQLite
 * builds exactly such a unique index anyway, so lookups by ri cost the same, while making the creation sequence the
 * rowid stores rows in creation order and appends the sequence to every index entry for free. Children by
 * {@code (pi, ty)} therefore come out of the index already in creation order, {@code la}/{@code ol} are one index
 * step, and discovery pages in creation order without sorting.
 */
final class Schema {
    static final int VERSION = 4;

    private static final List<List<String>> MIGRATIONS = List.of(List.of(
            """
            CREATE TABLE resources (
              seq     INTEGER PRIMARY KEY,
              ri      TEXT    NOT NULL,
              pi      TEXT,
              ty      INTEGER NOT NULL,
              path    TEXT    NOT NULL,
              depth   INTEGER NOT NULL,
              rn      TEXT,
              ct      INTEGER,
              lt      INTEGER,
              et      INTEGER,
              creator TEXT,
              attrs   TEXT    NOT NULL
            )""",
            // Named indexes (rather than column constraints) so the discovery planner can name them in INDEXED BY.
            "CREATE UNIQUE INDEX resources_ri ON resources(ri)",
            "CREATE UNIQUE INDEX resources_path ON resources(path)",
            // Keys end with the rowid, i.e. (pi, ty, seq) and (ty, seq).
            "CREATE INDEX resources_pi_ty ON resources(pi, ty)",
            "CREATE INDEX resources_ty ON resources(ty)",
            "CREATE INDEX resources_et ON resources(et) WHERE et IS NOT NULL",
            "CREATE TABLE labels (ri TEXT NOT NULL, lbl TEXT NOT NULL, PRIMARY KEY (ri, lbl)) WITHOUT ROWID",
            "CREATE INDEX labels_lbl ON labels(lbl)"),
            // 2: the root element name of a resource whose type does not fix one (a flexContainer specialization the
            // CSE has no descriptor for); NULL for every other resource, so existing rows need no rewrite.
            List.of("ALTER TABLE resources ADD COLUMN root TEXT"),
            // 3: the secret attributes of a resource (a symmetric key value), apart from the attributes that every
            // representation is made of; NULL for nearly every row.
            List.of("ALTER TABLE resources ADD COLUMN secrets TEXT"),
            // 4: the sibling key of a type that has one (a timeSeriesInstance's dgt), unique under one parent and
            // ordered, for the exact duplicate check and the range look-ups of missing-data detection. Partial: the
            // rows of other types (NULL) cost no index entry.
            List.of("ALTER TABLE resources ADD COLUMN skey TEXT",
                    "CREATE UNIQUE INDEX resources_pi_skey ON resources(pi, skey) WHERE skey IS NOT NULL"));

    private Schema() {
    }

    /** Brings the database to {@link #VERSION}, each step in its own transaction. */
    static void migrate(Connection c) throws SQLException {
        int version = userVersion(c);
        if (version > VERSION) {
            throw new IllegalStateException("the database has schema version " + version
                    + ", newer than this release understands (" + VERSION + ")");
        }
        try (Statement s = c.createStatement()) {
            for (int v = version; v < VERSION; v++) {
                s.execute("BEGIN IMMEDIATE");
                try {
                    for (String ddl : MIGRATIONS.get(v)) {
                        s.execute(ddl);
                    }
                    s.execute("PRAGMA user_version = " + (v + 1));
                    s.execute("COMMIT");
                } catch (SQLException | RuntimeException e) {
                    s.execute("ROLLBACK");
                    throw e;
                }
            }
        }
    }

    static int userVersion(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA user_version")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }
}
