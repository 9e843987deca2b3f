package io.bastion.cse.mcc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bastion.core.binding.RequestTransport;
import io.bastion.core.codec.Serialization;
import io.bastion.core.primitive.Authentication;
import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.primitive.Operation;
import io.bastion.core.primitive.Peer;
import io.bastion.core.primitive.Request;
import io.bastion.core.primitive.Response;
import io.bastion.core.primitive.ResponseStatusCode;
import io.bastion.core.resource.Resource;
import io.bastion.core.resource.ResourceTypes;
import io.bastion.cse.config.CseConfig;
import io.bastion.cse.config.MccConfig;
import io.bastion.cse.config.RetargetingConfig;
import io.bastion.cse.request.RequestContext;
import io.bastion.store.WriteBatch;
import io.bastion.store.sqlite.SqliteResourceStore;
import io.bastion.store.sqlite.StoreConfig;
import java.net.ConnectException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Forwarding to the next hop (TS-0004 7.3.2.6): what is sent, what comes back, and every refusal, over a fake hop. */
class RetargetingTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final CseConfig CONFIG = NextHopsTest.CONFIG; // /id-mn in sp.example, registrar /id-in
    static final MccConfig MCC = new MccConfig(MccConfig.CseType.MN, List.of(), NextHopsTest.REGISTRAR);

    @TempDir
    Path dir;
    SqliteResourceStore store;
    final List<String> sentTo = new ArrayList<>();
    final List<Request> sent = new ArrayList<>();
    BiFunction<String, Request, CompletableFuture<Response>> hop = (poa, rq) -> CompletableFuture.completedFuture(
            new Response(ResponseStatusCode.CREATED, rq.rqi(), JSON.createObjectNode().put("x", 1), rq.fr(),
                    "/id-asn1", "3", "20261206T120000", "/id-asn1/cse-asn/cnt"));

    final RequestTransport transport = new RequestTransport() {
        @Override
        public boolean supports(String poa) {
            return poa.startsWith("http");
        }

        @Override
        public CompletableFuture<Response> send(String poa, Request rq, Serialization s, Duration timeout) {
            synchronized (sent) {
                sentTo.add(poa);
                sent.add(rq);
            }
            return hop.apply(poa, rq);
        }
    };

    @BeforeEach
    void open() {
        store = SqliteResourceStore.open(StoreConfig.of(dir.resolve("rt.db")));
        ObjectNode cb = JSON.createObjectNode().put("ty", ResourceTypes.CSE_BASE).put("ri", CONFIG.cseBaseRi())
                .put("rn", CONFIG.cseBaseName());
        store.write(new WriteBatch().create(new Resource(CONFIG.cseBaseRi(), null, ResourceTypes.CSE_BASE,
                CONFIG.cseBaseName(), cb, "CAdmin", null)));
        ObjectNode a = JSON.createObjectNode().put("ty", ResourceTypes.CSR).put("ri", "id-asn1").put("rn", "asn1")
                .put("csi", "/id-asn1");
        a.putArray("poa").add("http://127.0.0.1:1").add("http://asn1.example:80");
        store.write(new WriteBatch().create(new Resource("id-asn1", CONFIG.cseBaseRi(), ResourceTypes.CSR,
                CONFIG.cseBaseName() + "/asn1", a, "/id-asn1", null)));
    }

    @AfterEach
    void close() {
        store.close();
    }

    Retargeting retargeting(RetargetingConfig limits) {
        return new Retargeting(CONFIG, new NextHops(CONFIG, MCC, store, Clock.systemUTC()), transport, limits,
                Clock.systemUTC());
    }

    Retargeting retargeting() {
        return retargeting(RetargetingConfig.defaults());
    }

    static RequestContext request(Operation op, String to, String fr, Authentication auth) {
        Request.Builder b = Request.builder(op, to).fr(fr).rqi("rq-1").rvi("3");
        if (op == Operation.CREATE) {
            b.ty(3).pc(JSON.createObjectNode().set("m2m:cnt", JSON.createObjectNode()));
        }
        return new RequestContext(b.build(), new Peer(null, "test", auth), Instant.now());
    }

    static RequestContext request(Operation op, String to, String fr) {
        return request(op, to, fr, Authentication.none());
    }

    @Test
    void onlyAddressesOfOtherCsesOfThisServiceProviderAreRemote() {
        Retargeting r = retargeting();
        assertThat(r.remoteCseId("cse-mn/ae")).isNull();
        assertThat(r.remoteCseId("/id-mn/cse-mn/ae")).isNull();
        assertThat(r.remoteCseId("/id-mn")).isNull();
        assertThat(r.remoteCseId("//sp.example/id-mn/cse-mn")).isNull();
        assertThat(r.remoteCseId("/id-mnx/cse")).isEqualTo("/id-mnx");
        assertThat(r.remoteCseId("/id-in/cse-in/cnt")).isEqualTo("/id-in");
        assertThat(r.remoteCseId("/id-in")).isEqualTo("/id-in");
        assertThat(r.remoteCseId("//SP.example/id-asn1/x")).isEqualTo("/id-asn1");
        assertThat(r.remoteCseId("//other.example/id-asn1/x")).isNull();
        assertThat(r.remoteCseId("/")).isNull();
        assertThat(r.remoteCseId("//")).isNull();
    }

    @Test
    void aRequestIsForwardedWithRqiKeptAndACseRelativeOriginatorMadeSpRelativeAndTheAnswerRelayed() {
        RequestContext x = request(Operation.CREATE, "/id-asn1/cse-asn", "Clight");
        Response r = retargeting().forward(x, "/id-asn1");
        assertThat(r.rsc()).isEqualTo(ResponseStatusCode.CREATED);
        assertThat(r.location()).isEqualTo("/id-asn1/cse-asn/cnt");
        assertThat(r.fr()).isEqualTo("/id-asn1");
        assertThat(r.pc().path("x").asInt()).isEqualTo(1);
        assertThat(x.relayed()).isTrue();
        // the first point of access refused the connection in no test here: the fake answers every one
        assertThat(sentTo).containsExactly("http://127.0.0.1:1");
        Request out = sent.get(0);
        assertThat(out.fr()).isEqualTo("/id-mn/Clight");
        assertThat(out.rqi()).isEqualTo("rq-1");
        assertThat(out.to()).isEqualTo("/id-asn1/cse-asn");
        assertThat(out.ty()).isEqualTo(3);
        assertThat(retargeting().spRelative("Sabc")).isEqualTo("/Sabc");
        assertThat(retargeting().spRelative("/id-in/Cx")).isEqualTo("/id-in/Cx");
    }

    @Test
    void anUnknownCseGoesToTheRegistrarButNotWhenTheRegistrarSentIt() {
        retargeting().forward(request(Operation.RETRIEVE, "/id-far/cse", "Cx"), "/id-far");
        assertThat(sentTo).containsExactly("https://in.example:8443");
        Authentication fromRegistrar = new Authentication.Verified("32-x", Set.of("/id-in"));
        assertThatThrownBy(() -> retargeting().forward(request(Operation.RETRIEVE, "/id-far/cse", "/id-in/Cae",
                fromRegistrar), "/id-far"))
                .isInstanceOfSatisfying(OneM2MException.class, e -> {
                    assertThat(e.status()).isEqualTo(ResponseStatusCode.NOT_FOUND);
                    assertThat(e.getMessage()).contains("came from the registrar");
                });
    }

    @Test
    void aRouteBackToTheCseThatHandedTheRequestOverIsALoop() {
        Authentication fromAsn = new Authentication.Verified("32-y", Set.of("/id-asn1"));
        assertThatThrownBy(() -> retargeting().forward(request(Operation.RETRIEVE, "/id-asn1/cse", "/id-asn1",
                fromAsn), "/id-asn1"))
                .isInstanceOfSatisfying(OneM2MException.class, e -> {
                    assertThat(e.status()).isEqualTo(ResponseStatusCode.NOT_FOUND);
                    assertThat(e.getMessage()).contains("retargeting loop");
                });
        assertThat(sent).isEmpty();
    }

    @Test
    void aRequestThatComesBackWhileItIsForwardedIsALoop() {
        Retargeting r = retargeting();
        // the next hop hands the same request (same rqi, same originator) back to this CSE
        hop = (poa, rq) -> {
            try {
                return CompletableFuture.completedFuture(r.forward(request(Operation.RETRIEVE, "/id-asn1/cse",
                        rq.fr()), "/id-asn1"));
            } catch (OneM2MException e) {
                return CompletableFuture.completedFuture(Response.error(e));
            }
        };
        Response answer = r.forward(request(Operation.RETRIEVE, "/id-asn1/cse", "/id-mn/Cx"), "/id-asn1");
        assertThat(answer.rsc()).isEqualTo(ResponseStatusCode.NOT_FOUND);
        assertThat(answer.pc().path("m2m:dbg").asText()).contains("retargeting loop").contains("came back");
        // and the key is released: the same request can be forwarded again afterwards
        hop = (poa, rq) -> CompletableFuture.completedFuture(Response.of(ResponseStatusCode.OK, null));
        assertThat(r.forward(request(Operation.RETRIEVE, "/id-asn1/cse", "/id-mn/Cx"), "/id-asn1").rsc())
                .isEqualTo(ResponseStatusCode.OK);
    }

    @Test
    void registrationsAndExpiredRequestsAreNotForwarded() {
        RequestContext ae = new RequestContext(Request.builder(Operation.CREATE, "/id-asn1/cse").ty(2).rqi("r")
                .rvi("3").build(), Peer.internal(), Instant.now());
        assertThatThrownBy(() -> retargeting().forward(ae, "/id-asn1")).isInstanceOfSatisfying(
                OneM2MException.class, e -> assertThat(e.status()).isEqualTo(ResponseStatusCode.BAD_REQUEST));
        RequestContext expired = new RequestContext(Request.builder(Operation.RETRIEVE, "/id-asn1/cse").fr("Cx")
                .rqi("r").rvi("3").rqet("20000101T000000").build(), Peer.internal(), Instant.now());
        assertThatThrownBy(() -> retargeting().forward(expired, "/id-asn1")).isInstanceOfSatisfying(
                OneM2MException.class, e -> assertThat(e.status()).isEqualTo(ResponseStatusCode.REQUEST_TIMEOUT));
        assertThat(sent).isEmpty();
    }

    @Test
    void aRefusedConnectionTriesTheNextPointOfAccessThenAnswers5103() {
        hop = (poa, rq) -> CompletableFuture.failedFuture(new ConnectException("refused"));
        assertThatThrownBy(() -> retargeting().forward(request(Operation.RETRIEVE, "/id-asn1/cse", "Cx"),
                "/id-asn1")).isInstanceOfSatisfying(OneM2MException.class, e -> {
                    assertThat(e.status()).isEqualTo(ResponseStatusCode.TARGET_NOT_REACHABLE);
                    assertThat(e.getMessage()).contains("/id-asn1");
                });
        assertThat(sentTo).containsExactly("http://127.0.0.1:1", "http://asn1.example:80");
    }

    @Test
    void aHopThatNeverAnswersIs4008WithinTheTimeoutAndRqetShortensIt() {
        hop = (poa, rq) -> new CompletableFuture<>();
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> retargeting(new RetargetingConfig(4, Duration.ofMillis(300))).forward(
                request(Operation.RETRIEVE, "/id-asn1/cse", "Cx"), "/id-asn1"))
                .isInstanceOfSatisfying(OneM2MException.class,
                        e -> assertThat(e.status()).isEqualTo(ResponseStatusCode.REQUEST_TIMEOUT));
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(3));
        sentTo.clear();
        // only the first point of access: after a timeout the request may have been performed
        RequestContext soon = new RequestContext(Request.builder(Operation.RETRIEVE, "/id-asn1/cse").fr("Cx")
                .rqi("r2").rvi("3").rqet(io.bastion.core.time.Timestamps.format(Instant.now().plusMillis(400))).build(), Peer.internal(), Instant.now());
        t0 = System.nanoTime();
        assertThatThrownBy(() -> retargeting().forward(soon, "/id-asn1")).isInstanceOfSatisfying(
                OneM2MException.class, e -> assertThat(e.status()).isEqualTo(ResponseStatusCode.REQUEST_TIMEOUT));
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(3));
        assertThat(sentTo).hasSize(1);
    }

    @Test
    void moreForwardsThanTheLimitAreRefusedWith5207() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CompletableFuture<Response> held = new CompletableFuture<>();
        hop = (poa, rq) -> {
            inside.countDown();
            return held;
        };
        Retargeting r = retargeting(new RetargetingConfig(1, Duration.ofSeconds(10)));
        Thread first = Thread.ofVirtual().start(() -> r.forward(request(Operation.RETRIEVE, "/id-asn1/cse", "Ca"),
                "/id-asn1"));
        inside.await();
        RequestContext second = new RequestContext(Request.builder(Operation.RETRIEVE, "/id-asn1/cse").fr("Cb")
                .rqi("other").rvi("3").build(), Peer.internal(), Instant.now());
        assertThatThrownBy(() -> r.forward(second, "/id-asn1")).isInstanceOfSatisfying(OneM2MException.class,
                e -> {
                    assertThat(e.status()).isEqualTo(ResponseStatusCode.NOT_ACCEPTABLE);
                    assertThat(e.getMessage()).contains("mcc.forward.max-in-flight");
                });
        held.complete(Response.of(ResponseStatusCode.OK, null));
        first.join();
    }

    @Test
    void withoutATransportNothingIsForwardedAndTheAnswerSaysSo() {
        Retargeting none = new Retargeting(CONFIG, new NextHops(CONFIG, MCC, store, Clock.systemUTC()), null,
                RetargetingConfig.defaults(), Clock.systemUTC());
        assertThatThrownBy(() -> none.forward(request(Operation.RETRIEVE, "/id-asn1/cse", "Cx"), "/id-asn1"))
                .isInstanceOfSatisfying(OneM2MException.class, e -> {
                    assertThat(e.status()).isEqualTo(ResponseStatusCode.NOT_FOUND);
                    assertThat(e.getMessage()).contains("forwards no request");
                });
        assertThatThrownBy(() -> retargeting().forExplanation().forward(request(Operation.RETRIEVE,
                "/id-asn1/cse", "Cx"), "/id-asn1")).hasMessageContaining("explain it on that CSE");
        assertThat(sent).isEmpty();
    }
}
