package io.bastion.security.escertke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bastion.core.id.IdForms;
import io.bastion.core.primitive.ResponseStatusCode;
import io.bastion.core.time.MutableClock;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The four ESCertKE Messages between an initiator and a responder in memory (TS-0003 8.7.2.2), and every refusal. */
class EsCertKeProcedureTest {
    static final IdForms FORMS = new IdForms("bastion.example", "/id-in");
    static final EsCertKePki.Ca CA = EsCertKePki.ca("ESCertKE test CA");
    static final EsCertKePki.Ca OTHER_CA = EsCertKePki.ca("another CA");
    static final String ALICE = "Calice";
    static final String BOB = "Cbob";
    static final EndPointCredentials ALICE_KEYS = EsCertKePki.endPoint(CA, "onem2m://bastion.example/id-in/Calice");
    static final EndPointCredentials BOB_KEYS = EsCertKePki.endPoint(CA, "onem2m://bastion.example/id-in/Cbob");
    static final EndPointCredentials MALLORY_KEYS = EsCertKePki.endPoint(CA,
            "onem2m://bastion.example/id-in/Cmallory");
    static final EndPointCredentials UNTRUSTED_BOB = EsCertKePki.endPoint(OTHER_CA,
            "onem2m://bastion.example/id-in/Cbob");

    final MutableClock clock = new MutableClock(Instant.now());
    final PeerCheck trustCa = PeerCheck.anchors(List.of(CA.cert()), FORMS, Clock.systemUTC());

    EsCertKeInitiator initiator(EndPointCredentials own, String to) {
        return new EsCertKeInitiator(own, trustCa, to, new SecureRandom(), clock, Duration.ofSeconds(30));
    }

    EsCertKeResponder responder(EndPointCredentials own, int max) {
        return new EsCertKeResponder(own, trustCa, new SecureRandom(), clock, Duration.ofSeconds(30), max);
    }

    @Test
    void bothEndPointsExportTheSameKeyAndKeyIdAssociatedWithEachOther() {
        EsCertKeInitiator alice = initiator(ALICE_KEYS, BOB);
        EsCertKeResponder bob = responder(BOB_KEYS, 4);
        EsCertKeMessage m1 = alice.message1();
        EsCertKeResponder.Reply r2 = bob.handle(ALICE, m1);
        assertThat(r2.key()).isNull();
        assertThat(bob.openProcedures()).isEqualTo(1);
        EsCertKeMessage m3 = alice.message3(r2.message());
        EsCertKeResponder.Reply r4 = bob.handle(ALICE, m3);
        PairwiseE2EKey atAlice = alice.finish(r4.message());
        PairwiseE2EKey atBob = r4.key();

        assertThat(atAlice.keyId()).isEqualTo(atBob.keyId()).matches("[0-9a-f]{32}");
        assertThat(atAlice.bytes()).hasSize(32).isEqualTo(atBob.bytes());
        assertThat(atAlice.entity()).isEqualTo(BOB);
        assertThat(atBob.entity()).isEqualTo(ALICE);
        assertThat(atAlice.toString()).doesNotContain(java.util.HexFormat.of().formatHex(atAlice.bytes()));
        assertThat(bob.openProcedures()).isZero();
        // the messages are TLS 1.2 flights: handshake records (22), change_cipher_spec (20) in Messages 3 and 4
        assertThat(m1.records()[0]).isEqualTo((byte) 22);
        assertThat(m1.records()[1]).isEqualTo((byte) 3);
        assertThat(contains(m3.records(), (byte) 20)).isTrue();
        assertThat(r4.message().records()[0]).isEqualTo((byte) 20);
    }

    @Test
    void twoProceduresGiveDifferentKeys() {
        PairwiseE2EKey first = run(initiator(ALICE_KEYS, BOB), responder(BOB_KEYS, 4), ALICE);
        PairwiseE2EKey second = run(initiator(ALICE_KEYS, BOB), responder(BOB_KEYS, 4), ALICE);
        assertThat(first.keyId()).isNotEqualTo(second.keyId());
        assertThat(first.bytes()).isNotEqualTo(second.bytes());
    }

    @Test
    void aResponderWhoseCertificateNamesAnotherEntityIsRefusedByTheInitiator() {
        EsCertKeInitiator alice = initiator(ALICE_KEYS, BOB);
        EsCertKeResponder mallory = responder(MALLORY_KEYS, 4);
        EsCertKeMessage m2 = mallory.handle(ALICE, alice.message1()).message();
        assertRefused(() -> alice.message3(m2), ResponseStatusCode.ORIGINATOR_NOT_AUTHENTICATED,
                "does not name Cbob but Cmallory");
    }

