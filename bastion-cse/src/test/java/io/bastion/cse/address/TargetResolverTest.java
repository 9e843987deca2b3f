package io.bastion.cse.address;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.primitive.ResponseStatusCode;
import io.bastion.core.resource.Resource;
import io.bastion.core.resource.ResourceTypes;
import io.bastion.core.time.MutableClock;
import io.bastion.core.time.Timestamps;
import io.bastion.cse.config.CseConfig;
import io.bastion.cse.request.Target;
import io.bastion.store.ResourceStore;
import io.bastion.store.WriteBatch;
import io.bastion.store.sqlite.SqliteResourceStore;
import io.bastion.store.sqlite.StoreConfig;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Target resolution over a real store: the virtual children each type declares ({@code la}, {@code ol} of a
 * container, {@code fopt/...} of a group), and the ancestors read once to check that none has expired, carried by
 * the target for the later stages.
 */
class TargetResolverTest {
    static final Instant NOW = Instant.parse("2026-03-14T10:00:00Z");

    @TempDir
    Path dir;
    final CseConfig config = CseConfig.defaults();
    final MutableClock clock = new MutableClock(NOW);
    SqliteResourceStore sqlite;
    final CountingStore store = new CountingStore();
    TargetResolver resolver;
    Resource cb;
    Resource ae;
    Resource cnt;
    Resource cin;
    Resource grp;

    @BeforeEach
    void open() {
        sqlite = SqliteResourceStore.open(StoreConfig.of(dir.resolve("targets.db")));
        cb = put(config.cseBaseRi(), null, ResourceTypes.CSE_BASE, config.cseBaseName(), null);
        ae = put("Cae", cb, ResourceTypes.AE, "ae", Duration.ofHours(2));
        cnt = put("cnt1", ae, ResourceTypes.CNT, "cnt", Duration.ofHours(1));
        cin = put("cin1", cnt, ResourceTypes.CIN, "cin", Duration.ofMinutes(30));
        grp = put("grp1", ae, ResourceTypes.GRP, "grp", Duration.ofHours(1));
        resolver = new TargetResolver(config, store.over(sqlite), clock);
    }

    @AfterEach
    void close() {
        sqlite.close();
    }

    Resource put(String ri, Resource parent, int ty, String rn, Duration life) {
        ObjectNode a = JsonNodeFactory.instance.objectNode().put("ty", ty).put("ri", ri).put("rn", rn);
        Instant et = life == null ? null : NOW.plus(life);
        if (parent != null) {
            a.put("pi", parent.ri());
            a.put("et", Timestamps.format(et));
        }
        Resource r = new Resource(ri, parent == null ? null : parent.ri(), ty,
                parent == null ? rn : parent.path() + "/" + rn, a, "Cae", et);
        sqlite.write(new WriteBatch().put(r));
        return r;
    }

    @Test
    void aTargetCarriesItsAncestorsFromTheCseBaseDown() {
        Target t = resolver.resolve("cse-in/ae/cnt/cin");
        assertThat(t.resource().ri()).isEqualTo("cin1");
        assertThat(t.isVirtual()).isFalse();
        assertThat(t.ancestors()).extracting(Resource::ri).containsExactly(cb.ri(), "Cae", "cnt1");
        assertThat(t.parent().ri()).isEqualTo("cnt1");
        assertThat(resolver.resolve("cse-in").ancestors()).isEmpty();
        assertThat(resolver.resolve("cse-in").parent()).isNull();
    }

    @Test
    void eachAncestorIsReadOnceWhateverTheAddressForm() {
        for (String to : List.of("cse-in/ae/cnt/cin", "cin1", "/id-in/cin1", "//bastion.example/id-in/cse-in/ae/cnt/cin",
                "-/ae/cnt/cin")) {
            store.gets = 0;
            Target t = resolver.resolve(to);
            assertThat(store.gets).as(to).isLessThanOrEqualTo(1 + t.ancestors().size());
            assertThat(t.ancestors()).as(to).extracting(Resource::ri).containsExactly(cb.ri(), "Cae", "cnt1");
        }
    }

