package io.bastion.store.sqlite;

import io.bastion.core.resource.Resource;
import io.bastion.core.resource.ResourceTypes;
import io.bastion.store.PathConflictException;
import io.bastion.store.SiblingKeyConflictException;
import io.bastion.store.WriteBatch;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Objects;
import java.sql.Types;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * Runs the SQL of one {@link WriteBatch} on the write connection (inside the transaction and savepoint the writer
 * opened) and records its effects for the caches. Deletes run before puts, so a batch may delete a resource and put
 * a new one at the same path. Used by the writer thread only.
 */
final class BatchApplier implements AutoCloseable {
    static final String SELECT_BY_RI = "SELECT seq, pi, ty, path FROM resources WHERE ri = ?";
    static final String SELECT_SUBTREE = "SELECT ri, pi, ty, path FROM resources WHERE path > ? AND path < ?";
    static final String DELETE_SUBTREE_LABELS =
            "DELETE FROM labels WHERE ri IN (SELECT ri FROM resources WHERE path > ? AND path < ?)";
    static final String DELETE_SUBTREE = "DELETE FROM resources WHERE path > ? AND path < ?";
    static final String DELETE_LABELS = "DELETE FROM labels WHERE ri = ?";
    static final String DELETE_BY_SEQ = "DELETE FROM resources WHERE seq = ?";
    static final String DELETE_BY_RI = "DELETE FROM resources WHERE ri = ?";
    static final String INSERT = "INSERT INTO resources (pi, ty, path, depth, rn, ct, lt, et, creator, attrs, ri, seq,"
            + " root, secrets, skey) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    static final String UPDATE = "UPDATE resources SET lt = ?, et = ?, attrs = ?, secrets = ? WHERE seq = ?";
    static final String INSERT_LABEL = "INSERT OR IGNORE INTO labels (ri, lbl) VALUES (?, ?)";

    private final ResourceRows rows;
    private final PreparedStatement selectByRi;
    private final PreparedStatement selectSubtree;
    private final PreparedStatement deleteSubtreeLabels;
    private final PreparedStatement deleteSubtree;
    private final PreparedStatement deleteLabels;
    private final PreparedStatement deleteBySeq;
    private final PreparedStatement deleteByRi;
    private final PreparedStatement insert;
    private final PreparedStatement update;
    private final PreparedStatement insertLabel;
    /** Next creation sequence; only grows, so a new row is always the latest child of its parent. */
    private long nextSeq;

    BatchApplier(Connection c, ResourceRows rows) throws SQLException {
        this.rows = rows;
        selectByRi = c.prepareStatement(SELECT_BY_RI);
        selectSubtree = c.prepareStatement(SELECT_SUBTREE);
        deleteSubtreeLabels = c.prepareStatement(DELETE_SUBTREE_LABELS);
        deleteSubtree = c.prepareStatement(DELETE_SUBTREE);
        deleteLabels = c.prepareStatement(DELETE_LABELS);
        deleteBySeq = c.prepareStatement(DELETE_BY_SEQ);
        deleteByRi = c.prepareStatement(DELETE_BY_RI);
        insert = c.prepareStatement(INSERT);
        update = c.prepareStatement(UPDATE);
        insertLabel = c.prepareStatement(INSERT_LABEL);
        try (var s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT coalesce(max(seq), 0) FROM resources")) {
            rs.next();
            nextSeq = rs.getLong(1) + 1;
        }
    }

    BatchEffects apply(WriteBatch batch) throws SQLException {
        BatchEffects fx = new BatchEffects();
        for (String ri : batch.deletes()) {
            Resource known = batch.deleted(ri);
            if (known != null && isLeafType(known.ty())) {
                deleteLeaf(known, fx);
            } else {
                deleteSubtree(ri, fx);
            }
        }
        for (Resource r : batch.puts()) {
            put(r, batch.isCreate(r.ri()), batch.isAmend(r.ri()), fx);
        }
        return fx;
    }

    private void deleteSubtree(String ri, BatchEffects fx) throws SQLException {
        Existing top = find(ri);
        if (top == null) {
            return; // already gone (e.g. a concurrent delete won): deleting is idempotent
        }
        if (isLeafType(top.ty())) {
            fx.deleted.add(new BatchEffects.Deleted(ri, top.pi(), top.ty(), top.path()));
            deleteLabels.setString(1, ri);
            deleteLabels.executeUpdate();
            deleteBySeq.setLong(1, top.seq());
            deleteBySeq.executeUpdate();
            return;
        }
        PathRange below = PathRange.below(top.path());
        selectSubtree.setString(1, below.low());
        selectSubtree.setString(2, below.high());
        try (ResultSet rs = selectSubtree.executeQuery()) {
            while (rs.next()) {
                fx.deleted.add(new BatchEffects.Deleted(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getString(4)));
            }
        }
        fx.deleted.add(new BatchEffects.Deleted(ri, top.pi(), top.ty(), top.path()));
        deleteSubtreeLabels.setString(1, below.low());
        deleteSubtreeLabels.setString(2, below.high());
        deleteSubtreeLabels.executeUpdate();
        deleteSubtree.setString(1, below.low());
        deleteSubtree.setString(2, below.high());
        deleteSubtree.executeUpdate();
        deleteLabels.setString(1, ri);
        deleteLabels.executeUpdate();
        deleteBySeq.setLong(1, top.seq());
        deleteBySeq.executeUpdate();
    }

