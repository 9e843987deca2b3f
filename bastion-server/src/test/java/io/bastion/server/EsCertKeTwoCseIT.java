package io.bastion.server;

import static io.bastion.server.it.M2m.rule;
import static io.bastion.server.it.M2m.rules;
import static org.assertj.core.api.Assertions.assertThat;

import io.bastion.core.id.IdForms;
import io.bastion.cse.config.MccConfig;
import io.bastion.security.escertke.EndPointCredentials;
import io.bastion.security.escertke.EsCertKeInitiator;
import io.bastion.security.escertke.EsCertKeMessage;
import io.bastion.security.escertke.PairwiseE2EKey;
import io.bastion.security.escertke.PeerCheck;
import io.bastion.server.it.M2m;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ESCertKE across two CSEs: the initiating AE on an MN-CSE, the terminating AE on the IN-CSE the MN is registered
 * with (over HTTPS with CSE-ID certificates). The NOTIFYs are retargeted by the MN to the IN, which relays them to the
 * AE; both transit CSEs carry the four messages and neither holds the key afterwards.
 */
class EsCertKeTwoCseIT {
    static final String SP = M2m.SP_ID;

    @TempDir
    Path dir;

    static EndPointCredentials endPoint(TestPki.Issued ca, String aeId) {
        TestPki.Issued id = new TestPki.Spec("CN=" + aeId.replace('/', '_')).uri("onem2m://" + SP + aeId).issue(ca);
        return new EndPointCredentials(id.key(), List.of(id.chain()));
    }

    @Test
    void anAeOnTheMnAndAnAeOnTheInEstablishTheSameKeyThroughBothCses() throws Exception {
        CseNetwork net = new CseNetwork(dir);
        TestPki.Issued aeCa = TestPki.ca("ESCertKE AE CA");
        BastionServer in = net.start(net.config("id-in", MccConfig.CseType.IN, List.of("/id-mn*"), null, 0));
        try (in; BastionServer mn = net.start(net.config("id-mn", MccConfig.CseType.MN, List.of(),
                net.registrar("id-in", in.httpsPort()), 0));
             EsCertKeAe bob = new EsCertKeAe(endPoint(aeCa, "/id-in/Cbob"), PeerCheck.anchors(List.of(aeCa.cert()),
                     new IdForms(SP, "/id-in"), Clock.systemUTC()))) {
            CseNetwork.awaitRegistration(mn.adminPort(), "registered");
            M2m onIn = new M2m(in.httpPort());
            M2m onMn = new M2m(mn.httpPort());
            onIn.create("Cbob", "/cse-in", 2, M2m.aeBody("bob", bob.poa()).replace("\"rr\":false", "\"rr\":true"))
                    .expect(2001);
            String acp = onIn.createAcp("Cbob", "/cse-in/bob", "bobAcp", rules(rule(16, "/id-mn/Calice"),
                    rule(63, "Cbob")), rules(rule(63, "Cbob")));
            onIn.update("Cbob", "/cse-in/bob", "{\"m2m:ae\":{\"acpi\":[\"" + acp + "\"]}}").expect(2004);
            onMn.create("Calice", "/cse-mn", 2, M2m.aeBody("alice")).expect(2001);

            PairwiseE2EKey atAlice;
            try (ServerLog log = ServerLog.capture()) {
                EsCertKeInitiator alice = new EsCertKeInitiator(endPoint(aeCa, "/id-mn/Calice"),
                        PeerCheck.anchors(List.of(aeCa.cert()), new IdForms(SP, "/id-mn"), Clock.systemUTC()),
                        "/id-in/Cbob");
                EsCertKeMessage m2 = notify(onMn, alice.message1());
                atAlice = alice.finish(notify(onMn, alice.message3(m2)));
                assertThat(in.audit().sync(Duration.ofSeconds(10))).isTrue();
                assertThat(mn.audit().sync(Duration.ofSeconds(10))).isTrue();
                for (String s : spellings(atAlice)) {
                    assertThat(log.text()).doesNotContain(s);
                }
            }
            PairwiseE2EKey atBob = bob.keys.get("/id-mn/Calice");
            assertThat(atBob).as("bob established a key with /id-mn/Calice").isNotNull();
            assertThat(atAlice.keyId()).isEqualTo(atBob.keyId());
            assertThat(atAlice.bytes()).isEqualTo(atBob.bytes());
            assertThat(atAlice.entity()).isEqualTo("/id-in/Cbob");
            assertThat(atBob.entity()).isEqualTo("/id-mn/Calice");
            assertNotIn(dir, atAlice); // both CSEs' data folders
        }
    }

    static EsCertKeMessage notify(M2m viaMn, EsCertKeMessage m) {
        M2m.Rsp r = viaMn.notifyTo("Calice", "/~/id-in/cse-in/bob", m.toContent().toString()).expect(2000);
        return EsCertKeMessage.fromContent(r.json());
    }

    static List<String> spellings(PairwiseE2EKey key) {
        byte[] k = key.bytes();
        return List.of(HexFormat.of().formatHex(k), HexFormat.of().withUpperCase().formatHex(k),
                Base64.getEncoder().encodeToString(k), Base64.getUrlEncoder().withoutPadding().encodeToString(k),
                new String(k, StandardCharsets.ISO_8859_1), key.keyId());
    }

    static void assertNotIn(Path root, PairwiseE2EKey key) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                for (String s : spellings(key)) {
                    assertThat(text).as("%s holds no key", f).doesNotContain(s);
                }
            }
        }
    }
}
