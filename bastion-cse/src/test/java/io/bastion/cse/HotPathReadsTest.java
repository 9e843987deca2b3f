package io.bastion.cse;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bastion.core.binding.NotificationTransport;
import io.bastion.core.codec.Serialization;
import io.bastion.core.primitive.Authentication;
import io.bastion.core.primitive.Operation;
import io.bastion.core.primitive.Peer;
import io.bastion.core.primitive.Request;
import io.bastion.core.primitive.Response;
import io.bastion.core.primitive.ResponseStatusCode;
import io.bastion.core.resource.ResourceTypes;
import io.bastion.cse.config.CseConfig;
import io.bastion.store.sqlite.SqliteResourceStore;
import io.bastion.store.sqlite.StoreConfig;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How often the hot path reads the store: a RETRIEVE of a container's {@code la} and a CREATE of a contentInstance,
 * as the load benchmark does them (two AEs, the container's acpi naming one ACP under the writer).
 */
class HotPathReadsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final NotificationTransport NOWHERE = new NotificationTransport() {
        @Override
        public boolean supports(String poa) {
            return false;
        }

        @Override
        public CompletableFuture<Response> send(String poa, Request notify, Serialization s, Duration timeout) {
            return CompletableFuture.failedFuture(new IllegalStateException("no transport in this test"));
        }
    };

    @TempDir
    Path dir;
    CountingStore store;
    Cse cse;
    String acp;
    String container;
    final AtomicInteger rqi = new AtomicInteger();

    @BeforeEach
    void start() throws Exception {
        store = new CountingStore(SqliteResourceStore.open(StoreConfig.of(dir.resolve("reads.db"))));
        cse = new CseBuilder(CseConfig.defaults()).store(store).notificationTransport(NOWHERE).build();
        create("cse-in", "Cwriter", ResourceTypes.AE,
                "{\"m2m:ae\":{\"rn\":\"writer\",\"api\":\"Nbench\",\"rr\":false,\"srv\":[\"3\"]}}");
        create("cse-in", "Creader", ResourceTypes.AE,
                "{\"m2m:ae\":{\"rn\":\"reader\",\"api\":\"Nbench\",\"rr\":false,\"srv\":[\"3\"]}}");
        acp = create("cse-in/writer", "Cwriter", ResourceTypes.ACP, "{\"m2m:acp\":{\"rn\":\"acp\","
                + "\"pv\":{\"acr\":[{\"acor\":[\"Creader\"],\"acop\":2},{\"acor\":[\"Cwriter\"],\"acop\":63}]},"
                + "\"pvs\":{\"acr\":[{\"acor\":[\"Cwriter\"],\"acop\":63}]}}}").path("m2m:acp").path("ri").asText();
        container = create("cse-in/writer", "Cwriter", ResourceTypes.CNT,
                "{\"m2m:cnt\":{\"rn\":\"cnt\",\"mni\":100,\"acpi\":[\"" + acp + "\"]}}")
                .path("m2m:cnt").path("ri").asText();
        create("cse-in/writer/cnt", "Cwriter", ResourceTypes.CIN, "{\"m2m:cin\":{\"con\":\"21.5\"}}");
    }

    @AfterEach
    void stop() {
        cse.close();
        store.close();
    }

    /**
     * Counted when the engine was split into its jobs (issue 10): authentication reads the originator's AE and the
     * CSEBase, the target's resolution the container and its ancestors, the decision the container's one policy, the
     * operation the latest instance. The decision reads nothing but the policy: the container is the target.
     */
    @Test
    void aReadOfLatestReadsThePolicyOnceAndTheContainerNoMoreThanToResolveIt() {
        store.start();
        Response r = cse.process(Request.builder(Operation.RETRIEVE, "cse-in/writer/cnt/la").fr("Creader")
                .rqi("r" + rqi.incrementAndGet()).rvi("3").build(), peer());
        List<String> reads = store.stop();
        assertThat(r.rsc()).isEqualTo(ResponseStatusCode.OK);
        assertThat(reads).as("reads of RETRIEVE la").hasSizeLessThanOrEqualTo(7)
                .containsOnlyOnce("get(" + acp + ")").doesNotContain("get(" + container + ")");
    }

    /**
     * As the read: the decision on the container (CREATE of a contentInstance) reads its policy once; the creation
     * reads the container again under its lock, to count its instances as they are now.
     */
    @Test
    void aCreateOfAContentInstanceReadsThePolicyOnce() throws Exception {
        store.start();
        Response r = cse.process(Request.builder(Operation.CREATE, "cse-in/writer/cnt").fr("Cwriter")
                .ty(ResourceTypes.CIN).pc(JSON.readTree("{\"m2m:cin\":{\"con\":\"22\"}}"))
                .rqi("r" + rqi.incrementAndGet()).rvi("3").build(), peer());
        List<String> reads = store.stop();
        assertThat(r.rsc()).isEqualTo(ResponseStatusCode.CREATED);
        assertThat(reads).as("reads of CREATE cin").hasSizeLessThanOrEqualTo(7).containsOnlyOnce("get(" + acp + ")");
    }

    /**
     * A listing of the container's instances (rcn 4) decides on each instance by the container's policies: the
     * container is the request's target, so deciding reads it no more, however many instances it lists.
     */
    @Test
    void aListingOfInstancesDecidesOnTheContainerWithoutReadingItAgain() throws Exception {
        for (int i = 0; i < 3; i++) {
            create("cse-in/writer/cnt", "Cwriter", ResourceTypes.CIN, "{\"m2m:cin\":{\"con\":\"" + i + "\"}}");
        }
        store.start();
        Response r = cse.process(Request.builder(Operation.RETRIEVE, "cse-in/writer/cnt").fr("Creader").rcn(4)
                .rqi("r" + rqi.incrementAndGet()).rvi("3").build(), peer());
        List<String> reads = store.stop();
        assertThat(r.rsc()).isEqualTo(ResponseStatusCode.OK);
        assertThat(r.pc().path("m2m:cnt").path("m2m:cin")).as("the instances listed").hasSize(4);
        assertThat(reads).as("reads of RETRIEVE rcn=4").doesNotContain("get(" + container + ")");
    }

    /**
     * A contentInstance read by its name is decided by its container's policies: the container is the target's
     * parent, read once while resolving, and the decision takes it from the target instead of reading it again.
     */
    @Test
    void aReadOfAnInstanceTakesItsContainerFromTheResolvedChain() throws Exception {
        create("cse-in/writer/cnt", "Cwriter", ResourceTypes.CIN, "{\"m2m:cin\":{\"rn\":\"one\",\"con\":\"1\"}}");
        store.start();
        Response r = cse.process(Request.builder(Operation.RETRIEVE, "cse-in/writer/cnt/one").fr("Creader")
                .rqi("r" + rqi.incrementAndGet()).rvi("3").build(), peer());
        List<String> reads = store.stop();
        assertThat(r.rsc()).isEqualTo(ResponseStatusCode.OK);
        assertThat(reads).as("reads of RETRIEVE of an instance").containsOnlyOnce("get(" + acp + ")")
                .filteredOn(("get(" + container + ")")::equals).hasSizeLessThanOrEqualTo(1);
    }

    private JsonNode create(String to, String fr, int ty, String body) throws Exception {
        Response r = cse.process(Request.builder(Operation.CREATE, to).fr(fr).ty(ty).pc(JSON.readTree(body))
                .rqi("s" + rqi.incrementAndGet()).rvi("3").build(), peer());
        assertThat(r.rsc()).as("set-up CREATE under %s: %s", to, r).isEqualTo(ResponseStatusCode.CREATED);
        return r.pc();
    }

    private static Peer peer() {
        return new Peer(new InetSocketAddress("127.0.0.1", 40000), "http", Authentication.none());
    }
}