    private void put(Resource r, boolean isNew, boolean onlyIfStored, BatchEffects fx) throws SQLException {
        validate(r);
        Existing old = isNew ? null : find(r.ri());
        if (old == null && onlyIfStored) {
            return; // deleted since it was read: an amendment never brings it back
        }
        String json = rows.json(r);
        if (old == null) {
            insert(r, json);
        } else {
            replace(r, old, json);
        }
        for (String lbl : r.getList("lbl")) {
            insertLabel.setString(1, r.ri());
            insertLabel.setString(2, lbl);
            insertLabel.executeUpdate();
        }
        fx.stored.add(new BatchEffects.Stored(r, old == null, old == null ? null : old.pi(),
                old == null ? 0 : old.ty(), json.length()));
    }

    private void insert(Resource r, String json) throws SQLException {
        insert.setString(1, r.pi());
        insert.setInt(2, r.ty());
        insert.setString(3, r.path());
        insert.setInt(4, PathRange.depth(r.path()));
        insert.setString(5, ResourceRows.rn(r));
        setLong(insert, 6, ResourceRows.timeAttr(r, "ct"));
        setLong(insert, 7, ResourceRows.timeAttr(r, "lt"));
        setLong(insert, 8, r.expiry() == null ? null : Micros.floor(r.expiry()));
        insert.setString(9, r.creator());
        insert.setString(10, json);
        insert.setString(11, r.ri());
        insert.setLong(12, nextSeq++);
        insert.setString(13, r.root());
        insert.setString(14, rows.secretsJson(r));
        String skey = ResourceTypes.byTy(r.ty()).map(t -> t.siblingKeyOf(r)).orElse(null);
        insert.setString(15, skey);
        try {
            insert.executeUpdate();
        } catch (SQLiteException e) {
            // A new ri is fresh, so the unique key this statement collides on is the path or the sibling key.
            if (isUniqueViolation(e)) {
                if (skey != null && String.valueOf(e.getMessage()).contains("skey")) {
                    throw new SiblingKeyConflictException(r.pi(), skey);
                }
                throw new PathConflictException(r.path());
            }
            throw e;
        }
    }

    /**
     * Replaces a stored resource. Identity and place (ri, pi, ty, path, rn, ct, creator) never change, so only
     * lt, et and the attributes are written: SQLite rewrites the index entries of every column a SET names,
     * and leaving the indexed ones out keeps an update to one table page.
     */
    private void replace(Resource r, Existing old, String json) throws SQLException {
        if (!old.path().equals(r.path()) || !Objects.equals(old.pi(), r.pi()) || old.ty() != r.ty()) {
            throw new IllegalArgumentException("resource " + r.ri() + " cannot move or change its type");
        }
        setLong(update, 1, ResourceRows.timeAttr(r, "lt"));
        setLong(update, 2, r.expiry() == null ? null : Micros.floor(r.expiry()));
        update.setString(3, json);
        update.setString(4, rows.secretsJson(r));
        update.setLong(5, old.seq());
        update.executeUpdate();
        deleteLabels.setString(1, r.ri());
        deleteLabels.executeUpdate();
    }

    /** One statement (two with labels) for a resource that cannot have children and was read just before. */
    private void deleteLeaf(Resource r, BatchEffects fx) throws SQLException {
        deleteByRi.setString(1, r.ri());
        if (deleteByRi.executeUpdate() == 0) {
            return; // already gone: deleting is idempotent
        }
        if (!r.getList("lbl").isEmpty()) {
            deleteLabels.setString(1, r.ri());
            deleteLabels.executeUpdate();
        }
        fx.deleted.add(new BatchEffects.Deleted(r.ri(), r.pi(), r.ty(), r.path()));
    }

    /** A type that can have no children (contentInstance): its subtree is itself, no range queries needed. */
    private static boolean isLeafType(int ty) {
        return ResourceTypes.byTy(ty).map(t -> t.childTypes().isEmpty()).orElse(false);
    }

    private static void validate(Resource r) {
        if (r.ri() == null || r.ri().isEmpty()) {
            throw new IllegalArgumentException("a stored resource needs an ri");
        }
        if (r.path() == null || r.path().isEmpty() || r.path().startsWith("/") || r.path().endsWith("/")) {
            throw new IllegalArgumentException("resource " + r.ri() + " has no valid structured path");
        }
        if (r.attrs() == null) {
            throw new IllegalArgumentException("resource " + r.ri() + " has no attributes");
        }
    }

    private static boolean isUniqueViolation(SQLiteException e) {
        SQLiteErrorCode code = e.getResultCode();
        return code == SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE
                || code == SQLiteErrorCode.SQLITE_CONSTRAINT && String.valueOf(e.getMessage()).contains("UNIQUE");
    }

    private record Existing(long seq, String pi, int ty, String path) {
    }

    private Existing find(String ri) throws SQLException {
        selectByRi.setString(1, ri);
        try (ResultSet rs = selectByRi.executeQuery()) {
            return rs.next() ? new Existing(rs.getLong(1), rs.getString(2), rs.getInt(3), rs.getString(4)) : null;
        }
    }

    private static void setLong(PreparedStatement s, int i, Long v) throws SQLException {
        if (v == null) {
            s.setNull(i, Types.BIGINT);
        } else {
            s.setLong(i, v);
        }
    }

    @Override
    public void close() throws SQLException {
        for (PreparedStatement s : new PreparedStatement[] {selectByRi, selectSubtree, deleteSubtreeLabels,
                deleteSubtree, deleteLabels, deleteBySeq, deleteByRi, insert, update, insertLabel}) {
            s.close();
        }
    }
}
