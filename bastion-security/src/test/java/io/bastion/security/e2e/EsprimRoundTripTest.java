package io.bastion.security.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bastion.core.primitive.ResponseStatusCode;
import io.bastion.core.time.MutableClock;
import io.bastion.security.credential.PreSharedKey;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Both roles together: a request protected, opened, answered and the answer opened; the session rules. */
class EsprimRoundTripTest {
    static final String KEY_HEX = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
    final MutableClock clock = new MutableClock(Instant.parse("2026-12-06T12:00:00Z"));
    final SecureRandom random = new SecureRandom();
    final InMemoryPairwiseKeys keys = new InMemoryPairwiseKeys();
    final PairwiseKey key = new PairwiseKey("ae1@keys.example", PreSharedKey.fromHex(KEY_HEX), "Cae1");
    final EsprimReceiver receiver;
    final EsprimOriginator originator = new EsprimOriginator(clock, random);

    EsprimRoundTripTest() {
        keys.put(key);
        receiver = new EsprimReceiver(keys, clock, random, EsprimReceiver.Settings.defaults());
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @EnumSource(EsprimAlgorithm.class)
    void requestAndResponseRoundTrip(EsprimAlgorithm alg) {
        EsprimOriginator.Session s = originator.start(key, receiver.issueRandObject(), alg, Duration.ofMinutes(10));
        String object = s.protect(utf8("{\"m2m:rqp\":{\"op\":2}}"), EsprimHeader.JSON);
        assertEquals("", object.split("\\.", -1)[1], "the encrypted-key part is empty");
        EsprimReceiver.Opened opened = receiver.open(object);
        assertArrayEquals(utf8("{\"m2m:rqp\":{\"op\":2}}"), opened.plaintext());
        assertEquals(alg, opened.header().alg());
        opened.verifyOriginator("Cae1", UnaryOperator.identity());
        String answer = opened.protect(utf8("{\"m2m:rsp\":{\"rsc\":2000}}"), EsprimHeader.JSON);
        assertArrayEquals(utf8("{\"m2m:rsp\":{\"rsc\":2000}}"), s.open(answer));
    }

    @Test
    void oneRandPairProtectsManyObjectsButEachIsAcceptedOnce() {
        EsprimOriginator.Session s = originator.start(key, receiver.sharedRandObject(), EsprimAlgorithm.A256GCM,
                Duration.ofMinutes(10));
        String first = s.protect(utf8("one"), EsprimHeader.JSON);
        String second = s.protect(utf8("two"), EsprimHeader.JSON);
        receiver.open(first);
        receiver.open(second);
        EsprimRefusal replay = assertThrows(EsprimRefusal.class, () -> receiver.open(first));
        assertEquals(ResponseStatusCode.ESPRIM_BAD_MAC, replay.status());
        assertTrue(replay.getMessage().contains("replay"), replay.getMessage());
    }

    @Test
    void anAcceptedObjectSpeltAnotherWayIsNoNewObject() {
        EsprimOriginator.Session s = originator.start(key, receiver.sharedRandObject(), EsprimAlgorithm.A128GCM,
                Duration.ofMinutes(10));
        String first = s.protect(utf8("once"), EsprimHeader.JSON);
        receiver.open(first);
        String[] parts = first.split("\\.", -1);
        String tag = parts[4];
        // the same 16 tag bytes spelt with padding, and with other unused trailing bits in the last character
        String otherBits = null;
        byte[] tagBytes = java.util.Base64.getUrlDecoder().decode(tag);
        for (char c : "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".toCharArray()) {
            String t = tag.substring(0, tag.length() - 1) + c;
            if (!t.equals(tag) && java.util.Arrays.equals(java.util.Base64.getUrlDecoder().decode(t), tagBytes)) {
                otherBits = t;
                break;
            }
        }
        assertTrue(otherBits != null, "a 16-byte tag leaves unused bits in its last base64url character");
        for (String respelt : new String[] {tag + "==", otherBits}) {
            String again = String.join(".", parts[0], parts[1], parts[2], parts[3], respelt);
            EsprimRefusal refused = assertThrows(EsprimRefusal.class, () -> receiver.open(again));
            assertEquals(ResponseStatusCode.BAD_REQUEST, refused.status(), refused.getMessage());
            assertTrue(refused.getMessage().contains("base64url without padding"), refused.getMessage());
        }
    }

    @Test
    void theSharedRandObjectRotatesBeforeItExpiresAndTheOldOneStaysValid() {
        ReceiverRandObject first = receiver.sharedRandObject();
        assertTrue(first.esri().startsWith("S"));
        EsprimOriginator.Session s = originator.start(key, first, EsprimAlgorithm.A128GCM, Duration.ofHours(2));
        clock.advance(Duration.ofMinutes(20));
        assertEquals(first, receiver.sharedRandObject());
        clock.advance(Duration.ofMinutes(15));
        ReceiverRandObject second = receiver.sharedRandObject();
        assertNotEquals(first.esri(), second.esri());
        receiver.open(s.protect(utf8("still valid"), EsprimHeader.JSON));
    }

    @Test
    void theOriginatorNeverOutlivesTheReceiverRandObject() {
        ReceiverRandObject r = receiver.issueRandObject();
        EsprimOriginator.Session s = originator.start(key, r, EsprimAlgorithm.A128GCM, Duration.ofDays(3));
        assertEquals(r.esrx(), s.originatorRandObject().esrx());
    }

    @Test
    void aResponseOfAnotherSessionIsRefusedByTheOriginator() {
        EsprimOriginator.Session a = originator.start(key, receiver.issueRandObject(), EsprimAlgorithm.A128GCM,
                Duration.ofMinutes(5));
        EsprimOriginator.Session b = originator.start(key, receiver.issueRandObject(), EsprimAlgorithm.A128GCM,
                Duration.ofMinutes(5));
        String answerToB = receiver.open(b.protect(utf8("x"), EsprimHeader.JSON)).protect(utf8("y"), EsprimHeader.JSON);
        EsprimRefusal e = assertThrows(EsprimRefusal.class, () -> a.open(answerToB));
        assertEquals(ResponseStatusCode.ESPRIM_UNKNOWN_ORIG_RAND_ID, e.status());
    }

    @Test
    void keysAndSessionKeysNeverPrint() {
        EsprimOriginator.Session s = originator.start(key, receiver.issueRandObject(), EsprimAlgorithm.A128GCM,
                Duration.ofMinutes(5));
        for (String printed : List.of(key.toString(), s.toString(),
                SessionKeyDerivation.derive(key, RandValue.fresh(random), RandValue.fresh(random)).toString())) {
            assertTrue(!printed.toLowerCase().contains("00112233"), printed);
        }
    }
}
