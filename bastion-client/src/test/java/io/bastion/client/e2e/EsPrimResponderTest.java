package io.bastion.client.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bastion.client.CseClient;
import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.primitive.Operation;
import io.bastion.core.primitive.Request;
import io.bastion.core.primitive.Response;
import io.bastion.core.primitive.ResponseStatusCode;
import io.bastion.security.credential.PreSharedKey;
import io.bastion.security.e2e.EsprimAlgorithm;
import io.bastion.security.e2e.EsprimHeader;
import io.bastion.security.e2e.EsprimOriginator;
import io.bastion.security.e2e.InMemoryPairwiseKeys;
import io.bastion.security.e2e.InnerPrimitives;
import io.bastion.security.e2e.PairwiseKey;
import io.bastion.security.e2e.SecurityInfo;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * An AE as ESPrim Receiver ({@link EsPrimResponder}), driven by the engine's originator: each inner request and what
 * the AE's handler does, with the protected answer's code; the outer refusals with theirs.
 */
class EsPrimResponderTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String KID = "alice@keys.example";
    static final PreSharedKey KEY = PreSharedKey.fromHex("00112233445566778899aabbccddeeff"
            + "00112233445566778899aabbccddeeff");

    static EsPrimResponder responder() {
        InMemoryPairwiseKeys keys = new InMemoryPairwiseKeys();
        keys.put(new PairwiseKey(KID, KEY, "Calice"));
        CseClient bob = CseClient.builder("http://127.0.0.1:9").cseId("/id-in").spId("sp.example").originator("Cbob")
                .build();
        return EsPrim.builder(bob, keys).build().responder(rq -> switch (rq.to()) {
            case "cse-in/bob/missing" -> throw new OneM2MException(ResponseStatusCode.NOT_FOUND, "no such thing");
            case "cse-in/bob/broken" -> throw new IllegalStateException("a bug of the AE");
            default -> Response.of(ResponseStatusCode.OK, JSON.createObjectNode().put("to", rq.to()));
        });
    }

    /** A session with the responder: a sit 3 exchange, then the engine's originator. */
    static EsprimOriginator.Session session(EsPrimResponder r, String kid) {
        JsonNode sit4 = r.answer("Calice", "r0", SecurityInfo.randObjectRequest().toJson());
        SecurityInfo seci = SecurityInfo.fromJson(sit4, Instant.now());
        assertThat(seci.ero().esri()).startsWith("U");
        return new EsprimOriginator(Clock.systemUTC(), new SecureRandom()).start(new PairwiseKey(kid, KEY, "Cbob"),
                seci.ero(), EsprimAlgorithm.A128GCM, Duration.ofMinutes(5));
    }

    static Response exchange(EsPrimResponder r, EsprimOriginator.Session s, Request inner) {
        String epo = s.protect(InnerPrimitives.requestBytes(inner), EsprimHeader.JSON);
        JsonNode answer = r.answer("Calice", "r1", SecurityInfo.esprimObject(epo).toJson());
        return InnerPrimitives.response(s.open(SecurityInfo.fromJson(answer, Instant.now()).epo()));
    }

    static Stream<Arguments> innerRequests() throws Exception {
        return Stream.of(
                Arguments.of("the key's entity, SP-relative", "/id-in/Calice", "cse-in/bob/lock", null, 2000),
                Arguments.of("the key's entity, absolute", "//sp.example/id-in/Calice", "cse-in/bob/lock", null, 2000),
                Arguments.of("the key's entity as its AE-ID", "Calice", "cse-in/bob/lock", null, 2000),
                Arguments.of("another AE: impersonation", "/id-in/Cmallory", "cse-in/bob/lock", null, 4116),
                Arguments.of("no originator", null, "cse-in/bob/lock", null, 4116),
                Arguments.of("the handler refuses", "/id-in/Calice", "cse-in/bob/missing", null, 4004),
                Arguments.of("the handler fails", "/id-in/Calice", "cse-in/bob/broken", null, 5000),
                Arguments.of("nested end-to-end message", "/id-in/Calice", "cse-in/bob/lock",
                        "{\"m2m:seci\":{\"sit\":3}}", 4000));
    }

    @ParameterizedTest(name = "{0}: {4}")
    @MethodSource("innerRequests")
    void eachInnerRequestIsAnsweredProtectedWithItsCode(String what, String fr, String to, String pc, int rsc)
            throws Exception {
        EsPrimResponder r = responder();
        Request.Builder b = Request.builder(Operation.NOTIFY, to).fr(fr).rqi("inner-1").rvi("3");
        if (pc != null) {
            b.pc(JSON.readTree(pc));
        }
        Response answer = exchange(r, session(r, KID), b.build());
        assertThat(answer.rsc().code()).as(what).isEqualTo(rsc);
        assertThat(answer.rqi()).isEqualTo("inner-1");
        if (rsc == 2000) {
            assertThat(answer.pc().path("to").asText()).isEqualTo(to);
        }
    }

    @Test
    void aReplayedObjectAndAnUnknownKeyAreRefusedUnprotected() {
        EsPrimResponder r = responder();
        EsprimOriginator.Session s = session(r, KID);
        String epo = s.protect(InnerPrimitives.requestBytes(Request.builder(Operation.RETRIEVE, "cse-in/bob/lock")
                .fr("Calice").rqi("once").rvi("3").build()), EsprimHeader.JSON);
        JsonNode object = SecurityInfo.esprimObject(epo).toJson();
        r.answer("Calice", "r1", object);
        assertThatThrownBy(() -> r.answer("Calice", "r2", object)).isInstanceOfSatisfying(OneM2MException.class,
                e -> assertThat(e.status()).isEqualTo(ResponseStatusCode.ESPRIM_BAD_MAC));
        EsprimOriginator.Session ghost = session(r, "ghost@keys.example");
        String unknown = ghost.protect(InnerPrimitives.requestBytes(Request.builder(Operation.RETRIEVE, "x")
                .fr("Calice").rqi("g").rvi("3").build()), EsprimHeader.JSON);
        assertThatThrownBy(() -> r.answer("Calice", "r3", SecurityInfo.esprimObject(unknown).toJson()))
                .isInstanceOfSatisfying(OneM2MException.class,
                        e -> assertThat(e.status()).isEqualTo(ResponseStatusCode.ESPRIM_UNKNOWN_KEY_ID));
    }

    static Stream<Arguments> outerMessages() {
        return Stream.of(
                Arguments.of("{\"m2m:seci\":\"x\"}", 4000, "m2m:seci"),
                Arguments.of("{\"m2m:seci\":{\"sit\":4,\"ero\":{}}}", 4000, "ero"),
                Arguments.of("{\"m2m:seci\":{\"sit\":9}}", 4000, "sit"),
                Arguments.of("{\"m2m:seci\":{\"sit\":5,\"epo\":\"not-a-jwe\"}}", 4000, ""),
                Arguments.of("{\"m2m:seci\":{\"sit\":6,\"eckm\":\"FgMDAAEB\"}}", 5001, "ESCertKE"));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("outerMessages")
    void malformedOrUnsupportedMessagesAreRefusedNamingWhy(String content, int rsc, String named) throws Exception {
        EsPrimResponder r = responder();
        assertThatThrownBy(() -> r.answer("Calice", "r", JSON.readTree(content)))
                .isInstanceOfSatisfying(OneM2MException.class, e -> {
                    assertThat(e.status().code()).isEqualTo(rsc);
                    assertThat(e.getMessage()).contains(named);
                });
    }

    @Test
    void theAesEsiSaysEsprimWithAFreshSharedRandObject() {
        JsonNode esi = responder().e2eSecInfo();
        assertThat(esi.path("esf").toString()).isEqualTo("[13]");
        assertThat(esi.path("esro").path("esri").asText()).startsWith("S");
        assertThat(responder().withEsCertKe((o, q, c) -> c).e2eSecInfo().path("esf").toString()).isEqualTo("[13,43]");
    }
}
