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
import io.bastion.store.DiscoveryQuery;
import io.bastion.store.WriteBatch;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * One tree, every condition. Tree (creation order): ae1, cnt1 (lbl a), ci1..ci4 under cnt1 (ct T0+1..4 s, lt
 * T0+11..14 s, et T0+21..24 s, ci2 labelled b), cnt2 under ae1 (lbl b, rn "x"), ae2 (rn "ae1x", a sibling whose
 * name extends ae1), cnt3 under ae2 (lbl a, rn "x", no expiry), ae1/cnt2/deep (rn "deep").
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DiscoveryTest {
    SqliteResourceStore store;

    @BeforeAll
    void build(@TempDir Path dir) {
        store = SqliteResourceStore.open(StoreConfig.of(dir.resolve("store.db")));
        Resource cse = cseBase().build();
        Resource ae1 = child(cse, "ae1", AE, "ae1").build();
        Resource cnt1 = child(ae1, "cnt1", CNT, "cnt1").labels("a").build();
        WriteBatch b = new WriteBatch().put(cse).put(ae1).put(cnt1);
        for (int i = 1; i <= 4; i++) {
            b.put(child(cnt1, "ci" + i, CIN, "ci" + i).ct(T0.plusSeconds(i)).lt(T0.plusSeconds(10 + i))
                    .et(T0.plusSeconds(20 + i)).labels(i == 2 ? new String[] {"b"} : new String[0]).build());
        }
        Resource cnt2 = child(ae1, "cnt2", CNT, "x").labels("b").build();
        Resource ae2 = child(cse, "ae2", AE, "ae1x").build();
        b.put(cnt2).put(ae2).put(child(ae2, "cnt3", CNT, "x").labels("a").build())
                .put(child(cnt2, "deep", CIN, "deep").build());
        store.write(b);
    }

    @AfterAll
    void close() {
        store.close();
    }

    private static DiscoveryQuery below(String root) {
        return new DiscoveryQuery(root, null, null, null, null, null, null, null, null, null, null);
    }

    /** A query under construction; tests fill in only the conditions they are about. */
    private static class Q {
        String root = "cse-in";
        Integer level;
        List<Integer> types = List.of();
        List<String> labels = List.of();
        String rn;
        Instant cra;
        Instant crb;
        Instant ms;
        Instant us;
        Instant exb;
        Instant exa;

        DiscoveryQuery build() {
            return new DiscoveryQuery(root, level, types, labels, rn, cra, crb, ms, us, exb, exa);
        }
    }

    private List<String> find(UnaryOperator<Q> conditions) {
        return find(conditions.apply(new Q()).build());
    }

    private List<String> find(DiscoveryQuery q) {
        List<String> out = new ArrayList<>();
        store.discover(q, r -> out.add(r.ri()));
        return out;
    }

    @Test
    void resultsAreStrictlyBelowTheRootInCreationOrder() {
        assertThat(find(below("cse-in"))).containsExactly("ae1", "cnt1", "ci1", "ci2", "ci3", "ci4", "cnt2", "ae2",
                "cnt3", "deep");
        // ae2's path cse-in/ae1x extends cse-in/ae1 as text but is not below it
        assertThat(find(below("cse-in/ae1"))).containsExactly("cnt1", "ci1", "ci2", "ci3", "ci4", "cnt2", "deep");
        assertThat(find(below("cse-in/ae1/cnt1/ci1"))).isEmpty();
        assertThat(find(below("cse-in/nothing"))).isEmpty();
    }

    @Test
    void levelCountsFromTheRoot() {
        assertThat(find(q -> { q.level = 1; return q; })).containsExactly("ae1", "ae2");
        assertThat(find(q -> { q.level = 2; return q; })).containsExactly("ae1", "cnt1", "cnt2", "ae2", "cnt3");
        assertThat(find(q -> { q.root = "cse-in/ae1"; q.level = 1; return q; })).containsExactly("cnt1", "cnt2");
        assertThat(find(q -> { q.level = 0; return q; })).isEmpty();
    }

    @Test
    void typesMatchAnyOfTheList() {
        assertThat(find(q -> { q.types = List.of(CNT); return q; })).containsExactly("cnt1", "cnt2", "cnt3");
        assertThat(find(q -> { q.types = List.of(AE, CNT); return q; }))
                .containsExactly("ae1", "cnt1", "cnt2", "ae2", "cnt3");
        assertThat(find(q -> { q.types = List.of(99); return q; })).isEmpty();
    }

    @Test
    void labelsMatchAnyOfTheList() {
        assertThat(find(q -> { q.labels = List.of("a"); return q; })).containsExactly("cnt1", "cnt3");
        assertThat(find(q -> { q.labels = List.of("a", "b"); return q; })).containsExactly("cnt1", "ci2", "cnt2", "cnt3");
        assertThat(find(q -> { q.labels = List.of("zzz"); return q; })).isEmpty();
        assertThat(find(q -> { q.root = "cse-in/ae1"; q.labels = List.of("a"); return q; })).containsExactly("cnt1");
    }

    @Test
    void resourceNameMatchesExactly() {
        assertThat(find(q -> { q.rn = "x"; return q; })).containsExactly("cnt2", "cnt3");
        assertThat(find(q -> { q.rn = "ci"; return q; })).isEmpty();
        assertThat(find(q -> { q.rn = "%"; return q; })).isEmpty();
    }

    @Test
    void creationTimeBoundsAreStrict() {
        assertThat(find(q -> { q.types = List.of(CIN); q.cra = T0.plusSeconds(2); return q; }))
                .containsExactly("ci3", "ci4");
        assertThat(find(q -> { q.types = List.of(CIN); q.crb = T0.plusSeconds(2); return q; }))
                .containsExactly("ci1", "deep"); // deep was created at T0
        assertThat(find(q -> { q.cra = T0.plusSeconds(1); q.crb = T0.plusSeconds(4); return q; }))
                .containsExactly("ci2", "ci3");
        // sub-microsecond bounds round the right way
        assertThat(find(q -> { q.crb = T0.plusSeconds(2).plusNanos(1); q.types = List.of(CIN); return q; }))
                .containsExactly("ci1", "ci2", "deep");
        assertThat(find(q -> { q.cra = T0.plusSeconds(2).minusNanos(1); q.types = List.of(CIN); return q; }))
                .containsExactly("ci2", "ci3", "ci4");
    }

    @Test
    void modifiedSinceIsInclusiveAndUnmodifiedSinceStrict() {
        assertThat(find(q -> { q.ms = T0.plusSeconds(13); return q; })).containsExactly("ci3", "ci4");
        assertThat(find(q -> { q.us = T0.plusSeconds(12); q.types = List.of(CIN); return q; }))
                .containsExactly("ci1", "deep"); // deep was modified at T0
        assertThat(find(q -> { q.ms = T0.plusSeconds(12); q.us = T0.plusSeconds(14); return q; }))
                .containsExactly("ci2", "ci3");
    }

    @Test
    void expirationBoundsAreStrictAndNoExpiryCountsAsNever() {
        assertThat(find(q -> { q.exb = T0.plusSeconds(23); return q; })).containsExactly("ci1", "ci2");
        assertThat(find(q -> { q.exa = T0.plusSeconds(23); q.root = "cse-in/ae1/cnt1"; return q; }))
                .containsExactly("ci4");
        assertThat(find(q -> { q.exa = T0.plusSeconds(23); q.types = List.of(CNT); return q; }))
                .containsExactly("cnt1", "cnt2", "cnt3");
    }

    @Test
    void conditionsCombineWithAnd() {
        assertThat(find(q -> {
            q.root = "cse-in/ae1";
            q.level = 2;
            q.types = List.of(CIN, CNT);
            q.labels = List.of("b", "a");
            q.cra = T0;
            return q;
        })).containsExactly("ci2");
    }

    @Test
    void visitingStopsWhenTheVisitorSaysSo() {
        List<String> seen = new ArrayList<>();
        store.discover(below("cse-in"), r -> {
            seen.add(r.ri());
            return seen.size() < 3;
        });
        assertThat(seen).containsExactly("ae1", "cnt1", "ci1");
    }

    @ParameterizedTest
    @EnumSource(DiscoveryPlan.Driver.class)
    void everyIndexDrivenShapeFindsTheSameResults(DiscoveryPlan.Driver driver) {
        List<DiscoveryQuery> queries = List.of(
                new Q() {{ labels = List.of("a", "b"); types = List.of(CNT, CIN, AE); }}.build(),
                new Q() {{ root = "cse-in/ae1"; types = List.of(CIN); labels = List.of("b"); }}.build(),
                new Q() {{ types = List.of(CNT, AE); level = 2; labels = List.of("a", "zz"); }}.build(),
                new Q() {{ root = "cse-in/ae1"; labels = List.of("b"); exa = T0; types = List.of(CIN, CNT); }}.build(),
                new Q() {{ root = "cse-in/ae1"; level = 1; labels = List.of("a", "b"); types = List.of(CNT); }}.build(),
                new Q() {{ root = "cse-in/ae1/cnt1"; level = 1; labels = List.of("b"); types = List.of(CIN); }}.build());
        int driven = 0;
        for (DiscoveryQuery q : queries) {
            List<String> out = new ArrayList<>();
            if (store.discover(driver, q, r -> out.add(r.ri()))) {
                driven++;
                assertThat(out).as(driver + " " + q).isEqualTo(find(q)).isNotEmpty();
            }
        }
        assertThat(driven).isGreaterThanOrEqualTo(2);
    }

    @Test
    void thePlannerDrivesFromTheMostSelectiveIndex() {
        assertThat(store.plannedDriver(new Q() {{ labels = List.of("a"); }}.build()))
                .isEqualTo(DiscoveryPlan.Driver.LABELS);
        assertThat(store.plannedDriver(new Q() {{ root = "cse-in/ae1/cnt1/ci1"; labels = List.of("a"); }}.build()))
                .isEqualTo(DiscoveryPlan.Driver.SUBTREE);
        assertThat(store.plannedDriver(new Q() {{ types = List.of(99); }}.build()))
                .isEqualTo(DiscoveryPlan.Driver.TYPES);
        assertThat(store.plannedDriver(new Q() {{ level = 1; }}.build())).isEqualTo(DiscoveryPlan.Driver.CHILDREN);
    }

    @Test
    void aVisitorMayReadTheStoreEvenWithASingleReadConnection(@TempDir Path other) {
        try (SqliteResourceStore small = SqliteResourceStore.open(StoreConfig.of(other.resolve("s.db"))
                .withReadConnections(1).withCacheEntries(16))) {
            Resource cse = cseBase().build();
            WriteBatch b = new WriteBatch().put(cse);
            for (int i = 0; i < 300; i++) {
                b.put(child(cse, "r" + i, AE, "r" + i).build());
            }
            small.write(b);
            List<String> parents = new ArrayList<>();
            small.discover(below("cse-in"), r -> {
                parents.add(small.get(r.pi()).orElseThrow().ri());
                return true;
            });
            assertThat(parents).hasSize(300).containsOnly("cse");
        }
    }

    @Test
    void manyResultsArePagedWithoutLossOrRepetition(@TempDir Path other) {
        try (SqliteResourceStore big = SqliteResourceStore.open(StoreConfig.of(other.resolve("b.db"))
                .withCacheEntries(1000))) {
            Resource cse = cseBase().build();
            Resource cnt = child(cse, "cnt", CNT, "cnt").build();
            WriteBatch b = new WriteBatch().put(cse).put(cnt);
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 5000; i++) {
                b.put(child(cnt, "i" + i, CIN, "i" + i).labels("p").build());
                expected.add("i" + i);
            }
            big.write(b);
            DiscoveryQuery all = new Q() {{ root = "cse-in/cnt"; level = 1; types = List.of(CIN); labels = List.of("p"); }}
                    .build();
            for (DiscoveryPlan.Driver d : DiscoveryPlan.Driver.values()) {
                List<String> seen = new ArrayList<>();
                assertThat(big.discover(d, all, r -> seen.add(r.ri()))).isTrue();
                assertThat(seen).as(d.name()).isEqualTo(expected);
            }
        }
    }

    @Test
    void aMissingRootPathIsRejected() {
        assertThatThrownBy(() -> find(below(""))).isInstanceOf(IllegalArgumentException.class);
    }
}
