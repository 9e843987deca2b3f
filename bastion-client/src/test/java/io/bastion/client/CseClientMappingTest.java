package io.bastion.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.bastion.client.notification.NotificationReceiver;
import io.bastion.core.codec.Serialization;
import io.bastion.core.primitive.Operation;
import io.bastion.core.primitive.ResponseStatusCode;
import io.bastion.core.primitive.ResultContent;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the client puts on the wire for each operation (TS-0009 6.2: method, request-target for the three address
 * forms, query for rcn and filter criteria, {@code ty} in the Content-Type of a CREATE only, the mandatory
 * {@code X-M2M-*} fields) and how it reads answers and failures, against a stand-in peer that records the bytes.
 */
class CseClientMappingTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    static RecordingCse peer;
    static CseClient cse;

    @BeforeAll
    static void start() {
        peer = new RecordingCse();
        cse = CseClient.builder(peer.url()).cseId("/id-in").spId("sp.example").originator("Cmyapp").build();
    }

    @BeforeEach
    void forget() {
        peer.delaying(0);
        peer.forget();
    }

    @AfterAll
    static void stop() {
        cse.close();
        peer.close();
    }

    static Stream<Arguments> operations() {
        return Stream.of(
                row("CSE-relative retrieve", c -> c.retrieve("cse-in/myapp"), "GET", "/cse-in/myapp", null),
                row("SP-relative retrieve is /~", c -> c.retrieve("/id-in/cse-in/myapp"), "GET",
                        "/~/id-in/cse-in/myapp", null),
                row("absolute retrieve is /_", c -> c.retrieve(c.absolute("cse-in/myapp")), "GET",
                        "/_/sp.example/id-in/cse-in/myapp", null),
                row("rcn in the query", c -> c.retrieve("cse-in/myapp", ResultContent.ATTRIBUTES_AND_CHILD_RESOURCES),
                        "GET", "/cse-in/myapp?rcn=4", null),
                row("latest", c -> c.latest("cse-in/myapp/temp"), "GET", "/cse-in/myapp/temp/la", null),
                row("oldest", c -> c.oldest("cse-in/myapp/temp"), "GET", "/cse-in/myapp/temp/ol", null),
                row("discovery: fu=1 and the conditions", c -> c.discover("cse-in", Filter.any().label("room:1")
                                .label("floor 2").type(4).limit(5).level(2).offset(1).attribute("cr", "C*")
                                .createdAfter(Instant.parse("2026-01-02T03:04:05Z"))),
                        "GET", "/cse-in?fu=1&cra=20260102T030405,000000&lbl=room:1&lbl=floor%202&ty=4&lim=5&lvl=2&ofst=1&cr=C*",
                        null),
                row("create: ty in the Content-Type", c -> c.createContainer("cse-in/myapp", "temp"), "POST",
                        "/cse-in/myapp", "application/json;ty=3"),
                row("contentInstance", c -> c.createContentInstance("cse-in/myapp/temp", "21.5"), "POST",
                        "/cse-in/myapp/temp", "application/json;ty=4"),
                row("update: PUT without ty", c -> c.update("cse-in/myapp/temp",
                                NODES.objectNode().set("m2m:cnt", NODES.objectNode().put("mni", 5))), "PUT",
                        "/cse-in/myapp/temp", "application/json"),
                row("delete", c -> c.delete("cse-in/myapp/temp"), "DELETE", "/cse-in/myapp/temp", null),
                row("NOTIFY: POST without ty", c -> c.send(c.request(Operation.NOTIFY, "/id-in")
                        .pc(NODES.objectNode().set("m2m:sgn", NODES.objectNode().put("sur", "x"))).build()),
                        "POST", "/~/id-in", "application/json"),
                row("characters outside a segment are percent-encoded", c -> c.retrieve("cse-in/a b/é"), "GET",
                        "/cse-in/a%20b/%C3%A9", null));
    }

    static Arguments row(String name, Consumer<CseClient> op, String method, String target, String contentType) {
        return Arguments.of(name, op, method, target, contentType);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("operations")
    void eachOperationMapsToItsHttpRequest(String name, Consumer<CseClient> op, String method, String target,
                                           String contentType) throws Exception {
        peer.answers(200, Map.of("X-M2M-RSC", "2000"), "");
        op.accept(cse);
        RecordingCse.Seen s = peer.next();
        assertThat(s.method()).isEqualTo(method);
        assertThat(s.target()).isEqualTo(target);
        assertThat(s.header("X-M2M-Origin")).isEqualTo("Cmyapp");
        assertThat(s.header("X-M2M-RVI")).isEqualTo("3");
        assertThat(s.header("X-M2M-RI")).isNotBlank();
        assertThat(s.header("Content-Type")).isEqualTo(contentType);
        assertThat(s.header("Accept")).isEqualTo("application/json");
        assertThat(s.body().length > 0).isEqualTo(contentType != null);
    }

    @Test
    void requestIdentifiersNeverRepeatWithinOrAcrossClients() throws Exception {
        peer.answers(200, Map.of("X-M2M-RSC", "2000"), "");
        Set<String> ids = new HashSet<>();
        try (CseClient other = CseClient.builder(peer.url()).cseId("/id-in").originator("Cmyapp").build()) {
            for (int i = 0; i < 3; i++) {
                cse.retrieve("cse-in");
                other.retrieve("cse-in");
                ids.add(peer.next().header("X-M2M-RI"));
                ids.add(peer.next().header("X-M2M-RI"));
            }
        }
        assertThat(ids).hasSize(6);
    }

    @Test
    void registrationTargetsTheCseBaseAndKeepsTheAssignedAeId() throws Exception {
        peer.answers(201, Map.of("X-M2M-RSC", "2001", "Content-Location", "/cse-in/CAssigned"),
                "{\"m2m:ae\":{\"rn\":\"app\",\"ri\":\"CAssigned\",\"aei\":\"CAssigned\"}}");
        try (CseClient c = CseClient.builder(peer.url()).cseId("/id-in").originator("C").build()) {
            Result r = c.registerAe("app", "Napp");
            RecordingCse.Seen s = peer.next();
            assertThat(s.method()).isEqualTo("POST");
            assertThat(s.target()).isEqualTo("/~/id-in");
            assertThat(s.header("Content-Type")).isEqualTo("application/json;ty=2");
            assertThat(s.header("X-M2M-Origin")).isEqualTo("C");
            assertThat(JSON.readTree(s.body()).path("m2m:ae").path("api").asText()).isEqualTo("Napp");
            assertThat(JSON.readTree(s.body()).path("m2m:ae").path("rr").asBoolean(true)).isFalse();
            assertThat(r.rsc()).isEqualTo(ResponseStatusCode.CREATED);
            assertThat(r.root()).isEqualTo("m2m:ae");
            assertThat(r.ri()).isEqualTo("CAssigned");
            assertThat(r.location()).isEqualTo("cse-in/CAssigned");
            assertThat(c.originator()).isEqualTo("CAssigned");
            peer.answers(200, Map.of("X-M2M-RSC", "2000"), "");
            c.retrieve("cse-in");
            assertThat(peer.next().header("X-M2M-Origin")).isEqualTo("CAssigned");
        }
    }

    @Test
    void aRefusalIsACseExceptionWithTheCodeAndTheReason() {
        peer.answers(403, Map.of("X-M2M-RSC", "4103"), "{\"m2m:dbg\":\"RETRIEVE refused\"}");
        assertThatThrownBy(() -> cse.retrieve("cse-in/secret")).isInstanceOfSatisfying(CseException.class, e -> {
            assertThat(e.code()).isEqualTo(4103);
            assertThat(e.rsc()).isEqualTo(ResponseStatusCode.ORIGINATOR_HAS_NO_PRIVILEGE);
            assertThat(e.dbg()).isEqualTo("RETRIEVE refused");
            assertThat(e.answered()).isTrue();
            assertThat(e.getMessage()).contains("RETRIEVE cse-in/secret", "4103", "RETRIEVE refused");
        });
    }

    @Test
    void sendReturnsAnyAnswerWithoutThrowing() {
        peer.answers(404, Map.of("X-M2M-RSC", "4004"), "{\"m2m:dbg\":\"not found\"}");
        var r = cse.send(cse.request(Operation.RETRIEVE, "cse-in/none").build());
        assertThat(r.rsc()).isEqualTo(ResponseStatusCode.NOT_FOUND);
        assertThat(new Result(r).dbg()).isEqualTo("not found");
    }

    @Test
    void withoutXM2mRscTheCodeComesFromTheHttpStatus() {
        peer.answers(404, Map.of(), "");
        assertThatThrownBy(() -> cse.retrieve("cse-in/x")).isInstanceOfSatisfying(CseException.class,
                e -> assertThat(e.code()).isEqualTo(4004));
    }

    @Test
    void noAnswerIs5103AndNoAnswerInTimeIs4008() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        try (CseClient c = CseClient.builder("http://127.0.0.1:" + closed).cseId("/id-in").originator("C").build()) {
            assertThatThrownBy(() -> c.retrieve("cse-in")).isInstanceOfSatisfying(CseException.class, e -> {
                assertThat(e.code()).isEqualTo(5103);
                assertThat(e.answered()).isFalse();
                assertThat(e.response()).isNull();
            });
        }
        peer.answers(200, Map.of("X-M2M-RSC", "2000"), "").delaying(1500);
        try (CseClient c = CseClient.builder(peer.url()).cseId("/id-in").originator("C")
                .timeout(Duration.ofMillis(300)).build()) {
            assertThatThrownBy(() -> c.retrieve("cse-in")).isInstanceOfSatisfying(CseException.class, e -> {
                assertThat(e.code()).isEqualTo(4008);
                assertThat(e.answered()).isFalse();
            });
        }
    }

    @Test
    void aRequestTs0009CannotExpressIsRefusedBeforeSending() {
        assertThatThrownBy(() -> cse.send(cse.request(Operation.CREATE, "cse-in").build()))
                .isInstanceOfSatisfying(CseException.class, e -> {
                    assertThat(e.code()).isEqualTo(4000);
                    assertThat(e.dbg()).contains("ty");
                });
    }

    @Test
    void cborContentIsSentAsCbor() throws Exception {
        peer.answers(200, Map.of("X-M2M-RSC", "2001"), "");
        try (CseClient c = CseClient.builder(peer.url()).cseId("/id-in").originator("Cmyapp")
                .serialization(Serialization.CBOR).build()) {
            c.createContentInstance("cse-in/myapp/temp", "21.5");
            RecordingCse.Seen s = peer.next();
            assertThat(s.header("Content-Type")).isEqualTo("application/cbor;ty=4");
            assertThat(new ObjectMapper(new com.fasterxml.jackson.dataformat.cbor.CBORFactory()).readTree(s.body())
                    .path("m2m:cin").path("con").asText()).isEqualTo("21.5");
        }
    }

    @Test
    void subscribeNamesTheReceiverAndTellsItWhomToExpect() throws Exception {
        peer.answers(201, Map.of("X-M2M-RSC", "2001"), "");
        try (NotificationReceiver rx = NotificationReceiver.start(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), n -> { })) {
            cse.subscribe("cse-in/myapp/temp", "sub", rx, 3, 1);
            RecordingCse.Seen s = peer.next();
            assertThat(s.header("Content-Type")).isEqualTo("application/json;ty=23");
            var sub = JSON.readTree(s.body()).path("m2m:sub");
            assertThat(sub.path("nu").get(0).asText()).isEqualTo(rx.url());
            assertThat(sub.path("enc").path("net")).hasToString("[3,1]");
            assertThat(sub.path("nct").asInt()).isEqualTo(1);
        }
    }

    @Test
    void subscribingBeforeHavingAnAeIdIsRefusedBeforeSending() {
        try (CseClient c = CseClient.builder(peer.url()).cseId("/id-in").originator("C").build();
             NotificationReceiver rx = NotificationReceiver.start(
                     new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), n -> { })) {
            assertThatThrownBy(() -> c.subscribe("cse-in/x", "s", rx)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("AE-ID");
        }
    }

    @Test
    void theBuilderRefusesWhatCannotWork() {
        assertThatThrownBy(() -> CseClient.builder("ftp://x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CseClient.builder("http://x").build()).hasMessageContaining("CSE-ID");
        assertThatThrownBy(() -> CseClient.builder("http://x").cseId("id-in"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CseClient.builder("https://x").cseId("/id-in").build())
                .hasMessageContaining("CA");
        assertThat(CseClient.builder("http://x").cseId("/id-in").serialization(Serialization.XML).build())
                .as("XML is written since issue 17").isNotNull();
    }
}
