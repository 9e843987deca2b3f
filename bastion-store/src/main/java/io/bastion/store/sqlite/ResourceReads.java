package io.bastion.store.sqlite;

import io.bastion.core.resource.Resource;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The store's point and list reads: the cache first, then one indexed query whose parsed results are offered back
 * to the cache. Rows already in the cache are not parsed again.
 */
final class ResourceReads {
    static final String BY_RI = "SELECT " + ResourceRows.COLUMNS + " FROM resources WHERE ri = ?";
    static final String BY_PATH = "SELECT " + ResourceRows.COLUMNS + " FROM resources WHERE path = ?";
    static final String CHILDREN = "SELECT " + ResourceRows.COLUMNS
            + " FROM resources WHERE pi = ? ORDER BY seq";
    static final String CHILDREN_OF_TYPE = "SELECT " + ResourceRows.COLUMNS
            + " FROM resources WHERE pi = ? AND ty = ? ORDER BY seq";
    static final String LATEST = "SELECT " + ResourceRows.COLUMNS
            + " FROM resources WHERE pi = ? AND ty = ? ORDER BY seq DESC LIMIT 1";
    static final String OLDEST = "SELECT " + ResourceRows.COLUMNS
            + " FROM resources WHERE pi = ? AND ty = ? ORDER BY seq LIMIT " + ChildEnds.OLDEST_PREFETCH;
    static final String BY_KEY = "SELECT " + ResourceRows.COLUMNS
            + " FROM resources WHERE pi = ? AND skey = ?";
    static final String ANY_KEY_BETWEEN =
            "SELECT 1 FROM resources WHERE pi = ? AND skey >= ? AND skey <= ? LIMIT 1";
    static final String DESCENDANTS =
            "SELECT ri FROM resources WHERE path > ? AND path < ? ORDER BY depth DESC, seq";
    static final String EXPIRED = "SELECT " + ResourceRows.COLUMNS
            + " FROM resources WHERE et <= ? ORDER BY et LIMIT ?";
    static final String COUNT = "SELECT count(*) FROM resources";

    private final ReadPool pool;
    private final StoreCache cache;
    private final ResourceRows rows;

    ResourceReads(ReadPool pool, StoreCache cache, ResourceRows rows) {
        this.pool = pool;
        this.cache = cache;
        this.rows = rows;
    }

    Optional<Resource> get(String ri) {
        Resource r = cache.get(ri);
        if (r != null) {
            return Optional.of(r);
        }
        long gen = cache.generation();
        return Optional.ofNullable(pool.read("get", c -> first(c.prepare(BY_RI), gen, ri)));
    }

    Optional<Resource> getByPath(String path) {
        Resource r = cache.getByPath(path);
        if (r != null) {
            return Optional.of(r);
        }
        long gen = cache.generation();
        return Optional.ofNullable(pool.read("get by path", c -> first(c.prepare(BY_PATH), gen, path)));
    }

    List<Resource> children(String pi, Integer ty) {
        long gen = cache.generation();
        return pool.read("children", c -> {
            PreparedStatement s = c.prepare(ty == null ? CHILDREN : CHILDREN_OF_TYPE);
            s.setString(1, pi);
            if (ty != null) {
                s.setInt(2, ty);
            }
            return all(s, gen);
        });
    }

    Optional<Resource> latestChild(String pi, int ty) {
        ChildEnds.Ends ends = cache.ends(pi, ty);
        if (ends.latestKnown()) {
            Optional<Resource> r = ends.latest() == null ? Optional.empty() : get(ends.latest());
            if (r.isPresent() || ends.latest() == null) {
                return r;
            }
            // deleted between the two lookups: ask the database below
        }
        long gen = cache.generation();
        Resource r = pool.read("latest child", c -> first(c.prepare(LATEST), gen, pi, ty));
        cache.offerLatest(gen, pi, ty, r == null ? null : r.ri());
        return Optional.ofNullable(r);
    }

    Optional<Resource> oldestChild(String pi, int ty) {
        ChildEnds.Ends ends = cache.ends(pi, ty);
        if (ends.oldestKnown()) {
            Optional<Resource> r = ends.oldestRi() == null ? Optional.empty() : get(ends.oldestRi());
            if (r.isPresent() || ends.oldestRi() == null) {
                return r;
            }
        }
        long gen = cache.generation();
        List<Resource> oldest = pool.read("oldest child", c -> {
            PreparedStatement s = c.prepare(OLDEST);
            s.setString(1, pi);
            s.setInt(2, ty);
            return all(s, gen);
        });
        cache.offerOldest(gen, pi, ty, oldest.stream().map(Resource::ri).toList(),
                oldest.size() < ChildEnds.OLDEST_PREFETCH);
        return oldest.isEmpty() ? Optional.empty() : Optional.of(oldest.get(0));
    }

    Optional<Resource> childByKey(String pi, String key) {
        long gen = cache.generation();
        return Optional.ofNullable(pool.read("child by key", c -> first(c.prepare(BY_KEY), gen, pi, key)));
    }

    boolean hasChildKeyBetween(String pi, String low, String high) {
        return pool.read("child key between", c -> {
            PreparedStatement s = c.prepare(ANY_KEY_BETWEEN);
            s.setString(1, pi);
            s.setString(2, low);
            s.setString(3, high);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        });
    }

    List<String> descendants(String ri) {
        Optional<Resource> top = get(ri);
        if (top.isEmpty()) {
            return List.of();
        }
        PathRange below = PathRange.below(top.get().path());
        return pool.read("descendants", c -> {
            PreparedStatement s = c.prepare(DESCENDANTS);
            s.setString(1, below.low());
            s.setString(2, below.high());
            List<String> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        });
    }

    List<Resource> expired(Instant now, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        long gen = cache.generation();
        return pool.read("expired", c -> {
            PreparedStatement s = c.prepare(EXPIRED);
            s.setLong(1, Micros.floor(now));
            s.setInt(2, limit);
            return all(s, gen);
        });
    }

    long count() {
        return pool.read("count", c -> {
            try (ResultSet rs = c.prepare(COUNT).executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    /** The resource of the current row: the cached one when present, else parsed and offered to the cache. */
    Resource resolve(ResultSet rs, long gen) throws SQLException {
        Resource cached = cache.get(rs.getString(ResourceRows.COL_RI));
        if (cached != null) {
            return cached;
        }
        ResourceRows.RawRow row = rows.rawRow(rs);
        Resource r = row.parse(rows);
        cache.offer(gen, r, row.attrs().length());
        return r;
    }

    private Resource first(PreparedStatement s, long gen, Object... params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            s.setObject(i + 1, params[i]);
        }
        try (ResultSet rs = s.executeQuery()) {
            return rs.next() ? resolve(rs, gen) : null;
        }
    }

    private List<Resource> all(PreparedStatement s, long gen) throws SQLException {
        List<Resource> out = new ArrayList<>();
        try (ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                out.add(resolve(rs, gen));
            }
        }
        return out;
    }
}
