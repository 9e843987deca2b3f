package io.bastion.store.sqlite;

import io.bastion.store.DiscoveryQuery;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The SQL of one discovery, built only from fixed fragments and bound parameters, and the index it is driven by.
 *
 * <p>Results must come in creation order and the visitor usually stops early, so the choice is between two shapes:
 * <ul>
 *   <li>drive from an index that yields few candidates (the subtree's path range, the root's children for one level,
 *   the types, or the labels) and sort those by sequence — cheap when the candidates are few, whatever the table
 *   size;</li>
 *   <li>walk the table in sequence order (it is stored in that order) and stop as soon as enough rows matched — cheap
 *   when matches are dense, which is exactly when every index yields many candidates.</li>
 * </ul>
 * Each candidate index is probed with a count bounded by {@link #FEW}; the smallest one under that bound drives the
 * query, else the table walk does. The probes read index entries only and cost at most a few thousand steps.
 */
final class DiscoveryPlan {
    /** Below this many candidates, sorting them beats walking the table. */
    static final int FEW = 4096;

    enum Driver {
        SUBTREE("INDEXED BY resources_path"),
        CHILDREN("INDEXED BY resources_pi_ty"),
        TYPES("INDEXED BY resources_ty"),
        LABELS("INDEXED BY resources_ri"),
        WALK("NOT INDEXED");

        final String hint;

        Driver(String hint) {
            this.hint = hint;
        }
    }

    private final Driver driver;
    private final String sql;
    private final List<Object> params;

    private DiscoveryPlan(Driver driver, String sql, List<Object> params) {
        this.driver = driver;
        this.sql = sql;
        this.params = params;
    }

    Driver driver() {
        return driver;
    }

    String sql() {
        return sql;
    }

    List<Object> params() {
        return params;
    }

    /**
     * Probes the candidate indexes on {@code c} and builds the page query.
     *
     * @param rootRi the ri of the root when known; lets a one-level discovery use the parent index
     */
    static DiscoveryPlan choose(ReadConnection c, DiscoveryQuery q, String rootRi) throws SQLException {
        Driver best = Driver.WALK;
        long fewest = FEW;
        if (!q.labels().isEmpty()) {
            long n = probe(c, "SELECT count(*) FROM (SELECT 1 FROM labels INDEXED BY labels_lbl WHERE lbl IN ("
                    + marks(q.labels().size()) + ") LIMIT ?)", new ArrayList<>(q.labels()));
            if (n < fewest) {
                best = Driver.LABELS;
                fewest = n;
            }
        }
        if (!q.types().isEmpty() && fewest > 0) {
            long n = probe(c, "SELECT count(*) FROM (SELECT 1 FROM resources INDEXED BY resources_ty WHERE ty IN ("
                    + marks(q.types().size()) + ") LIMIT ?)", new ArrayList<>(q.types()));
            if (n < fewest) {
                best = Driver.TYPES;
                fewest = n;
            }
        }
        if (fewest > 0 && rootRi != null && q.maxLevel() != null && q.maxLevel() == 1) {
            // the children are a subset of the subtree, so the subtree need not be probed
            long n = probe(c, "SELECT count(*) FROM (SELECT 1 FROM resources INDEXED BY resources_pi_ty"
                    + " WHERE pi = ? LIMIT ?)", new ArrayList<>(List.of(rootRi)));
            if (n < fewest) {
                best = Driver.CHILDREN;
            }
        } else if (fewest > 0) {
            PathRange below = PathRange.below(q.rootPath());
            long n = probe(c, "SELECT count(*) FROM (SELECT 1 FROM resources INDEXED BY resources_path"
                    + " WHERE path > ? AND path < ? LIMIT ?)", new ArrayList<>(List.of(below.low(), below.high())));
            if (n < fewest) {
                best = Driver.SUBTREE;
            }
        }
        return build(best, q, rootRi);
    }

    /** Whether the query has the condition the driver's index needs. */
    static boolean canDrive(Driver driver, DiscoveryQuery q, String rootRi) {
        return switch (driver) {
            case TYPES -> !q.types().isEmpty();
            case LABELS -> !q.labels().isEmpty();
            case CHILDREN -> rootRi != null && q.maxLevel() != null && q.maxLevel() == 1;
            case SUBTREE, WALK -> true;
        };
    }

    /**
     * The page query driven by the given index (tests build each shape to check they agree). An index-driven query
     * sorts only the sequence numbers of its candidates and then fetches the page's rows by rowid, so the sort never
     * carries attribute text; the table walk needs no sort at all.
     */
    static DiscoveryPlan build(Driver driver, DiscoveryQuery q, String rootRi) {
        if (!canDrive(driver, q, rootRi)) {
            throw new IllegalArgumentException(driver + " cannot drive a query without that condition");
        }
        PathRange below = PathRange.below(q.rootPath());
        StringBuilder where = new StringBuilder(" FROM resources ").append(driver.hint)
                .append(" WHERE path > ? AND path < ?");
        List<Object> params = new ArrayList<>(List.of(below.low(), below.high()));
        if (driver == Driver.CHILDREN) {
            where.append(" AND pi = ?");
            params.add(rootRi);
        }
        if (q.maxLevel() != null) {
            where.append(" AND depth <= ?");
            params.add(PathRange.depth(q.rootPath()) + (long) q.maxLevel());
        }
        if (!q.types().isEmpty()) {
            where.append(" AND ty IN (").append(marks(q.types().size())).append(')');
            params.addAll(q.types());
        }
        if (q.rn() != null) {
            where.append(" AND rn = ?");
            params.add(q.rn());
        }
        if (q.createdAfter() != null) {
            where.append(" AND ct > ?");
            params.add(Micros.floor(q.createdAfter()));
        }
        if (q.createdBefore() != null) {
            where.append(" AND ct < ?");
            params.add(Micros.ceil(q.createdBefore()));
        }
        if (q.modifiedSince() != null) {
            where.append(" AND lt >= ?");
            params.add(Micros.ceil(q.modifiedSince()));
        }
        if (q.unmodifiedSince() != null) {
            where.append(" AND lt < ?");
            params.add(Micros.ceil(q.unmodifiedSince()));
        }
        if (q.expireBefore() != null) {
            where.append(" AND et < ?");
            params.add(Micros.ceil(q.expireBefore()));
        }
        if (q.expireAfter() != null) {
            // no expiry means never expires, which is after any time
            where.append(" AND (et IS NULL OR et > ?)");
            params.add(Micros.floor(q.expireAfter()));
        }
        if (!q.labels().isEmpty()) {
            where.append(" AND ri IN (SELECT ri FROM labels WHERE lbl IN (").append(marks(q.labels().size()))
                    .append("))");
            params.addAll(q.labels());
        }
        where.append(" AND seq > ? ORDER BY seq LIMIT ?");
        String sql = driver == Driver.WALK
                ? "SELECT " + ResourceRows.COLUMNS + where
                : "SELECT " + ResourceRows.COLUMNS + " FROM resources WHERE seq IN (SELECT seq" + where
                        + ") ORDER BY seq";
        return new DiscoveryPlan(driver, sql, Collections.unmodifiableList(params));
    }

    /** Binds the conditions plus the page window: rows after sequence {@code after}, at most {@code size}. */
    PreparedStatement page(ReadConnection c, long after, int size) throws SQLException {
        PreparedStatement s = c.prepare(sql);
        int i = 1;
        for (Object p : params) {
            s.setObject(i++, p);
        }
        s.setLong(i++, after);
        s.setInt(i, size);
        return s;
    }

    private static long probe(ReadConnection c, String sql, List<Object> params) throws SQLException {
        PreparedStatement s = c.prepare(sql);
        params.add(FEW);
        for (int i = 0; i < params.size(); i++) {
            s.setObject(i + 1, params.get(i));
        }
        try (ResultSet rs = s.executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    private static String marks(int n) {
        return String.join(", ", Collections.nCopies(n, "?"));
    }
}
