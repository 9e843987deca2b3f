package io.bastion.store.sqlite;

import static io.bastion.store.sqlite.TestResources.AE;
import static io.bastion.store.sqlite.TestResources.CIN;
import static io.bastion.store.sqlite.TestResources.CNT;
import static io.bastion.store.sqlite.TestResources.child;
import static io.bastion.store.sqlite.TestResources.cseBase;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bastion.core.resource.Resource;
import io.bastion.store.PathConflictException;
import io.bastion.store.StoreException;
import io.bastion.store.WriteBatch;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GroupCommitTest {
    @TempDir
    Path dir;

    /** Attributes whose serialisation waits at a gate, to hold the writer inside a transaction on purpose. */
    @SuppressWarnings("unchecked") // inherited from Jackson: ObjectNode narrows JsonNode.deepCopy()
    static final class GatedAttrs extends ObjectNode {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        GatedAttrs() {
            super(JsonNodeFactory.instance);
        }

        @Override
        public void serialize(JsonGenerator g, SerializerProvider p) throws IOException {
            entered.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            super.serialize(g, p);
        }
    }

    @Test
    void aPathConflictRollsBackOnlyItsOwnBatchWhileTheOthersInTheSameCommitLand() throws Exception {
        StoreConfig config = StoreConfig.of(dir.resolve("store.db"));
        Resource cse = cseBase().build();
        try (SqliteResourceStore store = SqliteResourceStore.open(config)) {
            store.write(new WriteBatch().put(cse).put(child(cse, "taken", AE, "taken").build()));
            ExecutorService pool = Executors.newFixedThreadPool(16);
            try {
                GatedAttrs gated = new GatedAttrs();
                gated.put("rn", "gate");
                Resource gate = new Resource("gate", "cse", AE, "cse-in/gate", gated, null, null);
                Future<?> gateWrite = pool.submit(() -> store.write(new WriteBatch().put(gate)));
                assertThat(gated.entered.await(10, TimeUnit.SECONDS)).isTrue(); // writer is now inside a transaction

                Map<String, Future<?>> writes = new ConcurrentHashMap<>();
                for (int i = 0; i < 4; i++) {
                    WriteBatch bad = new WriteBatch()
                            .put(child(cse, "bad" + i + "-ok", AE, "bad" + i).build())
                            .put(child(cse, "bad" + i, AE, "taken").build());
                    writes.put("bad" + i, pool.submit(() -> store.write(bad)));
                }
                for (int i = 0; i < 8; i++) {
                    WriteBatch good = new WriteBatch()
                            .put(child(cse, "good" + i + "a", AE, "good" + i + "a").build())
                            .put(child(cse, "good" + i + "b", AE, "good" + i + "b").build());
                    writes.put("good" + i, pool.submit(() -> store.write(good)));
                }
                // two batches of the same group claiming one new path: the first queued wins
                WriteBatch dup1 = new WriteBatch().put(child(cse, "dup1", AE, "dup").build());
                WriteBatch dup2 = new WriteBatch().put(child(cse, "dup2", AE, "dup").build());
                writes.put("dup1", pool.submit(() -> store.write(dup1)));
                awaitQueued(store, 13);
                writes.put("dup2", pool.submit(() -> store.write(dup2)));
                awaitQueued(store, 14);

                long commitsBefore = store.commits();
                gated.release.countDown();
                gateWrite.get(10, TimeUnit.SECONDS);
                Map<String, Throwable> failures = new ConcurrentHashMap<>();
                for (var e : writes.entrySet()) {
                    try {
                        e.getValue().get(10, TimeUnit.SECONDS);
                    } catch (java.util.concurrent.ExecutionException ex) {
                        failures.put(e.getKey(), ex.getCause());
                    }
                }

                assertThat(store.commits() - commitsBefore).as("the 14 queued batches shared one commit").isEqualTo(2);
                assertThat(failures.keySet()).containsExactlyInAnyOrder("bad0", "bad1", "bad2", "bad3", "dup2");
                assertThat(failures.values()).allSatisfy(t -> assertThat(t).isInstanceOf(PathConflictException.class));
                assertCommittedState(store);
            } finally {
                pool.shutdownNow();
            }
        }
        try (SqliteResourceStore reopened = SqliteResourceStore.open(config)) {
            assertCommittedState(reopened);
        }
    }

    @Test
    void closeCommitsTheWritesAlreadyQueuedAndRefusesLaterOnes() throws Exception {
        StoreConfig config = StoreConfig.of(dir.resolve("close.db"));
        Resource cse = cseBase().build();
        SqliteResourceStore store = SqliteResourceStore.open(config);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            store.write(new WriteBatch().put(cse));
            GatedAttrs gated = new GatedAttrs();
            gated.put("rn", "gate");
            Future<?> gateWrite = pool.submit(() -> store.write(new WriteBatch()
                    .put(new Resource("gate", "cse", AE, "cse-in/gate", gated, null, null))));
            assertThat(gated.entered.await(10, TimeUnit.SECONDS)).isTrue();
            List<Future<?>> queued = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                WriteBatch b = new WriteBatch().put(child(cse, "q" + i, AE, "q" + i).build());
                queued.add(pool.submit(() -> store.write(b)));
            }
            awaitQueued(store, 5);

            Future<?> closing = pool.submit(store::close);
            Thread.sleep(100);
            assertThat(closing.isDone()).as("close waits for the queued writes").isFalse();
            gated.release.countDown();
            closing.get(10, TimeUnit.SECONDS);
            gateWrite.get(10, TimeUnit.SECONDS);
            for (Future<?> f : queued) {
                f.get(10, TimeUnit.SECONDS); // committed, not failed
            }
            assertThatThrownBy(() -> store.write(new WriteBatch().put(child(cse, "late", AE, "late").build())))
                    .isInstanceOf(StoreException.class);
        } finally {
            pool.shutdownNow();
            store.close();
        }
        try (SqliteResourceStore reopened = SqliteResourceStore.open(config)) {
            assertThat(reopened.count()).isEqualTo(7);
            assertThat(reopened.get("late")).isEmpty();
        }
    }

    private static void assertCommittedState(SqliteResourceStore store) {
        for (int i = 0; i < 4; i++) {
            assertThat(store.get("bad" + i + "-ok")).as("rolled back with its batch").isEmpty();
            assertThat(store.get("bad" + i)).isEmpty();
        }
        for (int i = 0; i < 8; i++) {
            assertThat(store.get("good" + i + "a")).isPresent();
            assertThat(store.get("good" + i + "b")).isPresent();
        }
        assertThat(store.get("gate")).isPresent();
        assertThat(store.getByPath("cse-in/dup").map(Resource::ri)).contains("dup1");
        assertThat(store.count()).isEqualTo(1 + 1 + 1 + 16 + 1);
    }

    private static void awaitQueued(SqliteResourceStore store, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (store.queuedWrites() < n) {
            assertThat(System.nanoTime()).as("batches queued in time").isLessThan(deadline);
            Thread.sleep(1);
        }
    }

    @Test
    void manyThreadsWritingConcurrentlyAllLandAndShareCommits() throws Exception {
        measure(StoreConfig.of(dir.resolve("normal.db")), 1000, 16, 300);
    }

    @Test
    void fullSyncGroupCommitAlsoLandsEveryWrite() throws Exception {
        measure(StoreConfig.of(dir.resolve("full.db")).withSync(StoreConfig.SyncMode.FULL), 200, 16, 50);
    }

    private static void measure(StoreConfig config, int sequential, int threads, int perThread) throws Exception {
        Resource cse = cseBase().build();
        try (SqliteResourceStore store = SqliteResourceStore.open(config)) {
            Resource seqCnt = child(cse, "seq", CNT, "seq").build();
            store.write(new WriteBatch().put(cse).put(seqCnt));
            long t0 = System.nanoTime();
            for (int i = 0; i < sequential; i++) {
                store.write(new WriteBatch().put(child(seqCnt, "s" + i, CIN, "s" + i).build()));
            }
            double seqRate = sequential / ((System.nanoTime() - t0) / 1e9);

            List<Resource> cnts = new ArrayList<>();
            WriteBatch setup = new WriteBatch();
            for (int t = 0; t < threads; t++) {
                Resource cnt = child(cse, "cnt" + t, CNT, "cnt" + t).build();
                cnts.add(cnt);
                setup.put(cnt);
            }
            store.write(setup);
            long commitsBefore = store.commits();
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Resource cnt = cnts.get(t);
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        store.write(new WriteBatch().put(child(cnt, cnt.ri() + "-" + i, CIN, "i" + i).build()));
                    }
                    return null;
                }));
            }
            long t1 = System.nanoTime();
            start.countDown();
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
            double seconds = (System.nanoTime() - t1) / 1e9;
            pool.shutdown();
            int total = threads * perThread;
            long commits = store.commits() - commitsBefore;
            System.out.printf("group commit (%s sync): sequential %.0f writes/s; %d threads: %.0f writes/s,"
                    + " %.1f batches per commit%n", config.sync(), seqRate, threads, total / seconds,
                    (double) total / commits);

            assertThat(store.count()).isEqualTo(2 + sequential + threads + total);
            assertThat(commits).as("concurrent writers shared commits").isLessThan(total);
            for (Resource cnt : cnts) {
                assertThat(store.children(cnt.ri(), CIN)).hasSize(perThread);
                assertThat(store.latestChild(cnt.ri(), CIN).map(Resource::ri)).contains(cnt.ri() + "-" + (perThread - 1));
            }
        }
    }
}
