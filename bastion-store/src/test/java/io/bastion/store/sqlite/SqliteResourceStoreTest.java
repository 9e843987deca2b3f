package io.bastion.store.sqlite;

import static io.bastion.store.sqlite.TestResources.AE;
import static io.bastion.store.sqlite.TestResources.CIN;
import static io.bastion.store.sqlite.TestResources.CNT;
import static io.bastion.store.sqlite.TestResources.T0;
import static io.bastion.store.sqlite.TestResources.child;
import static io.bastion.store.sqlite.TestResources.cseBase;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bastion.core.resource.Resource;
import io.bastion.core.resource.SecretAttributes;
import io.bastion.store.DiscoveryQuery;
import io.bastion.store.PathConflictException;
import io.bastion.store.StoreException;
import io.bastion.store.WriteBatch;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteResourceStoreTest {
    @TempDir
    Path dir;
    SqliteResourceStore store;
    Resource cse;

    @BeforeEach
    void open() {
        store = SqliteResourceStore.open(StoreConfig.of(dir.resolve("data/store.db")));
        cse = cseBase().build();
        put(cse);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private void put(Resource... rs) {
        WriteBatch b = new WriteBatch();
        for (Resource r : rs) {
            b.put(r);
        }
        store.write(b);
    }

    private void reopen() {
        store.close();
        store = SqliteResourceStore.open(StoreConfig.of(dir.resolve("data/store.db")));
    }

    private List<String> ris(List<Resource> rs) {
        return rs.stream().map(Resource::ri).toList();
    }

    private List<String> labelled(String label) {
        List<String> out = new ArrayList<>();
        store.discover(new DiscoveryQuery("cse-in", null, null, List.of(label), null, null, null, null, null, null,
                null), r -> out.add(r.ri()));
        return out;
    }

    @Test
    void putResourceIsReadBackByRiAndByPath() {
        Resource ae = child(cse, "C1", AE, "ae1").labels("x").build();
        put(ae);

        assertThat(store.get("C1")).contains(ae);
        assertThat(store.getByPath("cse-in/ae1")).contains(ae);
        assertThat(store.get("nope")).isEmpty();
        assertThat(store.getByPath("cse-in/nope")).isEmpty();
    }

    @Test
    void resourceReadFromDiskEqualsTheOneWritten() {
        Resource ae = child(cse, "C1", AE, "ae1").labels("x", "y").et(T0.plusSeconds(3600)).creator("C1").build();
        ae.attrs().putObject("nested").put("n", 12.5).putArray("list").add(1).add("two");
        put(ae);
        reopen(); // empty cache: the resource is parsed from its row

        Resource read = store.get("C1").orElseThrow();
        assertThat(read.attrs()).isEqualTo(ae.attrs());
        assertThat(read).isEqualTo(ae);
        assertThat(store.getByPath("cse-in/ae1")).contains(ae);
    }

    @Test
    void putWithAnExistingRiReplacesItKeepingItsCreationOrderAndRewritingLabels() {
        Resource cnt = child(cse, "cnt", CNT, "cnt").build();
        put(cnt);
        Resource a = child(cnt, "a", CIN, "a").labels("old").con(1).build();
        put(a, child(cnt, "b", CIN, "b").build(), child(cnt, "c", CIN, "c").build());

        Resource a2 = child(cnt, "a", CIN, "a").labels("new").con(2).build();
        put(a2);

        assertThat(store.get("a")).contains(a2);
        assertThat(ris(store.children("cnt", CIN))).containsExactly("a", "b", "c");
        assertThat(store.oldestChild("cnt", CIN).map(Resource::ri)).contains("a");
        assertThat(labelled("old")).isEmpty();
        assertThat(labelled("new")).containsExactly("a");
        reopen();
        assertThat(store.get("a").orElseThrow().getLong("con", 0)).isEqualTo(2);
        assertThat(ris(store.children("cnt", CIN))).containsExactly("a", "b", "c");
        assertThat(store.count()).isEqualTo(5);
    }

    @Test
    void batchWithAPathConflictWritesNothing() {
        put(child(cse, "A1", AE, "ae1").build());
        WriteBatch b = new WriteBatch()
                .put(child(cse, "A2", AE, "ae2").build())
                .put(child(cse, "A3", AE, "ae1").build()); // ae1 is taken by A1

        assertThatThrownBy(() -> store.write(b)).isInstanceOf(PathConflictException.class)
                .hasMessageContaining("cse-in/ae1");
        assertThat(store.get("A2")).isEmpty();
        assertThat(store.getByPath("cse-in/ae2")).isEmpty();
        assertThat(store.getByPath("cse-in/ae1").map(Resource::ri)).contains("A1");
        assertThat(store.count()).isEqualTo(2);
    }

    @Test
    void deleteRemovesTheWholeSubtreeFromDiskAndCache() {
        Resource ae = child(cse, "ae", AE, "ae1").labels("L").build();
        Resource cnt = child(ae, "cnt", CNT, "cnt").labels("L").build();
        Resource cin = child(cnt, "cin", CIN, "cin").labels("L").build();
        Resource sub = child(cnt, "cnt2", CNT, "sub").build();
        Resource neighbour = child(cse, "ae10", AE, "ae10").build(); // its path extends "cse-in/ae1" as text
        Resource dashed = child(cse, "ae1-x", AE, "ae1-x").build();
        put(ae, cnt, cin, sub, neighbour, dashed);
        for (String ri : List.of("ae", "cnt", "cin", "cnt2")) {
            assertThat(store.get(ri)).isPresent(); // cached now
        }
        assertThat(store.latestChild("cnt", CIN)).isPresent();

        store.write(new WriteBatch().delete("ae"));

        for (Resource r : List.of(ae, cnt, cin, sub)) {
            assertThat(store.get(r.ri())).as(r.ri()).isEmpty();
            assertThat(store.getByPath(r.path())).as(r.path()).isEmpty();
        }
        assertThat(store.latestChild("cnt", CIN)).isEmpty();
        assertThat(store.children("cse", AE)).extracting(Resource::ri).containsExactly("ae10", "ae1-x");
        assertThat(labelled("L")).isEmpty();
        assertThat(store.count()).isEqualTo(3);
        reopen();
        assertThat(store.get("cin")).isEmpty();
        assertThat(store.get("ae10")).isPresent();
    }

    @Test
    void pathCharactersHaveNoPatternMeaningInSubtreeOperations() {
        Resource pct = child(cse, "p", AE, "a%").build();
        Resource under = child(cse, "u", AE, "a_b").build();
        Resource underChild = child(under, "uc", CNT, "c").build();
        Resource pctChild = child(pct, "pc", CNT, "c").build();
        put(pct, under, underChild, pctChild);

        assertThat(store.descendants("p")).containsExactly("pc");
        store.write(new WriteBatch().delete("p"));

        assertThat(store.get("uc")).isPresent();
        assertThat(store.get("pc")).isEmpty();
    }

    @Test
    void deletingAMissingResourceIsNotAnError() {
        store.write(new WriteBatch().delete("ghost"));
        assertThat(store.count()).isEqualTo(1);
    }

    @Test
    void anAmendmentReplacesAStoredResourceButNeverBringsBackADeletedOne() {
        Resource ae = child(cse, "ae", AE, "ae").build();
        Resource cnt = child(ae, "cnt", CNT, "c").build();
        put(ae, cnt);
        com.fasterxml.jackson.databind.node.ObjectNode a = cnt.attrsCopy();
        a.put("mni", 7);
        Resource amended = cnt.withAttrs(a, cnt.expiry());
        store.write(new WriteBatch().amend(amended));
        assertThat(store.get("cnt").orElseThrow().getLong("mni", 0)).isEqualTo(7);

        // Read before its parent's subtree went: the amendment writes nothing, on disk or in the cache.
        store.write(new WriteBatch().delete("ae"));
        store.write(new WriteBatch().amend(amended));
        assertThat(store.get("cnt")).isEmpty();
        assertThat(store.getByPath("cse-in/ae/c")).isEmpty();
        reopen();
        assertThat(store.get("cnt")).isEmpty();
        assertThat(store.count()).isEqualTo(1);
    }

    @Test
    void batchMayDeleteAResourceAndPutANewOneAtTheSamePath() {
        put(child(cse, "old", AE, "ae1").build());
        store.write(new WriteBatch().delete("old").put(child(cse, "new", AE, "ae1").build()));

        assertThat(store.getByPath("cse-in/ae1").map(Resource::ri)).contains("new");
        assertThat(store.get("old")).isEmpty();
    }

    @Test
    void childrenComeInCreationOrderOptionallyOfOneType() {
        Resource ae = child(cse, "ae", AE, "ae").build();
        put(ae);
        // names sort opposite to creation order, so ordering by name or ri would fail
        put(child(ae, "z-cnt", CNT, "z").build());
        put(child(ae, "y-cin", CIN, "y").build());
        put(child(ae, "x-cnt", CNT, "x").build());

        assertThat(ris(store.children("ae", null))).containsExactly("z-cnt", "y-cin", "x-cnt");
        assertThat(ris(store.children("ae", CNT))).containsExactly("z-cnt", "x-cnt");
        assertThat(store.children("ae", 99)).isEmpty();
        assertThat(store.children("nobody", null)).isEmpty();
    }

    @Test
    void descendantsAreListedDeepestFirstWithoutTheResourceItself() {
        Resource ae = child(cse, "ae", AE, "ae").build();
        Resource c1 = child(ae, "c1", CNT, "c1").build();
        Resource c2 = child(ae, "c2", CNT, "c2").build();
        Resource i1 = child(c1, "i1", CIN, "i1").build();
        Resource deep = child(i1, "deep", CIN, "deep").build();
        put(ae, c1, c2, i1, deep);

        assertThat(store.descendants("ae")).containsExactly("deep", "i1", "c1", "c2");
        assertThat(store.descendants("deep")).isEmpty();
        assertThat(store.descendants("ghost")).isEmpty();
    }

    @Test
    void latestAndOldestChildFollowCreatesAndDeletes() {
        Resource cnt = child(cse, "cnt", CNT, "cnt").build();
        put(cnt);
        assertThat(store.latestChild("cnt", CIN)).isEmpty();
        assertThat(store.oldestChild("cnt", CIN)).isEmpty();

        put(child(cnt, "i1", CIN, "i1").build());
        assertThat(store.latestChild("cnt", CIN).map(Resource::ri)).contains("i1");
        assertThat(store.oldestChild("cnt", CIN).map(Resource::ri)).contains("i1");

        put(child(cnt, "i2", CIN, "i2").build());
        put(child(cnt, "i3", CIN, "i3").build());
        put(child(cnt, "sub", CNT, "sub").build()); // another type does not count
        assertThat(store.latestChild("cnt", CIN).map(Resource::ri)).contains("i3");
        assertThat(store.oldestChild("cnt", CIN).map(Resource::ri)).contains("i1");
        assertThat(store.latestChild("cnt", CNT).map(Resource::ri)).contains("sub");

        store.write(new WriteBatch().delete("i3"));
        assertThat(store.latestChild("cnt", CIN).map(Resource::ri)).contains("i2");
        store.write(new WriteBatch().delete("i1"));
        assertThat(store.oldestChild("cnt", CIN).map(Resource::ri)).contains("i2");
        assertThat(store.latestChild("cnt", CIN).map(Resource::ri)).contains("i2");

        // replacing the latest keeps it latest and serves the new version
        put(child(cnt, "i2", CIN, "i2").con(7).build());
        assertThat(store.latestChild("cnt", CIN).map(r -> r.getLong("con", 0))).contains(7L);

        store.write(new WriteBatch().delete("i2"));
        assertThat(store.latestChild("cnt", CIN)).isEmpty();
        assertThat(store.oldestChild("cnt", CIN)).isEmpty();

        put(child(cnt, "i4", CIN, "i4").build(), child(cnt, "i5", CIN, "i5").build());
        reopen(); // cold cache: answered from the index
        assertThat(store.latestChild("cnt", CIN).map(Resource::ri)).contains("i5");
        assertThat(store.oldestChild("cnt", CIN).map(Resource::ri)).contains("i4");
    }

    @Test
    void expiredListsResourcesExpiringAtOrBeforeNowSoonestFirstUpToTheLimit() {
        put(child(cse, "e3", AE, "e3").et(T0.plusSeconds(30)).build(),
                child(cse, "e1", AE, "e1").et(T0.plusSeconds(10)).build(),
                child(cse, "e2", AE, "e2").et(T0.plusSeconds(20)).build(),
                child(cse, "later", AE, "later").et(T0.plusSeconds(31)).build(),
                child(cse, "never", AE, "never").build());

        assertThat(ris(store.expired(T0.plusSeconds(30), 10))).containsExactly("e1", "e2", "e3");
        assertThat(ris(store.expired(T0.plusSeconds(30), 2))).containsExactly("e1", "e2");
        assertThat(store.expired(T0.plusSeconds(9), 10)).isEmpty();
        assertThat(store.expired(T0.plusSeconds(30), 0)).isEmpty();
    }

    @Test
    void everythingCommittedSurvivesCloseAndReopen() {
        Resource ae = child(cse, "ae", AE, "ae").build();
        put(ae);
        List<Resource> written = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            Resource r = child(ae, "r" + i, CNT, "r" + i).labels("l" + (i % 3)).et(T0.plusSeconds(i)).build();
            written.add(r);
            if (i % 2 == 0) {
                put(r);
            } else {
                store.write(new WriteBatch().put(r));
            }
        }
        reopen();

        assertThat(store.count()).isEqualTo(302);
        for (Resource r : written) {
            assertThat(store.get(r.ri())).contains(r);
        }
        assertThat(ris(store.children("ae", CNT))).isEqualTo(ris(written));
        assertThat(labelled("l1")).hasSize(100);
        // the creation sequence continues after reopen: a new child is the latest
        put(child(ae, "after", CNT, "after").build());
        assertThat(store.latestChild("ae", CNT).map(Resource::ri)).contains("after");
    }

    @Test
    void writesAndReadsAfterCloseFailAndCloseTwiceIsHarmless() {
        store.close();
        store.close();
        assertThatThrownBy(() -> put(child(cse, "x", AE, "x").build())).isInstanceOf(StoreException.class)
                .hasMessageContaining("closed");
        assertThatThrownBy(() -> store.get("nothing-cached")).isInstanceOf(StoreException.class);
        store = SqliteResourceStore.open(StoreConfig.of(dir.resolve("data/store.db")));
    }

    @Test
    void aSecondStoreOnTheSameFileIsRefused() {
        assertThatThrownBy(() -> SqliteResourceStore.open(StoreConfig.of(dir.resolve("data/store.db"))))
                .isInstanceOf(StoreException.class).hasMessageContaining("already open");
        assertThat(store.get("cse")).isPresent();
    }

    @Test
    void schemaVersionIsRecordedAndANewerOneIsRefused() throws Exception {
        store.close();
        String url = "jdbc:sqlite:" + dir.resolve("data/store.db");
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("PRAGMA user_version")) {
                assertThat(rs.getInt(1)).isEqualTo(Schema.VERSION);
            }
            try (ResultSet rs = s.executeQuery("PRAGMA journal_mode")) {
                assertThat(rs.getString(1)).isEqualToIgnoringCase("wal");
            }
            s.execute("PRAGMA user_version = " + (Schema.VERSION + 1));
        }
        assertThatThrownBy(() -> SqliteResourceStore.open(StoreConfig.of(dir.resolve("data/store.db"))))
                .isInstanceOf(StoreException.class).hasMessageContaining("newer");
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("PRAGMA user_version = " + Schema.VERSION);
        }
        store = SqliteResourceStore.open(StoreConfig.of(dir.resolve("data/store.db")));
        assertThat(store.get("cse")).isPresent();
    }

    @Test
    void aRootNameIsKeptWithItsResourceAndThroughUpdates() {
        Resource ae = child(cse, "ae", AE, "ae").build();
        Resource plain = child(ae, "plain", CNT, "plain").build();
        Resource made = child(ae, "flex", 28, "flex").build();
        Resource flex = new Resource(made.ri(), made.pi(), made.ty(), made.path(), made.attrs(), made.creator(),
                made.expiry(), "cod:tempe", SecretAttributes.NONE);
        put(ae, plain, flex);
        reopen();
        assertThat(store.get("flex").orElseThrow().root()).isEqualTo("cod:tempe");
        assertThat(store.getByPath(flex.path()).orElseThrow().root()).isEqualTo("cod:tempe");
        assertThat(store.children("ae", 28)).extracting(Resource::root).containsExactly("cod:tempe");
        assertThat(store.get("plain").orElseThrow().root()).isNull();
        Resource changed = store.get("flex").orElseThrow();
        put(changed.withAttrs(changed.attrsCopy().put("curT0", 21), changed.expiry()));
        reopen();
        assertThat(store.get("flex").orElseThrow().root()).isEqualTo("cod:tempe");
        assertThat(store.get("flex").orElseThrow().get("curT0").asInt()).isEqualTo(21);
    }

    @Test
    void aVersionOneDatabaseGainsTheRootSecretsAndSiblingKeyColumnsAndKeepsItsRows() throws Exception {
        put(child(cse, "old", AE, "old").build());
        String url = downgradeTo(1);
        store = SqliteResourceStore.open(StoreConfig.of(dir.resolve("data/store.db")));
        Resource old = store.get("old").orElseThrow();
        assertThat(old.root()).isNull();
        assertThat(old.secrets().isEmpty()).isTrue();
        assertThat(userVersion(url)).isEqualTo(4);
        siblingKeysAreUniqueAtOnce(old);
    }

    @Test
    void aVersionTwoDatabaseGainsTheSecretsAndSiblingKeyColumnsAndKeepsItsRowsAndRoots() throws Exception {
        Resource ae = child(cse, "ae", AE, "ae").build();
        Resource made = child(ae, "flex", 28, "flex").build();
        put(ae, new Resource(made.ri(), made.pi(), made.ty(), made.path(), made.attrs(), made.creator(),
                made.expiry(), "cod:tempe", SecretAttributes.NONE));
        String url = downgradeTo(2);
        store = SqliteResourceStore.open(StoreConfig.of(dir.resolve("data/store.db")));
        assertThat(store.get("flex").orElseThrow().root()).isEqualTo("cod:tempe");
        assertThat(store.get("ae").orElseThrow().secrets().isEmpty()).isTrue();
        assertThat(userVersion(url)).isEqualTo(4);
        // the new columns are used at once
        put(store.get("ae").orElseThrow().withSecrets(SecretAttributes.of(java.util.Map.of("skv", "a2V5"))));
        reopen();
        assertThat(store.get("ae").orElseThrow().secrets().has("skv")).isTrue();
        siblingKeysAreUniqueAtOnce(store.get("ae").orElseThrow());
    }

    @Test
    void aVersionThreeDatabaseGainsTheSiblingKeyIndexAndKeepsItsRootsAndSecrets() throws Exception {
        Resource ae = child(cse, "ae", AE, "ae").build()
                .withSecrets(SecretAttributes.of(java.util.Map.of("skv", "a2V5")));
        Resource made = child(ae, "flex", 28, "flex").build();
        put(ae, new Resource(made.ri(), made.pi(), made.ty(), made.path(), made.attrs(), made.creator(),
                made.expiry(), "cod:tempe", SecretAttributes.NONE));
        String url = downgradeTo(3);
        store = SqliteResourceStore.open(StoreConfig.of(dir.resolve("data/store.db")));
        assertThat(userVersion(url)).isEqualTo(4);
        assertThat(store.get("flex").orElseThrow().root()).isEqualTo("cod:tempe");
        assertThat(store.get("ae").orElseThrow().secrets().has("skv")).isTrue();
        siblingKeysAreUniqueAtOnce(store.get("ae").orElseThrow());
    }

    /**
     * Closes the store and makes its file what schema version {@code v} wrote, by dropping what the later versions
     * added (4: the sibling key and its index; 3: secrets; 2: root); answers the file's JDBC URL.
     */
    private String downgradeTo(int v) throws Exception {
        store.close();
        String url = "jdbc:sqlite:" + dir.resolve("data/store.db");
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            if (v < 4) {
                s.execute("DROP INDEX resources_pi_skey");
                s.execute("ALTER TABLE resources DROP COLUMN skey");
            }
            if (v < 3) {
                s.execute("ALTER TABLE resources DROP COLUMN secrets");
            }
            if (v < 2) {
                s.execute("ALTER TABLE resources DROP COLUMN root");
            }
            s.execute("PRAGMA user_version = " + v);
        }
        return url;
    }

    /** After a migration: a timeSeries below {@code parent} takes one instance per dgt, a second is refused. */
    private void siblingKeysAreUniqueAtOnce(Resource parent) {
        Resource ts = child(parent, "tsm", 29, "tsm").build();
        put(ts);
        store.write(new WriteBatch().create(tsi(ts, "tsm1", "20260101T000000")));
        assertThatThrownBy(() -> store.write(new WriteBatch().create(tsi(ts, "tsm2", "20260101T000000"))))
                .isInstanceOf(io.bastion.store.SiblingKeyConflictException.class);
        reopen();
        assertThat(store.childByKey("tsm", io.bastion.core.time.AbsRelTimestamp.keyOf(
                Instant.parse("2026-01-01T00:00:00Z")))).map(Resource::ri).contains("tsm1");
    }

    private static int userVersion(String url) throws Exception {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("PRAGMA user_version")) {
            return rs.getInt(1);
        }
    }

    @Test
    void secretsAreKeptApartFromTheAttributesAndSurviveAReopen() throws Exception {
        Resource ae = child(cse, "a1", AE, "a1").build()
                .withSecrets(SecretAttributes.of(java.util.Map.of("skv", "c2VjcmV0LWtleS1ieXRlcy0xMjM0NTY=")));
        put(ae);
        reopen();
        Resource back = store.get("a1").orElseThrow();
        assertThat(back.secrets().revealForStorage()).containsEntry("skv", "c2VjcmV0LWtleS1ieXRlcy0xMjM0NTY=");
        assertThat(back.attrs().has("skv")).isFalse();
        assertThat(back.toString()).doesNotContain("c2VjcmV0");
        store.close();
        String url = "jdbc:sqlite:" + dir.resolve("data/store.db");
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT attrs, secrets FROM resources WHERE ri = 'a1'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).doesNotContain("c2VjcmV0");
            assertThat(rs.getString(2)).contains("c2VjcmV0");
        }
        store = SqliteResourceStore.open(StoreConfig.of(dir.resolve("data/store.db")));
        put(store.get("a1").orElseThrow().withSecrets(SecretAttributes.NONE));
        assertThat(store.get("a1").orElseThrow().secrets().isEmpty()).isTrue();
    }

    @Test
    void aDamagedRowIsReportedWithoutSqlInTheMessage() throws Exception {
        put(child(cse, "bad", AE, "bad").build());
        store.close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("data/store.db"));
             Statement s = c.createStatement()) {
            s.execute("UPDATE resources SET attrs = 'not json' WHERE ri = 'bad'");
        }
        store = SqliteResourceStore.open(StoreConfig.of(dir.resolve("data/store.db")));

        assertThatThrownBy(() -> store.get("bad")).isInstanceOf(StoreException.class)
                .hasMessage("store read failed: get");
        assertThat(store.get("cse")).isPresent();
    }

    @Test
    void fullSyncModeStoresAndReadsLikeNormal() {
        store.close();
        store = SqliteResourceStore.open(StoreConfig.of(dir.resolve("data/store.db"))
                .withSync(StoreConfig.SyncMode.FULL).withCacheEntries(16).withReadConnections(1));
        put(child(cse, "f", AE, "f").build());
        reopen();
        assertThat(store.get("f")).isPresent();
    }

    @Test
    void invalidResourceFailsItsBatchWithAClearMessage() {
        Resource noPath = new Resource("x", "cse", AE, "", TestResources.JSON.createObjectNode(), null, null);
        assertThatThrownBy(() -> put(noPath)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("path");
        assertThat(store.get("x")).isEmpty();
        assertThat(store.count()).isEqualTo(1);
    }

    /** A timeSeriesInstance (ty 30) with a dgt, under {@code parent}. */
    private static Resource tsi(Resource parent, String ri, String dgt) {
        return tsi(parent, ri, ri, dgt);
    }

    private static Resource tsi(Resource parent, String ri, String rn, String dgt) {
        Resource r = child(parent, ri, 30, rn).build();
        r.attrs().put("dgt", dgt);
        r.attrs().put("con", "x");
        return r;
    }

    @Test
    void theUniqueIndexRefusesASecondChildWithOneSiblingKeyWhateverTheLocks() {
        Resource ts = child(cse, "ts1", 29, "ts1").build();
        Resource other = child(cse, "ts2", 29, "ts2").build();
        put(ts, other);
        store.write(new WriteBatch().create(tsi(ts, "i1", "20260101T000000")));
        // the same instant in another form, written directly: no CSE lock in front of the store
        assertThatThrownBy(() -> store.write(new WriteBatch().create(tsi(ts, "i2", "20260101T000000,000"))))
                .isInstanceOf(io.bastion.store.SiblingKeyConflictException.class);
        assertThat(store.get("i2")).isEmpty();
        store.write(new WriteBatch().create(tsi(other, "i3", "20260101T000000")));
        store.write(new WriteBatch().create(tsi(ts, "i4", "20260101T000001")));
        String key = io.bastion.core.time.AbsRelTimestamp.keyOf(Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(store.childByKey("ts1", key)).map(Resource::ri).contains("i1");
        assertThat(store.hasChildKeyBetween("ts1", key, key)).isTrue();
        String later = io.bastion.core.time.AbsRelTimestamp.keyOf(Instant.parse("2026-01-01T00:00:00.5Z"));
        String last = io.bastion.core.time.AbsRelTimestamp.keyOf(Instant.parse("2026-01-01T00:00:00.9Z"));
        assertThat(store.hasChildKeyBetween("ts1", later, last)).isFalse();
        // deleting frees the key; a path conflict stays a path conflict
        store.write(new WriteBatch().delete("i1"));
        store.write(new WriteBatch().create(tsi(ts, "i5", "20260101T000000")));
        assertThatThrownBy(() -> store.write(new WriteBatch().create(tsi(ts, "i6", "i4", "20260101T000009"))))
                .isInstanceOf(io.bastion.store.PathConflictException.class)
                .isNotInstanceOf(io.bastion.store.SiblingKeyConflictException.class);
    }
}
