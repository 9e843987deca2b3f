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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The parsed-resource cache stays within its weight whatever the resources' sizes, and stays correct. */
class CacheWeightTest {
    private static final long BUDGET = 1L << 20;

    @TempDir
    Path dir;

    @Test
    void largeResourcesAreEvictedByWeightLongBeforeTheEntryBound() {
        try (SqliteResourceStore store = SqliteResourceStore.open(StoreConfig.of(dir.resolve("w.db"))
                .withCacheEntries(100_000).withCacheWeight(BUDGET))) {
            Resource cse = cseBase().build();
            Resource cnt = child(cse, "cnt", CNT, "cnt").build();
            store.write(new WriteBatch().put(cse).put(cnt));
            String big = "x".repeat(100_000);
            for (int i = 0; i < 50; i++) {
                Resource cin = child(cnt, "cin" + i, CIN, "cin" + i).build();
                cin.attrs().put("con", big);
                store.write(new WriteBatch().put(cin));
            }
            // 50 x 100 kB written through the cache and read back: never more than the budget is held.
            for (int i = 0; i < 50; i++) {
                assertThat(store.get("cin" + i)).get().extracting(r -> r.getText("con").length())
                        .isEqualTo(100_000);
                assertThat(store.cachedWeight()).isLessThanOrEqualTo(BUDGET);
            }
            assertThat(store.cachedResources()).isLessThan(12);
            // Evicted ones are still found by path, from the database.
            assertThat(store.getByPath("cse-in/cnt/cin0")).isPresent();
            assertThat(store.getByPath("cse-in/cnt/cin49")).isPresent();
        }
    }

    @Test
    void aResourceHeavierThanTheWholeBudgetIsServedButNeverCachedNorIndexed() {
        try (SqliteResourceStore store = SqliteResourceStore.open(StoreConfig.of(dir.resolve("h.db"))
                .withCacheEntries(16).withCacheWeight(64 * 1024))) {
            Resource cse = cseBase().build();
            Resource small = child(cse, "small", AE, "small").build();
            Resource huge = child(cse, "huge", AE, "huge").build();
            huge.attrs().put("con", "y".repeat(200_000));
            store.write(new WriteBatch().put(cse).put(small).put(huge));

            assertThat(store.getByPath("cse-in/huge")).get().extracting(Resource::ri).isEqualTo("huge");
            assertThat(store.get("small")).isPresent();
            assertThat(store.cachedWeight()).isLessThanOrEqualTo(64 * 1024);
            // Replacing the small one by a huge version drops the cached small one instead of keeping it stale.
            Resource grown = small.withAttrs(small.attrsCopy().put("con", "z".repeat(200_000)), null);
            store.write(new WriteBatch().put(grown));
            assertThat(store.get("small")).get().extracting(r -> r.getText("con").length()).isEqualTo(200_000);
        }
    }
}
