package io.bastion.store.sqlite;

import io.bastion.core.resource.Resource;
import io.bastion.store.DiscoveryQuery;
import io.bastion.store.StoreException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a discovery page by page in creation order (keyset paging on the sequence). A read connection is held only
 * while one page is fetched, never while the visitor runs, so memory stays bounded by a page, no read transaction
 * stays open across caller code, and a visitor may itself read from (or write to) the store. Rows are parsed only
 * when visited and only if not already cached. Pages start small because most visitors stop after a few results.
 */
final class PagedDiscovery {
    static final int FIRST_PAGE = 128;
    static final int MAX_PAGE = 2048;
    private static final Logger log = LoggerFactory.getLogger(PagedDiscovery.class);

    private final ReadPool pool;
    private final StoreCache cache;
    private final ResourceRows rows;
    private final ResourceReads reads;

    PagedDiscovery(ReadPool pool, StoreCache cache, ResourceRows rows, ResourceReads reads) {
        this.pool = pool;
        this.cache = cache;
        this.rows = rows;
        this.reads = reads;
    }

    /** One page: each item is a cached {@link Resource} or a {@link ResourceRows.RawRow} still to parse. */
    private record Page(List<Object> items, long lastSeq) {
    }

    void run(DiscoveryQuery q, Predicate<Resource> visitor) {
        if (q.rootPath() == null || q.rootPath().isEmpty()) {
            throw new IllegalArgumentException("discovery needs a root path");
        }
        if (q.maxLevel() != null && q.maxLevel() < 1) {
            return; // nothing lies strictly below the root within zero levels
        }
        String rootRi = rootRi(q); // resolved before borrowing: the lookup may need a connection of its own
        DiscoveryPlan plan = pool.read("discovery", c -> DiscoveryPlan.choose(c, q, rootRi));
        visit(plan, visitor);
    }

    /** The root's ri when a one-level discovery could use it (usually a cache hit: the CSE just resolved it). */
    String rootRi(DiscoveryQuery q) {
        if (q.maxLevel() == null || q.maxLevel() != 1) {
            return null;
        }
        return reads.getByPath(q.rootPath()).map(Resource::ri).orElse(null);
    }

    /** Visits the results of a given plan (tests use it to exercise every driver). */
    void visit(DiscoveryPlan plan, Predicate<Resource> visitor) {
        long after = 0;
        int size = FIRST_PAGE;
        while (true) {
            long gen = cache.generation();
            long from = after;
            int n = size;
            Page page = pool.read("discovery", c -> fetch(plan.page(c, from, n)));
            for (Object item : page.items()) {
                Resource r = item instanceof Resource cached ? cached : parse((ResourceRows.RawRow) item, gen);
                if (!visitor.test(r)) {
                    return;
                }
            }
            if (page.items().size() < size) {
                return;
            }
            after = page.lastSeq();
            size = Math.min(size * 4, MAX_PAGE);
        }
    }

    private Page fetch(PreparedStatement s) throws SQLException {
        List<Object> items = new ArrayList<>();
        long last = 0;
        try (ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                last = rs.getLong(ResourceRows.COL_SEQ);
                Resource cached = cache.get(rs.getString(ResourceRows.COL_RI));
                // a cached row's attribute text is never fetched from SQLite, let alone parsed
                items.add(cached != null ? cached : rows.rawRow(rs));
            }
        }
        return new Page(items, last);
    }

    private Resource parse(ResourceRows.RawRow row, long gen) {
        try {
            Resource r = row.parse(rows);
            cache.offer(gen, r, row.attrs().length());
            return r;
        } catch (SQLException e) {
            log.error("store: discovery found a damaged row {}", row.ri(), e);
            throw new StoreException("store read failed: discovery");
        }
    }
}