    @Test
    void theAncestorsOfAnAncestorAreKnownTooAndOthersAreNot() {
        Target t = resolver.resolve("cin1");
        assertThat(t.ancestorsOf(cin)).get().asList().extracting("ri").containsExactly(cb.ri(), "Cae", "cnt1");
        assertThat(t.ancestorsOf(cnt)).get().asList().extracting("ri").containsExactly(cb.ri(), "Cae");
        assertThat(t.ancestorsOf(cb)).get().asList().isEmpty();
        assertThat(t.ancestorsOf(grp)).isEmpty();
        assertThat(t.parentOf(cnt)).get().extracting(Resource::ri).isEqualTo("Cae");
        assertThat(t.parentOf(cb)).isEmpty();
        assertThat(t.parentOf(grp)).isEmpty();
    }

    @Test
    void aContainersLatestAndOldestAreItsVirtualChildren() {
        Target la = resolver.resolve("cse-in/ae/cnt/la");
        assertThat(la.resource().ri()).isEqualTo("cnt1");
        assertThat(la.virtual()).isEqualTo(ResourceTypes.LATEST);
        assertThat(la.ancestors()).extracting(Resource::ri).containsExactly(cb.ri(), "Cae");
        assertThat(resolver.resolve("cnt1/ol").virtual()).isEqualTo(ResourceTypes.OLDEST);
        assertThat(resolver.resolve("/id-in/cnt1/la").virtual()).isEqualTo(ResourceTypes.LATEST);
    }

    @Test
    void aGroupsFanOutPointTakesThePathBelowIt() {
        Target t = resolver.resolve("cse-in/ae/grp/fopt/x/la");
        assertThat(t.resource().ri()).isEqualTo("grp1");
        assertThat(t.virtual()).isEqualTo(ResourceTypes.FAN_OUT_POINT);
        assertThat(t.rest()).isEqualTo("x/la");
        assertThat(resolver.resolve("grp1/fopt").rest()).isEmpty();
    }

    @Test
    void aVirtualChildTheTypeDoesNotDeclareIsNotFound() {
        for (String to : List.of("cse-in/ae/la", "cse-in/ae/grp/la", "cse-in/ae/cnt/fopt", "cse-in/ae/cnt/la/x",
                "cnt1/ol/x", "Cae/fopt", "cse-in/ae/cnt/cin/la")) {
            assertThatThrownBy(() -> resolver.resolve(to)).as(to).isInstanceOfSatisfying(OneM2MException.class,
                    e -> assertThat(e.status()).isEqualTo(ResponseStatusCode.NOT_FOUND));
        }
    }

    @Test
    void belowAnExpiredAncestorNothingIsFound() {
        clock.advance(Duration.ofMinutes(90)); // the container has expired, the AE not
        assertThat(resolver.resolve("cse-in/ae").resource().ri()).isEqualTo("Cae");
        for (String to : List.of("cse-in/ae/cnt", "cse-in/ae/cnt/cin", "cin1", "cse-in/ae/cnt/la", "cnt1/ol")) {
            assertThatThrownBy(() -> resolver.resolve(to)).as(to).isInstanceOfSatisfying(OneM2MException.class,
                    e -> assertThat(e.status()).isEqualTo(ResponseStatusCode.NOT_FOUND));
        }
        assertThat(resolver.live(Optional.of(cin))).isEmpty();
        assertThat(resolver.live(Optional.of(ae))).containsSame(ae);
    }

    /** The store, counting its point reads ({@code get}, {@code getByPath}). */
    static final class CountingStore {
        int gets;

        ResourceStore over(ResourceStore d) {
            return (ResourceStore) Proxy.newProxyInstance(ResourceStore.class.getClassLoader(),
                    new Class<?>[] {ResourceStore.class}, (proxy, m, args) -> {
                        if (m.getName().startsWith("get")) {
                            gets++;
                        }
                        try {
                            return m.invoke(d, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }
    }
}
