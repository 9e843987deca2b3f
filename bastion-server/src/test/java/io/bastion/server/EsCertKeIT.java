package io.bastion.server;

import static io.bastion.server.it.M2m.rule;
import static io.bastion.server.it.M2m.rules;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bastion.core.id.IdForms;
import io.bastion.core.primitive.ResponseStatusCode;
import io.bastion.security.escertke.EndPointCredentials;
import io.bastion.security.escertke.EsCertKeException;
import io.bastion.security.escertke.EsCertKeInitiator;
import io.bastion.security.escertke.EsCertKeMessage;
import io.bastion.security.escertke.PairwiseE2EKey;
import io.bastion.security.escertke.PeerCheck;
import io.bastion.server.it.M2m;
import io.bastion.server.it.TestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * ESCertKE between two AEs through a Bastion CSE (TS-0001 11.4.3, TS-0004 7.5.1.2.12): the four ESCertKE Messages
 * travel in two NOTIFYs from the initiating AE to the terminating AE's resource, which the CSE relays to the AE's
 * point of access and whose answers it relays back. Both AEs end with the same pairwiseE2EKey; the CSE's store, log
 * and audit hold neither the key nor the exported secret; a party whose certificate names another entity is refused.
 */
class EsCertKeIT {
    static final IdForms FORMS = new IdForms(M2m.SP_ID, M2m.CSE_ID);
    @RegisterExtension
    static final TestServer cse = new TestServer();
    static final M2m m2m = cse.client();

    static TestPki.Issued ca;
    static PeerCheck trustCa;
    static EsCertKeAe bob;
    static EndPointCredentials aliceKeys;

    static EndPointCredentials endPoint(TestPki.Issued issuer, String aeId) {
        TestPki.Issued id = new TestPki.Spec("CN=" + aeId).uri("onem2m://" + M2m.SP_ID + M2m.CSE_ID + "/" + aeId)
                .issue(issuer);
        return new EndPointCredentials(id.key(), List.of(id.chain()));
    }

    @BeforeAll
    static void aes() {
        ca = TestPki.ca("ESCertKE AE CA");
        trustCa = PeerCheck.anchors(List.of(ca.cert()), FORMS, Clock.systemUTC());
        aliceKeys = endPoint(ca, "Calice");
        bob = new EsCertKeAe(endPoint(ca, "Cbob"), trustCa);
        m2m.create("Cbob", "/cse-in", 2, M2m.aeBody("bob", bob.poa()).replace("\"rr\":false", "\"rr\":true"))
                .expect(2001);
        m2m.registerAe("Calice", "alice");
        m2m.registerAe("Cmallory", "mallory");
        // Both may NOTIFY bob: the refusal of mallory below is ESCertKE's, not the access control's.
        String acp = m2m.createAcp("Cbob", "/cse-in/bob", "bobAcp",
                rules(rule(16, "Calice", "Cmallory"), rule(63, "Cbob")), rules(rule(63, "Cbob")));
        m2m.update("Cbob", "/cse-in/bob", "{\"m2m:ae\":{\"acpi\":[\"" + acp + "\"]}}").expect(2004);
    }

    @AfterAll
    static void stop() {
        bob.close();
    }

    /** One NOTIFY to {@code target} carrying {@code m}; the ESCertKE Message of the response. */
    static EsCertKeMessage notify(String from, String target, EsCertKeMessage m) {
        M2m.Rsp r = m2m.notifyTo(from, target, m.toContent().toString()).expect(2000);
        return EsCertKeMessage.fromContent(r.json());
    }

    @Test
    void twoAesEstablishTheSameKeyThroughTheCseWhichLearnsNothingOfIt() throws Exception {
        PairwiseE2EKey atAlice;
        EsCertKeMessage m3;
        try (ServerLog log = ServerLog.capture()) {
            EsCertKeInitiator alice = new EsCertKeInitiator(aliceKeys, trustCa, "Cbob");
            EsCertKeMessage m2 = notify("Calice", "/cse-in/bob", alice.message1());
            m3 = alice.message3(m2);
            atAlice = alice.finish(notify("Calice", "/cse-in/bob", m3));
            assertThat(cse.server().audit().sync(Duration.ofSeconds(10))).isTrue();
            assertNowhere(atAlice, log.text());
        }
        PairwiseE2EKey atBob = bob.keys.get("Calice");
        assertThat(atBob).as("bob established a key with Calice").isNotNull();
        assertThat(atAlice.keyId()).isEqualTo(atBob.keyId());
        assertThat(atAlice.bytes()).hasSize(32).isEqualTo(atBob.bytes());
        assertThat(atAlice.entity()).isEqualTo("Cbob");
        assertThat(atBob.entity()).isEqualTo("Calice");
        // the CSE relayed Message 3 untouched
        assertThat(EsCertKeMessage.fromContent(bob.received.get("Calice"))).isEqualTo(m3);
    }

