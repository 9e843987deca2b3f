package io.bastion.store.sqlite;

import static io.bastion.store.sqlite.TestResources.AE;
import static io.bastion.store.sqlite.TestResources.CIN;
import static io.bastion.store.sqlite.TestResources.CNT;
import static io.bastion.store.sqlite.TestResources.child;
import static io.bastion.store.sqlite.TestResources.cseBase;
import static org.assertj.core.api.Assertions.assertThat;

import io.bastion.core.resource.Resource;
import io.bastion.store.WriteBatch;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Readers racing writers never see data older than what the last returned write committed, even with a cache so
 * small that reads keep missing, loading from disk and offering rows back while writes update the same rows.
 */
class CacheCoherenceTest {
    private static final int RESOURCES = 64;
    private static final long RUN_NANOS = TimeUnit.MILLISECONDS.toNanos(1500);

    @TempDir
    Path dir;

    @Test
    void readsNeverSeeOlderDataThanTheLastAcknowledgedWrite() throws Exception {
        try (SqliteResourceStore store = SqliteResourceStore.open(StoreConfig.of(dir.resolve("c.db"))
                .withCacheEntries(16).withReadConnections(3))) {
            Resource cse = cseBase().build();
            Resource cnt = child(cse, "cnt", CNT, "cnt").build();
            WriteBatch setup = new WriteBatch().put(cse).put(cnt);
            for (int i = 0; i < RESOURCES; i++) {
                setup.put(child(cse, "r" + i, AE, "r" + i).con(0).build());
            }
            store.write(setup);

            AtomicIntegerArray acked = new AtomicIntegerArray(RESOURCES);
            AtomicLong latestAcked = new AtomicLong(-1);
            AtomicLong oldestAcked = new AtomicLong(-1);
            ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
            long end = System.nanoTime() + RUN_NANOS;
            ExecutorService pool = Executors.newFixedThreadPool(6);
            List<Future<?>> tasks = new ArrayList<>();
            for (int w = 0; w < 2; w++) {
                int parity = w;
                tasks.add(pool.submit(() -> {
                    int[] version = new int[RESOURCES];
                    while (System.nanoTime() < end) {
                        int i = ThreadLocalRandom.current().nextInt(RESOURCES / 2) * 2 + parity;
                        int v = ++version[i];
                        store.write(new WriteBatch().put(child(cse, "r" + i, AE, "r" + i).con(v).build()));
                        acked.set(i, v);
                    }
                }));
            }
            tasks.add(pool.submit(() -> {
                // a container with a sliding window of instances, as mni enforcement does
                for (long n = 0; System.nanoTime() < end; n++) {
                    WriteBatch b = new WriteBatch().put(child(cnt, "i" + n, CIN, "i" + n).build());
                    if (n >= 5) {
                        b.delete("i" + (n - 5));
                    }
                    store.write(b);
                    latestAcked.set(n);
                    oldestAcked.set(Math.max(0, n - 4));
                }
            }));
            for (int rd = 0; rd < 3; rd++) {
                tasks.add(pool.submit(() -> {
                    ThreadLocalRandom rnd = ThreadLocalRandom.current();
                    while (System.nanoTime() < end) {
                        int i = rnd.nextInt(RESOURCES);
                        int before = acked.get(i);
                        Optional<Resource> r = rnd.nextBoolean() ? store.get("r" + i) : store.getByPath("cse-in/r" + i);
                        long seen = r.map(x -> x.getLong("con", -1)).orElse(-1L);
                        if (seen < before) {
                            violations.add("r" + i + ": read version " + seen + " after version " + before + " was acked");
                        }
                        long latest = latestAcked.get();
                        long oldest = oldestAcked.get();
                        long la = store.latestChild("cnt", CIN).map(x -> Long.parseLong(x.ri().substring(1))).orElse(-1L);
                        if (la < latest) {
                            violations.add("la i" + la + " after i" + latest + " was acked");
                        }
                        long ol = store.oldestChild("cnt", CIN).map(x -> Long.parseLong(x.ri().substring(1))).orElse(-1L);
                        if (ol < oldest) {
                            violations.add("ol i" + ol + " after i" + (oldest - 1) + " was deleted");
                        }
                    }
                }));
            }
            for (Future<?> f : tasks) {
                f.get(30, TimeUnit.SECONDS);
            }
            pool.shutdown();

            assertThat(violations).isEmpty();
            assertThat(store.cachedResources()).isLessThanOrEqualTo(16);
            for (int i = 0; i < RESOURCES; i++) {
                assertThat(store.get("r" + i).orElseThrow().getLong("con", -1)).isEqualTo(acked.get(i));
            }
            System.out.printf("coherence: %d writes acknowledged, %d container instances%n",
                    sum(acked), latestAcked.get() + 1);
        }
    }

    private static long sum(AtomicIntegerArray a) {
        long s = 0;
        for (int i = 0; i < a.length(); i++) {
            s += a.get(i);
        }
        return s;
    }
}
