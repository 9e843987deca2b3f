package io.bastion.store.sqlite;

import static io.bastion.store.sqlite.TestResources.AE;
import static io.bastion.store.sqlite.TestResources.CIN;
import static io.bastion.store.sqlite.TestResources.CNT;
import static io.bastion.store.sqlite.TestResources.T0;
import static io.bastion.store.sqlite.TestResources.child;
import static io.bastion.store.sqlite.TestResources.cseBase;
import static org.assertj.core.api.Assertions.assertThat;

import io.bastion.core.resource.Resource;
import io.bastion.core.time.Timestamps;
import io.bastion.store.DiscoveryQuery;
import io.bastion.store.WriteBatch;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Discovery over 10,000+ resources whose visitor stops after 100 results: every query returns exactly the first
 * results that match its filter, cached or not, and the store stops reading as soon as the visitor says so. How fast
 * that is belongs to the benchmark ({@code ./bastion bench discovery}), not to a unit test.
 */
class DiscoveryEarlyStopTest {
    private static final int AES = 10;
    private static final int CNTS = 10;
    private static final int CINS = 100;
    private static final int LIMIT = 100;

    @TempDir
    Path dir;

    @Test
    void everyQueryStopsAfterAHundredMatchingResultsWithAndWithoutTheCache() {
        StoreConfig config = StoreConfig.of(dir.resolve("stop.db"));
        fill(config);
        check(config);
        check(config.withCacheEntries(16));
    }

    private static void fill(StoreConfig config) {
        try (SqliteResourceStore store = SqliteResourceStore.open(config)) {
            Resource cse = cseBase().build();
            WriteBatch b = new WriteBatch().put(cse);
            int n = 0;
            for (int a = 0; a < AES; a++) {
                Resource ae = child(cse, "ae" + a, AE, "ae" + a).build();
                b.put(ae);
                for (int c = 0; c < CNTS; c++) {
                    Resource cnt = child(ae, ae.ri() + "-cnt" + c, CNT, "cnt" + c).labels("room" + c).build();
                    b.put(cnt);
                    for (int i = 0; i < CINS; i++, n++) {
                        Resource cin = child(cnt, cnt.ri() + "-" + i, CIN, "i" + i).ct(T0.plusMillis(n))
                                .labels(i % 10 == 0 ? new String[] {"sensor"} : new String[0]).build();
                        cin.attrs().put("con", "{\"temperature\": 21.5, \"humidity\": 40, \"unit\": \"C\"}");
                        b.put(cin);
                    }
                }
                store.write(b);
                b = new WriteBatch();
            }
            assertThat(store.count()).isEqualTo(1 + AES + AES * CNTS + AES * CNTS * CINS);
        }
    }

    private static Map<String, DiscoveryQuery> queries() {
        Map<String, DiscoveryQuery> q = new LinkedHashMap<>();
        q.put("everything", query("cse-in", null, List.of(), List.of(), null));
        q.put("ty=cin", query("cse-in", null, List.of(CIN), List.of(), null));
        q.put("ty=cnt", query("cse-in", null, List.of(CNT), List.of(), null));
        q.put("lbl=sensor", query("cse-in", null, List.of(), List.of("sensor"), null));
        q.put("ae3 ty=cin", query("cse-in/ae3", null, List.of(CIN), List.of(), null));
        q.put("lvl=2", query("cse-in", 2, List.of(), List.of(), null));
        q.put("lvl=1", query("cse-in", 1, List.of(), List.of(), null));
        q.put("cra late", query("cse-in", null, List.of(CIN), List.of(), T0.plusMillis(9_500)));
        q.put("ty=cin lbl=room3", query("cse-in", null, List.of(CIN), List.of("room3"), null));
        return q;
    }

    private static DiscoveryQuery query(String root, Integer lvl, List<Integer> ty, List<String> lbl, Instant cra) {
        return new DiscoveryQuery(root, lvl, ty, lbl, null, cra, null, null, null, null, null);
    }

    private static void check(StoreConfig config) {
        try (SqliteResourceStore store = SqliteResourceStore.open(config)) {
            for (var e : queries().entrySet()) {
                DiscoveryQuery q = e.getValue();
                List<Resource> seen = new ArrayList<>();
                int[] calls = new int[1];
                store.discover(q, res -> {
                    calls[0]++;
                    seen.add(res);
                    return seen.size() < LIMIT;
                });
                assertThat(calls[0]).as("%s: visitor calls after it asked to stop", e.getKey()).isLessThanOrEqualTo(LIMIT);
                assertThat(seen).as("%s: results", e.getKey()).hasSize(expected(e.getKey()));
                assertThat(seen).as("%s: every result matches the filter", e.getKey())
                        .allSatisfy(r -> assertThat(matches(q, r)).isTrue());
                assertThat(seen.stream().map(Resource::ri).distinct().count()).as("%s: no duplicates", e.getKey())
                        .isEqualTo(seen.size());
            }
        }
    }

    /**
     * lvl=1 finds the 10 AEs only; the room labels are on containers, so "ty=cin lbl=room3" matches nothing (the
     * worst case: every candidate is read); every other query has far more than 100 matches.
     */
    private static int expected(String query) {
        return switch (query) {
            case "lvl=1" -> AES;
            case "ty=cin lbl=room3" -> 0;
            default -> LIMIT;
        };
    }

    private static boolean matches(DiscoveryQuery q, Resource r) {
        boolean ty = q.types().isEmpty() || q.types().contains(r.ty());
        boolean lbl = q.labels().isEmpty() || r.getList("lbl").containsAll(q.labels());
        boolean cra = q.createdAfter() == null
                || Timestamps.parse(r.getText("ct"), "ct").isAfter(q.createdAfter());
        boolean root = r.path().startsWith(q.rootPath() + "/");
        return ty && lbl && cra && root;
    }

}