    @Test
    void aThirdPartyWithACertificateForAnotherEntityIsRefusedByTheTerminatingAe() {
        // Mallory, a registered AE, holds a valid certificate, but for Ccarol
        EsCertKeInitiator mallory = new EsCertKeInitiator(endPoint(ca, "Ccarol"), trustCa, "Cbob");
        EsCertKeMessage m3 = mallory.message3(notify("Cmallory", "/cse-in/bob", mallory.message1()));
        M2m.Rsp r = m2m.notifyTo("Cmallory", "/cse-in/bob", m3.toContent().toString()).expect(4106);
        assertThat(r.json().path("m2m:dbg").asText()).contains("does not name Cmallory but Ccarol");
        // and a certificate for Calice from a CA bob does not trust
        EsCertKeInitiator forged = new EsCertKeInitiator(endPoint(TestPki.ca("Mallory's CA"), "Cmallory"), trustCa,
                "Cbob");
        EsCertKeMessage f3 = forged.message3(notify("Cmallory", "/cse-in/bob", forged.message1()));
        assertThat(m2m.notifyTo("Cmallory", "/cse-in/bob", f3.toContent().toString()).expect(4106).json()
                .path("m2m:dbg").asText()).contains("untrusted chain");
        assertThat(bob.keys).doesNotContainKey("Cmallory");
    }

    @Test
    void theInitiatorRefusesATerminatingAeWhoseCertificateNamesAnotherEntity() {
        // Cfake answers with a valid certificate for Ccarol
        try (EsCertKeAe fake = new EsCertKeAe(endPoint(ca, "Ccarol"), trustCa)) {
            m2m.create("Cfake", "/cse-in", 2, M2m.aeBody("fake", fake.poa()).replace("\"rr\":false", "\"rr\":true"))
                    .expect(2001);
            String acp = m2m.createAcp("Cfake", "/cse-in/fake", "fakeAcp", rules(rule(16, "Calice"),
                    rule(63, "Cfake")), rules(rule(63, "Cfake")));
            m2m.update("Cfake", "/cse-in/fake", "{\"m2m:ae\":{\"acpi\":[\"" + acp + "\"]}}").expect(2004);
            EsCertKeInitiator alice = new EsCertKeInitiator(aliceKeys, trustCa, "Cfake");
            EsCertKeMessage m2 = notify("Calice", "/cse-in/fake", alice.message1());
            assertThatThrownBy(() -> alice.message3(m2)).isInstanceOfSatisfying(EsCertKeException.class,
                    e -> assertThat(e.status()).isEqualTo(ResponseStatusCode.ORIGINATOR_NOT_AUTHENTICATED))
                    .hasMessageContaining("does not name Cfake but Ccarol");
        }
    }

    @Test
    void malformedSecurityInfoIsRefusedWithItsCode() {
        // a sit 6 the CSE relays, whose eckm the AE finds malformed
        assertThat(m2m.notifyTo("Calice", "/cse-in/bob", "{\"m2m:seci\":{\"sit\":6,\"eckm\":\"%%\"}}").expect(4000)
                .json().path("m2m:dbg").asText()).contains("m2m:seci.eckm: not base64");
        // a Message 3 without a Message 1 before it
        assertThat(m2m.notifyTo("Calice", "/cse-in/bob", "{\"m2m:seci\":{\"sit\":6,\"eckm\":\"FAMDAAEB\"}}")
                .expect(4000).json().path("m2m:dbg").asText()).contains("no ESCertKE procedure with Calice");
        // security information that is no object never leaves the CSE
        m2m.notifyTo("Calice", "/cse-in/bob", "{\"m2m:seci\":\"x\"}").expect(4000);
        // the CSE itself is no ESCertKE end-point (asked by the admin, whom access control lets through)
        m2m.notifyTo(M2m.ADMIN, "/cse-in", "{\"m2m:seci\":{\"sit\":6,\"eckm\":\"FgMDAAEB\"}}").expect(5001);
        // without the NOTIFY privilege on the target, nothing is relayed
        m2m.registerAe("Ceve", "eve");
        m2m.notifyTo("Ceve", "/cse-in/bob", "{\"m2m:seci\":{\"sit\":6,\"eckm\":\"FgMDAAEB\"}}").expect(4103);
        assertThat(bob.received).doesNotContainKey("Ceve");
    }

    /** Neither the exported secret nor the key, in any spelling, in the log or any file of the data folder. */
    static void assertNowhere(PairwiseE2EKey key, String log) throws IOException {
        byte[] k = key.bytes();
        List<String> spellings = List.of(HexFormat.of().formatHex(k), HexFormat.of().formatHex(k).toUpperCase(
                Locale.ROOT), Base64.getEncoder().encodeToString(k), Base64.getUrlEncoder().withoutPadding()
                .encodeToString(k), key.keyId());
        for (String s : spellings) {
            assertThat(log).doesNotContain(s);
        }
        try (Stream<Path> files = Files.walk(cse.dir())) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                byte[] content = Files.readAllBytes(f);
                String text = new String(content, java.nio.charset.StandardCharsets.ISO_8859_1);
                assertThat(text).as("%s holds no raw key bytes", f).doesNotContain(new String(k,
                        java.nio.charset.StandardCharsets.ISO_8859_1));
                for (String s : spellings) {
                    assertThat(text).as("%s holds no key", f).doesNotContain(s);
                }
            }
        }
    }
}
