package io.bastion.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import io.bastion.store.DiscoveryQuery;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store's statements use the indexes they were written for: no full scan and no sort where an index gives the
 * order, so their cost does not grow with the number of resources. Checked with EXPLAIN QUERY PLAN on the schema.
 */
class QueryPlanTest {
    @TempDir
    Path dir;
    Connection c;

    @BeforeEach
    void schema() throws SQLException {
        c = SqliteConnections.openWriter(StoreConfig.of(dir.resolve("plan.db")));
        Schema.migrate(c);
    }

    @AfterEach
    void close() throws SQLException {
        c.close();
    }

    private String plan(String sql) throws SQLException {
        List<String> steps = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("EXPLAIN QUERY PLAN " + sql); ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                steps.add(rs.getString(4));
            }
        }
        return String.join(" | ", steps);
    }

    @Test
    void pointAndChildReadsSeekAnIndexWithoutSorting() throws SQLException {
        Map<String, String> expected = Map.of(
                ResourceReads.BY_RI, "resources_ri",
                ResourceReads.BY_PATH, "resources_path",
                ResourceReads.CHILDREN_OF_TYPE, "resources_pi_ty",
                ResourceReads.LATEST, "resources_pi_ty",
                ResourceReads.OLDEST, "resources_pi_ty",
                ResourceReads.EXPIRED, "resources_et",
                BatchApplier.SELECT_BY_RI, "resources_ri",
                BatchApplier.SELECT_SUBTREE, "resources_path",
                BatchApplier.DELETE_SUBTREE, "resources_path");
        for (var e : expected.entrySet()) {
            String plan = plan(e.getKey());
            assertThat(plan).as(e.getKey()).contains("SEARCH resources USING INDEX " + e.getValue())
                    .doesNotContain("TEMP B-TREE");
        }
        assertThat(plan(ResourceReads.CHILDREN)).contains("SEARCH resources USING INDEX resources_pi_ty");
        assertThat(plan(ResourceReads.DESCENDANTS)).contains("SEARCH resources USING INDEX resources_path");
        assertThat(plan(BatchApplier.DELETE_SUBTREE_LABELS)).contains("resources_path").doesNotContain("SCAN labels");
    }

    @Test
    void discoveryWalksInSequenceOrderOrSortsOnlyIndexCandidates() throws SQLException {
        DiscoveryQuery q = new DiscoveryQuery("cse-in", null, List.of(3, 4), List.of("a", "b"), "x", null, null, null,
                null, null, null);
        DiscoveryQuery lvl1 = new DiscoveryQuery("cse-in", 1, List.of(3), List.of(), null, null, null, null, null,
                null, null);
        String walk = plan(DiscoveryPlan.build(DiscoveryPlan.Driver.WALK, q, null).sql());
        assertThat(walk).contains("SEARCH resources USING INTEGER PRIMARY KEY (rowid>?)").doesNotContain("TEMP B-TREE");
        assertThat(plan(DiscoveryPlan.build(DiscoveryPlan.Driver.SUBTREE, q, null).sql()))
                .contains("USING INDEX resources_path (path>? AND path<?)");
        assertThat(plan(DiscoveryPlan.build(DiscoveryPlan.Driver.TYPES, q, null).sql()))
                .contains("USING INDEX resources_ty (ty=?");
        assertThat(plan(DiscoveryPlan.build(DiscoveryPlan.Driver.LABELS, q, null).sql()))
                .contains("USING INDEX resources_ri (ri=?").contains("labels_lbl");
        assertThat(plan(DiscoveryPlan.build(DiscoveryPlan.Driver.CHILDREN, lvl1, "cse").sql()))
                .contains("USING INDEX resources_pi_ty (pi=? AND ty=?");
    }
}