    @Test
    void anInitiatorWhoseCertificateNamesAnotherEntityThanItsFromIsRefused() {
        // Mallory holds a valid certificate of her own and claims to be Alice in From
        EsCertKeInitiator mallory = initiator(MALLORY_KEYS, BOB);
        EsCertKeResponder bob = responder(BOB_KEYS, 4);
        EsCertKeMessage m3 = mallory.message3(bob.handle(ALICE, mallory.message1()).message());
        assertRefused(() -> bob.handle(ALICE, m3), ResponseStatusCode.ORIGINATOR_NOT_AUTHENTICATED,
                "does not name Calice but Cmallory");
        assertThat(bob.openProcedures()).isZero();
    }

    @Test
    void certificatesOfAnUntrustedCaAreRefusedOnBothSides() {
        EsCertKeInitiator alice = initiator(ALICE_KEYS, BOB);
        EsCertKeMessage m2 = responder(UNTRUSTED_BOB, 4).handle(ALICE, alice.message1()).message();
        assertRefused(() -> alice.message3(m2), ResponseStatusCode.ORIGINATOR_NOT_AUTHENTICATED, "untrusted chain");

        EndPointCredentials untrustedAlice = EsCertKePki.endPoint(OTHER_CA, "onem2m://bastion.example/id-in/Calice");
        EsCertKeInitiator fake = new EsCertKeInitiator(untrustedAlice,
                PeerCheck.anchors(List.of(CA.cert()), FORMS, Clock.systemUTC()), BOB, new SecureRandom(), clock,
                Duration.ofSeconds(30));
        EsCertKeResponder bob = responder(BOB_KEYS, 4);
        EsCertKeMessage m3 = fake.message3(bob.handle(ALICE, fake.message1()).message());
        assertRefused(() -> bob.handle(ALICE, m3), ResponseStatusCode.ORIGINATOR_NOT_AUTHENTICATED,
                "untrusted chain");
    }

    @Test
    void aTamperedFlightFailsTheHandshake() {
        EsCertKeInitiator alice = initiator(ALICE_KEYS, BOB);
        EsCertKeResponder bob = responder(BOB_KEYS, 4);
        EsCertKeMessage m3 = alice.message3(bob.handle(ALICE, alice.message1()).message());
        byte[] tampered = m3.records();
        tampered[tampered.length - 1] ^= 1; // the last byte of the encrypted Finished
        assertRefused(() -> bob.handle(ALICE, new EsCertKeMessage(tampered)),
                ResponseStatusCode.ORIGINATOR_NOT_AUTHENTICATED, "bad_record_mac");
    }

    @Test
    void aTamperedMessage4IsRefusedByTheInitiator() {
        EsCertKeInitiator alice = initiator(ALICE_KEYS, BOB);
        EsCertKeResponder bob = responder(BOB_KEYS, 4);
        EsCertKeMessage m3 = alice.message3(bob.handle(ALICE, alice.message1()).message());
        byte[] m4 = bob.handle(ALICE, m3).message().records();
        m4[m4.length - 1] ^= 1;
        assertRefused(() -> alice.finish(new EsCertKeMessage(m4)), ResponseStatusCode.ORIGINATOR_NOT_AUTHENTICATED,
                "bad_record_mac");
    }

    /** Flights that are not what their place in the procedure asks for: 4000 naming the message, never 5000. */
    @Test
    void malformedFlightsAreBadRequests() {
        EsCertKeResponder bob = responder(BOB_KEYS, 4);
        byte[] hello = initiator(ALICE_KEYS, BOB).message1().records();
        List<byte[]> bad = List.of(
                new byte[] {1, 2, 3},                                  // no TLS record at all
                Arrays.copyOf(hello, 40),                              // a truncated ClientHello
                garbageAfterHeader(hello));                            // a ClientHello header, then garbage
        for (byte[] b : bad) {
            assertThatThrownBy(() -> bob.handle(ALICE, new EsCertKeMessage(b)))
                    .isInstanceOfSatisfying(EsCertKeException.class,
                            e -> assertThat(e.status()).isEqualTo(ResponseStatusCode.BAD_REQUEST))
                    .hasMessageContaining("ESCertKE");
        }
        // Message 2 that is garbage, at the initiator
        EsCertKeInitiator alice = initiator(ALICE_KEYS, BOB);
        alice.message1();
        assertRefused(() -> alice.message3(new EsCertKeMessage(new byte[] {22, 3, 3, 0, 1, 99})),
                ResponseStatusCode.BAD_REQUEST, "ESCertKE Message 2");
    }

