package io.bastion.security.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.bastion.core.primitive.ResponseStatusCode;
import io.bastion.core.time.MutableClock;
import io.bastion.security.credential.PreSharedKey;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Each check of TS-0003 8.4.2 C.6 and 7.2.2 and the code of its failure, one row per fault. */
class EsprimReceiverChecksTest {
    static final Instant T0 = Instant.parse("2026-12-06T12:00:00Z");
    final MutableClock clock = new MutableClock(T0);
    final SecureRandom random = new SecureRandom();
    final InMemoryPairwiseKeys keys = new InMemoryPairwiseKeys();
    final PairwiseKey key = new PairwiseKey("ae1@keys.example",
            PreSharedKey.fromHex("000102030405060708090a0b0c0d0e0f"), "Cae1");
    final EsprimReceiver receiver;

    EsprimReceiverChecksTest() {
        keys.put(key);
        keys.put(new PairwiseKey("old@keys.example", PreSharedKey.fromHex("0f0e0d0c0b0a09080706050403020100"),
                "Cae2", T0.minusSeconds(1)));
        receiver = new EsprimReceiver(keys, clock, random, EsprimReceiver.Settings.defaults());
    }

    /** A fault: what the test does to the receiver, the clock or the object, and the code it must get. */
    record Fault(String name, ResponseStatusCode expected, Function<EsprimReceiverChecksTest, String> object) {
        @Override
        public String toString() {
            return name + " -> " + expected.code();
        }
    }

    /** An object sealed with the real cipher from the given pieces (the way a faulty originator would). */
    String seal(PairwiseKey k, EsprimAlgorithm alg, ReceiverRandObject r, OriginatorRandObject o, boolean sendOro) {
        SessionKey s = SessionKeyDerivation.derive(k, r.esrv(), o.esrv());
        return EsprimCipher.seal("{}".getBytes(StandardCharsets.UTF_8), EsprimHeader.JSON, k.keyId(), alg, o.esri(),
                r.esri(), sendOro ? o : null, s, random);
    }

    OriginatorRandObject oro(String id, Instant expiry, int esk, List<Integer> espa) {
        return new OriginatorRandObject(id, RandValue.fresh(random), expiry, esk, espa);
    }

    String good(EsprimAlgorithm alg, List<Integer> espa) {
        ReceiverRandObject r = receiver.issueRandObject();
        return seal(key, alg, r, oro("Oa", r.esrx(), 1, espa), true);
    }

