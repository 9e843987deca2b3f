package io.bastion.bindings.http;

import io.bastion.core.http.HttpMapping;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.bastion.core.codec.Serialization;
import io.bastion.core.primitive.AttributeCondition;
import io.bastion.core.primitive.ContentStatus;
import io.bastion.core.primitive.FilterCriteria;
import io.bastion.core.primitive.Operation;
import io.bastion.core.primitive.Request;
import io.bastion.core.primitive.Response;
import io.bastion.core.primitive.ResponseStatusCode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The originator's side of the HTTP binding against the receiver's side: what {@link HttpRequestTransport} sends, a
 * real {@link HttpBinding} maps back into the same request primitive, and its answer back into the same response.
 */
class HttpRequestTransportTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration TIMEOUT = Duration.ofSeconds(10);
    static final RecordingProcessor cse = new RecordingProcessor();
    static ExecutorService workers;
    static HttpBinding binding;
    static HttpRequestTransport transport;
    static String base;

    @BeforeAll
    static void start() {
        workers = Executors.newVirtualThreadPerTaskExecutor();
        binding = new HttpBinding(HttpBindingConfig.of("127.0.0.1", 0, workers).withIoThreads(1), cse).start();
        base = "http://127.0.0.1:" + binding.port();
        transport = new HttpRequestTransport();
    }

    @AfterAll
    static void stop() {
        transport.close();
        binding.stop();
        workers.shutdownNow();
    }

    @BeforeEach
    void reset() {
        cse.reset();
    }

    static Response send(Request rq) throws Exception {
        return transport.send(base, rq, Serialization.JSON, TIMEOUT).get();
    }

    @Test
    void aCreateArrivesAsTheSameCreateAndItsLocationComesBackAsAnAddress() throws Exception {
        cse.answer = rq -> new Response(ResponseStatusCode.CREATED, null, rq.pc(), null, "/id-in", null, null,
                "cse-in/Cmn/box");
        Request sent = Request.builder(Operation.CREATE, "/id-in/cse-in/Cmn").fr("/id-mn").rqi("fwd-1").rvi("3")
                .ty(3).pc(JSON.readTree("{\"m2m:cnt\":{\"rn\":\"box\",\"lbl\":[\"a b\"]}}")).rcn(1)
                .ot("20261206T120000").rqet("20261206T130000").ec("2").vsi("v").gid("g-1")
                .tkns(List.of("t1.x.y", "t2.x.y")).rids(List.of("r1", "r2")).build();

        Response r = send(sent);

        Request got = cse.last();
        assertThat(got.op()).isEqualTo(Operation.CREATE);
        assertThat(got.to()).isEqualTo("/id-in/cse-in/Cmn");
        assertThat(got).usingRecursiveComparison().ignoringFields("pc").isEqualTo(sent);
        assertThat(got.pc()).isEqualTo(sent.pc());
        assertThat(r.rsc()).isEqualTo(ResponseStatusCode.CREATED);
        assertThat(r.rqi()).isEqualTo("fwd-1");
        assertThat(r.fr()).isEqualTo("/id-in");
        assertThat(r.location()).isEqualTo("cse-in/Cmn/box");
        assertThat(r.pc()).isEqualTo(sent.pc());
    }

    @Test
    void aDiscoveryCarriesEveryFilterCriterionThroughTheQuery() throws Exception {
        Instant t = Instant.parse("2026-12-06T10:00:00Z");
        FilterCriteria fc = new FilterCriteria(1, 2, t, t.plusSeconds(60), t, t, 5, 1, t, t,
                List.of("room/1", "a+b"), List.of(3, 4), "box&co", 10, 100, 20, 2, 3, null,
                List.of(new AttributeCondition("mni", "10")));
        Request sent = Request.builder(Operation.RETRIEVE, "//sp.example/id-in/cse-in").fr("Cphone").rqi("d-1")
                .rvi("3").fc(fc).drt(2).rt(2).rtu(List.of("http://h/n", "/id-in/Cae")).rp("PT1H").tqi(true).tids(List.of("tk1")).ltids(List.of("l1"))
                .build();

        send(sent);

        Request got = cse.last();
        assertThat(got.to()).isEqualTo("//sp.example/id-in/cse-in");
        assertThat(got).usingRecursiveComparison().isEqualTo(sent);
    }

    @Test
    void updateDeleteAndNotifyUseTheirMethods() throws Exception {
        send(Request.builder(Operation.UPDATE, "cse-in/box").fr("C1").rqi("u").rvi("3")
                .pc(JSON.readTree("{\"m2m:cnt\":{\"mni\":5}}")).build());
        send(Request.builder(Operation.DELETE, "cse-in/box").fr("C1").rqi("d").rvi("3").rt(2).rtu(List.of())
                .build());
        send(Request.builder(Operation.NOTIFY, "/id-in/cse-in/Cae").fr("/id-mn").rqi("n").rvi("3")
                .pc(JSON.readTree("{\"m2m:sgn\":{\"vrq\":true,\"sur\":\"/id-mn/sub1\"}}")).build());

        assertThat(cse.requests).extracting(Request::op)
                .containsExactly(Operation.UPDATE, Operation.DELETE, Operation.NOTIFY);
        assertThat(cse.requests).extracting(Request::to)
                .containsExactly("cse-in/box", "cse-in/box", "/id-in/cse-in/Cae");
        assertThat(cse.requests.get(0).pc().path("m2m:cnt").path("mni").asInt()).isEqualTo(5);
        // an absent rtu stays absent, one given empty ("no notification targets") stays empty
        assertThat(cse.requests.get(0).rtu()).isNull();
        assertThat(cse.requests.get(1).rtu()).isEmpty();
    }

    @Test
    void theReceiversStatusAndPartialContentComeBack() throws Exception {
        cse.answer = rq -> new Response(ResponseStatusCode.NOT_FOUND, null, null, null, null, null, null, null);
        assertThat(send(Request.builder(Operation.RETRIEVE, "cse-in/none").fr("C1").rqi("x").rvi("3").build())
                .rsc()).isEqualTo(ResponseStatusCode.NOT_FOUND);

        cse.answer = rq -> new Response(ResponseStatusCode.OK, null, JSON.createObjectNode(), null, null, null, null,
                null, List.of(), ContentStatus.PARTIAL_CONTENT, 21);
        Response partial = send(Request.builder(Operation.RETRIEVE, "cse-in").fr("C1").rqi("p").rvi("3").build());
        assertThat(partial.cnst()).isEqualTo(ContentStatus.PARTIAL_CONTENT);
        assertThat(partial.cnot()).isEqualTo(21);
    }

    @Test
    void whatHttpCannotCarryFailsBeforeSending() {
        Request noTarget = Request.builder(Operation.RETRIEVE, null).fr("C1").rqi("x").rvi("3").build();
        assertThatThrownBy(() -> send(noTarget)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(IllegalArgumentException.class);
        assertThat(transport.supports("coap://h")).isFalse();
        assertThatThrownBy(() -> transport.send("mqtt://h", noTarget, Serialization.JSON, TIMEOUT).get())
                .hasCauseInstanceOf(IllegalArgumentException.class);
        assertThat(cse.requests).isEmpty();
    }

    @Test
    void targetsMapAsTs0009Table6221Says() {
        assertThat(HttpMapping.requestTarget("CSEBase/ae12/cont27")).isEqualTo("/CSEBase/ae12/cont27");
        assertThat(HttpMapping.requestTarget("/CSE178/cin00856")).isEqualTo("/~/CSE178/cin00856");
        assertThat(HttpMapping.requestTarget("//mym2msp.org/CSE178/cin00856"))
                .isEqualTo("/_/mym2msp.org/CSE178/cin00856");
        assertThat(HttpMapping.requestTarget("cse-in/a b/é")).isEqualTo("/cse-in/a%20b/%C3%A9");
    }
}