    @Test
    void aMessage3WithoutAProcedureIsRefused() {
        EsCertKeInitiator alice = initiator(ALICE_KEYS, BOB);
        EsCertKeResponder bob = responder(BOB_KEYS, 4);
        EsCertKeMessage m3 = alice.message3(bob.handle(ALICE, alice.message1()).message());
        // the same flight from another originator: no procedure is correlated with it (TS-0001 11.4.3 C.1c)
        assertRefused(() -> bob.handle("Ccarol", m3), ResponseStatusCode.BAD_REQUEST,
                "no ESCertKE procedure with Ccarol");
        // and Message 3 is used once
        bob.handle(ALICE, m3);
        assertRefused(() -> bob.handle(ALICE, m3), ResponseStatusCode.BAD_REQUEST, "no ESCertKE procedure");
    }

    @Test
    void aProcedureThatStallsExpiresOnBothSides() {
        EsCertKeInitiator alice = initiator(ALICE_KEYS, BOB);
        EsCertKeResponder bob = responder(BOB_KEYS, 4);
        EsCertKeMessage m2 = bob.handle(ALICE, alice.message1()).message();
        EsCertKeMessage m3 = alice.message3(m2);
        clock.advance(Duration.ofSeconds(31));
        assertThat(bob.openProcedures()).isZero(); // swept
        assertRefused(() -> bob.handle(ALICE, m3), ResponseStatusCode.BAD_REQUEST, "no ESCertKE procedure");

        EsCertKeInitiator late = initiator(ALICE_KEYS, BOB);
        EsCertKeResponder bob2 = responder(BOB_KEYS, 4);
        EsCertKeMessage m2b = bob2.handle(ALICE, late.message1()).message();
        clock.advance(Duration.ofSeconds(31));
        assertRefused(() -> late.message3(m2b), ResponseStatusCode.REQUEST_TIMEOUT, "expired");
    }

    @Test
    void theNumberOfOpenProceduresIsBounded() {
        EsCertKeResponder bob = responder(BOB_KEYS, 2);
        bob.handle("Cone", initiator(ALICE_KEYS, BOB).message1());
        bob.handle("Ctwo", initiator(ALICE_KEYS, BOB).message1());
        assertRefused(() -> bob.handle("Cthree", initiator(ALICE_KEYS, BOB).message1()),
                ResponseStatusCode.NOT_ACCEPTABLE, "too many ESCertKE procedures");
        // a new Message 1 of an initiator with an open procedure replaces it
        bob.handle("Cone", initiator(ALICE_KEYS, BOB).message1());
        assertThat(bob.openProcedures()).isEqualTo(2);
    }

    @Test
    void stepsOutOfOrderAreProgrammingErrors() {
        EsCertKeInitiator alice = initiator(ALICE_KEYS, BOB);
        assertThatThrownBy(() -> alice.finish(new EsCertKeMessage(new byte[] {1})))
                .isInstanceOf(IllegalStateException.class);
    }

    static PairwiseE2EKey run(EsCertKeInitiator i, EsCertKeResponder r, String from) {
        EsCertKeMessage m3 = i.message3(r.handle(from, i.message1()).message());
        EsCertKeResponder.Reply r4 = r.handle(from, m3);
        PairwiseE2EKey k = i.finish(r4.message());
        assertThat(k.bytes()).isEqualTo(r4.key().bytes());
        return k;
    }

    static void assertRefused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, ResponseStatusCode code,
                              String reason) {
        assertThatThrownBy(call).isInstanceOfSatisfying(EsCertKeException.class,
                e -> assertThat(e.status()).isEqualTo(code)).hasMessageContaining(reason);
    }

    private static boolean contains(byte[] b, byte v) {
        for (byte x : b) {
            if (x == v) {
                return true;
            }
        }
        return false;
    }

    private static byte[] garbageAfterHeader(byte[] hello) {
        byte[] b = hello.clone();
        for (int i = 9; i < b.length; i++) {
            b[i] = (byte) 0x5a;
        }
        return b;
    }
}