    static String header(String json, String rest) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8)) + rest;
    }

    static final String HDR = "\"kid\":\"ae1@keys.example\",\"ori\":\"Oa\",\"rri\":\"Ub\"";

    static Stream<Fault> faults() {
        return Stream.of(
            new Fault("four parts", ResponseStatusCode.BAD_REQUEST, t -> "a.b.c.d"),
            new Fault("header not JSON", ResponseStatusCode.BAD_REQUEST, t -> "bm90IGpzb24..aXY.Y3Q.dGFn"),
            new Fault("header not base64url", ResponseStatusCode.BAD_REQUEST, t -> "***..aXY.Y3Q.dGFn"),
            new Fault("no kid", ResponseStatusCode.BAD_REQUEST, t -> header(
                    "{\"alg\":\"dir\",\"enc\":\"A128GCM\",\"ori\":\"Oa\",\"rri\":\"Ub\"}", "..aXY.Y3Q.dGFn")),
            new Fault("alg not dir", ResponseStatusCode.BAD_REQUEST, t -> header(
                    "{\"alg\":\"RSA-OAEP-256\",\"enc\":\"A128GCM\"," + HDR + "}", "..aXY.Y3Q.dGFn")),
            new Fault("an encrypted key", ResponseStatusCode.BAD_REQUEST, t -> header(
                    "{\"alg\":\"dir\",\"enc\":\"A128GCM\"," + HDR + "}", ".a2V5.aXY.Y3Q.dGFn")),
            new Fault("no ori", ResponseStatusCode.BAD_REQUEST, t -> header(
                    "{\"alg\":\"dir\",\"enc\":\"A128GCM\",\"kid\":\"k@x.example\",\"rri\":\"Ub\"}", "..aXY.Y3Q.dGFn")),
            new Fault("malformed oro", ResponseStatusCode.BAD_REQUEST, t -> header(
                    "{\"alg\":\"dir\",\"enc\":\"A128GCM\"," + HDR + ",\"oro\":{\"esri\":\"Oa\"}}", "..aXY.Y3Q.dGFn")),
            new Fault("enc A128CBC-HS256", ResponseStatusCode.ESPRIM_UNSUPPORTED_OPTION, t -> header(
                    "{\"alg\":\"dir\",\"enc\":\"A128CBC-HS256\"," + HDR + "}", "..aXY.Y3Q.dGFn")),
            new Fault("zip", ResponseStatusCode.ESPRIM_UNSUPPORTED_OPTION, t -> header(
                    "{\"alg\":\"dir\",\"enc\":\"A128GCM\",\"zip\":\"DEF\"," + HDR + "}", "..aXY.Y3Q.dGFn")),
            new Fault("xml inner primitive", ResponseStatusCode.ESPRIM_UNSUPPORTED_OPTION, t -> header(
                    "{\"alg\":\"dir\",\"enc\":\"A128GCM\",\"cty\":\"application/xml\"," + HDR + "}",
                    "..aXY.Y3Q.dGFn")),
            new Fault("unknown kid", ResponseStatusCode.ESPRIM_UNKNOWN_KEY_ID, t -> {
                ReceiverRandObject r = t.receiver.issueRandObject();
                return t.seal(new PairwiseKey("nobody@keys.example", t.key.key(), "Cae1"), EsprimAlgorithm.A128GCM, r,
                        t.oro("Oa", r.esrx(), 1, List.of(10)), true);
            }),
            new Fault("expired key", ResponseStatusCode.ESPRIM_UNKNOWN_KEY_ID, t -> {
                ReceiverRandObject r = t.receiver.issueRandObject();
                return t.seal(t.keys.lookup("old@keys.example").orElseThrow(), EsprimAlgorithm.A128GCM, r,
                        t.oro("Oa", r.esrx(), 1, List.of(10)), true);
            }),
            new Fault("rri not issued here", ResponseStatusCode.ESPRIM_UNKNOWN_RECV_RAND_ID, t -> {
                ReceiverRandObject forged = new ReceiverRandObject("Uforged", RandValue.fresh(t.random),
                        T0.plusSeconds(600), List.of(1), List.of(10));
                return t.seal(t.key, EsprimAlgorithm.A128GCM, forged, t.oro("Oa", forged.esrx(), 1, List.of(10)), true);
            }),
            new Fault("rri expired", ResponseStatusCode.ESPRIM_UNKNOWN_RECV_RAND_ID, t -> {
                String o = t.good(EsprimAlgorithm.A128GCM, List.of(10));
                t.clock.advance(Duration.ofHours(2));
                return o;
            }),
            new Fault("ori unknown, no oro", ResponseStatusCode.ESPRIM_UNKNOWN_ORIG_RAND_ID, t -> {
                ReceiverRandObject r = t.receiver.issueRandObject();
                return t.seal(t.key, EsprimAlgorithm.A128GCM, r, t.oro("Oa", r.esrx(), 1, List.of(10)), false);
            }),
            new Fault("originator expired", ResponseStatusCode.ESPRIM_UNKNOWN_ORIG_RAND_ID, t -> {
                ReceiverRandObject r = t.receiver.issueRandObject();
                String o = t.seal(t.key, EsprimAlgorithm.A128GCM, r, t.oro("Oa", T0.plusSeconds(60), 1, List.of(10)),
                        true);
                t.clock.advance(Duration.ofMinutes(2));
                return o;
            }),
            new Fault("originator outlives receiver", ResponseStatusCode.ESPRIM_UNKNOWN_ORIG_RAND_ID, t -> {
                ReceiverRandObject r = t.receiver.issueRandObject();
                return t.seal(t.key, EsprimAlgorithm.A128GCM, r, t.oro("Oa", r.esrx().plusSeconds(1), 1, List.of(10)),
                        true);
            }),
            new Fault("esk not offered", ResponseStatusCode.ESPRIM_UNSUPPORTED_OPTION, t -> {
                ReceiverRandObject r = t.receiver.issueRandObject();
                return t.seal(t.key, EsprimAlgorithm.A128GCM, r, t.oro("Oa", r.esrx(), 2, List.of(10)), true);
            }),
            new Fault("espa not a subset", ResponseStatusCode.ESPRIM_UNSUPPORTED_OPTION,
                    t -> t.good(EsprimAlgorithm.A128GCM, List.of(10, 13))),
            new Fault("enc not in originator espa", ResponseStatusCode.ESPRIM_UNSUPPORTED_OPTION,
                    t -> t.good(EsprimAlgorithm.A256GCM, List.of(10))),
            new Fault("wrong key under the right kid", ResponseStatusCode.ESPRIM_BAD_MAC, t -> {
                ReceiverRandObject r = t.receiver.issueRandObject();
                return t.seal(new PairwiseKey(t.key.keyId(), PreSharedKey.fromHex("ffffffffffffffffffffffffffffffff"),
                        "Cae1"), EsprimAlgorithm.A128GCM, r, t.oro("Oa", r.esrx(), 1, List.of(10)), true);
            }),
            new Fault("ciphertext altered", ResponseStatusCode.ESPRIM_BAD_MAC, t -> {
                String[] p = t.good(EsprimAlgorithm.A128GCM, List.of(10)).split("\\.", -1);
                p[3] = (p[3].charAt(0) == 'A' ? "B" : "A") + p[3].substring(1);
                return String.join(".", p);
            }),
            new Fault("tag altered", ResponseStatusCode.ESPRIM_BAD_MAC, t -> {
                String[] p = t.good(EsprimAlgorithm.A128GCM, List.of(10)).split("\\.", -1);
                p[4] = (p[4].charAt(0) == 'A' ? "B" : "A") + p[4].substring(1);
                return String.join(".", p);
            }),
            new Fault("iv altered", ResponseStatusCode.ESPRIM_BAD_MAC, t -> {
                String[] p = t.good(EsprimAlgorithm.A128GCM, List.of(10)).split("\\.", -1);
                p[2] = (p[2].charAt(0) == 'A' ? "B" : "A") + p[2].substring(1);
                return String.join(".", p);
            }),
            new Fault("replay", ResponseStatusCode.ESPRIM_BAD_MAC, t -> {
                String o = t.good(EsprimAlgorithm.A128GCM, List.of(10));
                t.receiver.open(o);
                return o;
            }));
    }

    @ParameterizedTest
    @MethodSource("faults")
    void eachFailedCheckHasItsCode(Fault fault) {
        String object = fault.object().apply(this);
        EsprimRefusal e = assertThrows(EsprimRefusal.class, () -> receiver.open(object));
        assertEquals(fault.expected(), e.status(), e.getMessage());
    }

    @Test
    void impersonationIs4116() {
        EsprimReceiver.Opened opened = receiver.open(good(EsprimAlgorithm.A128GCM, List.of(10)));
        EsprimRefusal e = assertThrows(EsprimRefusal.class,
                () -> opened.verifyOriginator("Cother", UnaryOperator.identity()));
        assertEquals(ResponseStatusCode.ESPRIM_IMPERSONATION_ERROR, e.status());
        assertEquals("ae1@keys.example", e.keyId());
        assertThrows(EsprimRefusal.class, () -> opened.verifyOriginator(null, UnaryOperator.identity()));
        opened.verifyOriginator("/id-in/Cae1", fr -> fr.substring(fr.lastIndexOf('/') + 1));
    }

    @Test
    void aRecordedOriginatorRandObjectCannotBeRedefined() {
        ReceiverRandObject r = receiver.issueRandObject();
        receiver.open(seal(key, EsprimAlgorithm.A128GCM, r, oro("Ofixed", r.esrx(), 1, List.of(10)), true));
        // the recorded one serves objects without oro
        OriginatorRandObject other = oro("Ofixed", r.esrx(), 1, List.of(10));
        EsprimRefusal e = assertThrows(EsprimRefusal.class,
                () -> receiver.open(seal(key, EsprimAlgorithm.A128GCM, r, other, true)));
        assertEquals(ResponseStatusCode.ESPRIM_UNKNOWN_ORIG_RAND_ID, e.status());
    }

    @Test
    void aFullReplayCacheRefusesInsteadOfForgetting() {
        EsprimReceiver small = new EsprimReceiver(keys, clock, random,
                new EsprimReceiver.Settings(Duration.ofMinutes(10), 10, 10, 2, List.of(EsprimAlgorithm.A128GCM)));
        ReceiverRandObject r = small.issueRandObject();
        OriginatorRandObject o = oro("Ox", r.esrx(), 1, List.of(10));
        small.open(seal(key, EsprimAlgorithm.A128GCM, r, o, true));
        small.open(seal(key, EsprimAlgorithm.A128GCM, r, o, true));
        EsprimRefusal e = assertThrows(EsprimRefusal.class,
                () -> small.open(seal(key, EsprimAlgorithm.A128GCM, r, o, true)));
        assertEquals(ResponseStatusCode.NOT_ACCEPTABLE, e.status());
        clock.advance(Duration.ofMinutes(11));
        ReceiverRandObject fresh = small.issueRandObject();
        small.open(seal(key, EsprimAlgorithm.A128GCM, fresh, oro("Oy", fresh.esrx(), 1, List.of(10)), true));
    }
}
