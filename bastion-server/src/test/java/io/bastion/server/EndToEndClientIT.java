package io.bastion.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JWSAlgorithm;
import io.bastion.client.CseClient;
import io.bastion.client.CseException;
import io.bastion.client.Result;
import io.bastion.client.e2e.EsCertKe;
import io.bastion.client.e2e.EsData;
import io.bastion.client.e2e.EsPrim;
import io.bastion.client.e2e.EsPrimResponder;
import io.bastion.client.notification.Notification;
import io.bastion.client.notification.NotificationReceiver;
import io.bastion.core.id.IdForms;
import io.bastion.core.primitive.Operation;
import io.bastion.core.primitive.Request;
import io.bastion.core.primitive.Response;
import io.bastion.core.primitive.ResponseStatusCode;
import io.bastion.cse.config.MccConfig;
import io.bastion.security.credential.PreSharedKey;
import io.bastion.security.e2e.InMemoryPairwiseKeys;
import io.bastion.security.e2e.PairwiseKey;
import io.bastion.security.escertke.EndPointCredentials;
import io.bastion.security.escertke.PairwiseE2EKey;
import io.bastion.security.escertke.PeerCheck;
import io.bastion.security.esdata.EsDataForm;
import io.bastion.security.esdata.EsDataKeys;
import io.bastion.security.esdata.EsDataProtection;
import io.bastion.security.esdata.EsDataReader;
import io.bastion.security.esdata.Opened;
import io.bastion.security.esdata.SigningKey;
import io.bastion.server.it.M2m;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client library's end-to-end facade (io.bastion.client.e2e) against a real CSE over HTTP, the CSE holding an EC
 * HTTPS key whose certificate names its CSE-ID: ESCertKE between two AEs through the CSE and ESPrim between them with
 * that key (the CSE relays both and learns nothing); ESCertKE between an AE and the CSE (this CSE as the Terminating
 * End-Point) and ESPrim CRUD to the CSE with that key; ESPrim with a provisioned key (CRUD, 4116, replay 4115, an
 * unknown key 4112); ESData written and read back with the helpers.
 */
class EndToEndClientIT {
    static final String SP = CseNetwork.SP;
    static final String KID = "dev@keys.example";
    static final String KEY = "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0";
    static final String MARKER = "e2e-client-marker-7c1f";
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    @TempDir
    static Path dir;
    static CseNetwork net;
    static Path data;
    static BastionServer in;
    static ServerLog log;
    static PeerCheck aePeers;
    static CseClient alice;
    static CseClient bob;
    static CseClient dev;
    static NotificationReceiver bobInbox;
    static InMemoryPairwiseKeys aliceKeys = new InMemoryPairwiseKeys();
    static InMemoryPairwiseKeys bobKeys = new InMemoryPairwiseKeys();
    static EsCertKe aliceCertKe;
    static final Map<String, Request> bobSaw = new ConcurrentHashMap<>();
    static final List<Notification> bobPlain = new java.util.concurrent.CopyOnWriteArrayList<>();

    static EndPointCredentials endPoint(String aeId) {
        TestPki.Issued id = new TestPki.Spec("CN=" + aeId).uri("onem2m://" + SP + "/id-in/" + aeId).issue(net.root);
        return new EndPointCredentials(id.key(), List.of(id.chain()));
    }

    static CseClient client(String originator) {
        return CseClient.builder("http://127.0.0.1:" + in.httpPort()).cseId("/id-in").spId(SP).originator(originator)
                .build();
    }

    @BeforeAll
    static void start() throws Exception {
        log = ServerLog.capture();
        net = new CseNetwork(dir);
        data = net.data("id-in");
        assertThat(HttpsCertificateIT.credentials(data, "e2e", "add", "--key-id", KID, "--key", KEY, "--entity",
                "Cdev")).as(HttpsCertificateIT.lastOutput).isZero();
        in = net.start(net.config("id-in", MccConfig.CseType.IN, List.of(), null, 0));
        aePeers = PeerCheck.anchors(List.of(net.root.cert()), new IdForms(SP, "/id-in"), Clock.systemUTC());

        alice = client("Calice");
        alice.registerAe("alice", "Nalice");
        aliceCertKe = new EsCertKe(endPoint("Calice"), aePeers, aliceKeys, Duration.ofHours(1), Clock.systemUTC());
        dev = client("Cdev");
        dev.registerAe("dev", "Ndev");

        // bob: an AE reachable at its receiver, an ESCertKE end-point and ESPrim receiver there
        bob = client("Cbob");
        bobInbox = NotificationReceiver.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                bobPlain::add);
        bobInbox.expect("/id-in", "Cbob");
        EsCertKe bobCertKe = new EsCertKe(endPoint("Cbob"), aePeers, bobKeys, Duration.ofHours(1), Clock.systemUTC());
        EsPrimResponder bobResponder = EsPrim.builder(bob, bobKeys).build().responder(rq -> {
            bobSaw.put(rq.rqi(), rq);
            return Response.of(ResponseStatusCode.OK, NODES.objectNode().set("m2m:cin",
                    NODES.objectNode().put("con", "unlocked " + MARKER)));
        }).withEsCertKe(bobCertKe.responder(k -> { }));
        bobInbox.respond("m2m:seci", bobResponder);
        ObjectNode ae = NODES.objectNode().put("rn", "bob").put("api", "Nbob").put("rr", true);
        ae.putArray("srv").add("3");
        ae.putArray("poa").add(bobInbox.url());
        ae.set("esi", bobResponder.e2eSecInfo());
        bob.registerAe(ae);
        bob.create("cse-in/bob", 1, M2m.JSON.readTree("{\"m2m:acp\":{\"rn\":\"bobAcp\",\"pv\":{\"acr\":["
                + "{\"acor\":[\"Calice\"],\"acop\":16},{\"acor\":[\"Cbob\"],\"acop\":63}]},"
                + "\"pvs\":{\"acr\":[{\"acor\":[\"Cbob\"],\"acop\":63}]}}}"));
        bob.update("cse-in/bob", M2m.JSON.readTree("{\"m2m:ae\":{\"acpi\":[\"cse-in/bob/bobAcp\"]}}"));
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {bobInbox, alice, bob, dev, in, log}) {
            if (c != null) {
                c.close();
            }
        }
    }

    @Test
    void twoAesAgreeAKeyByEsCertKeThroughTheCseAndProtectARequestWithItWhichTheCseCannotRead() throws Exception {
        PairwiseE2EKey key = aliceCertKe.initiate(alice, "cse-in/bob", "Cbob");
        assertThat(key.entity()).isEqualTo("Cbob");
        assertThat(bobKeys.lookup(key.keyId())).as("bob holds the same key").hasValueSatisfying(k -> {
            assertThat(k.key().bytes()).isEqualTo(key.bytes());
            assertThat(k.entity()).isEqualTo("Calice");
        });

        EsPrim e2e = EsPrim.builder(alice, aliceKeys).build();
        Request open = alice.request(Operation.RETRIEVE, "cse-in/bob/lock-" + MARKER).build();
        Result answer = e2e.call("cse-in/bob", key.keyId(), open);
        assertThat(answer.rsc()).isEqualTo(ResponseStatusCode.OK);
        assertThat(answer.attribute("con")).isEqualTo("unlocked " + MARKER);
        Request seen = bobSaw.get(open.rqi());
        assertThat(seen).as("bob's handler got the inner request").isNotNull();
        assertThat(seen.fr()).isEqualTo("/id-in/Calice");
        assertThat(seen.to()).isEqualTo("cse-in/bob/lock-" + MARKER);

        // bob refuses an inner originator that is not the key's entity, protected, as 4116
        Request asMallory = alice.request(Operation.RETRIEVE, "cse-in/bob/lock").fr("Cmallory").build();
        assertThatThrownBy(() -> e2e.call("cse-in/bob", key.keyId(), asMallory))
                .isInstanceOfSatisfying(CseException.class, e -> {
                    assertThat(e.code()).isEqualTo(4116);
                    assertThat(e.answered()).isTrue();
                });

        // the transit CSE: nothing of the inner primitives, nor the key, in its data folder or log
        assertThat(in.audit().sync(Duration.ofSeconds(10))).isTrue();
        assertThat(EsprimTransitIT.filesContain(data, MARKER)).as("the CSE's store and audit").isFalse();
        assertThat(EsprimTransitIT.filesContain(data, HexFormat.of().formatHex(key.bytes()))).isFalse();
        assertThat(log.text()).doesNotContain(MARKER).doesNotContain(HexFormat.of().formatHex(key.bytes()))
                .doesNotContain(Base64.getEncoder().encodeToString(key.bytes()));
    }

    @Test
    void anAeAgreesAKeyWithTheCseByEsCertKeAndUsesItForProtectedCreateAndRetrieve() throws Exception {
        // the CSEBase says it takes ESCertKE (esf 43) and shows the certificate it proves itself with
        JsonNode esi = M2m.JSON.readTree(new M2m(in.httpPort()).retrieve(M2m.ADMIN, "/cse-in").expect(2000)
                .body()).path("m2m:cb").path("esi");
        assertThat(esi.path("esf").toString()).isEqualTo("[13,43]");
        assertThat(esi.path("escert").get(0).asText()).isEqualTo(Base64.getEncoder().encodeToString(
                cseCertificate().getEncoded()));

        PairwiseE2EKey key = aliceCertKe.initiate(alice, "cse-in", "/id-in");
        assertThat(key.entity()).isEqualTo("/id-in");
        EsPrim e2e = EsPrim.builder(alice, aliceKeys).build();
        Result created = e2e.call("cse-in", key.keyId(), alice.request(Operation.CREATE, "cse-in/alice").ty(3)
                .pc(M2m.JSON.readTree("{\"m2m:cnt\":{\"rn\":\"sealed\"}}")).build());
        assertThat(created.rsc()).isEqualTo(ResponseStatusCode.CREATED);
        e2e.call("cse-in", key.keyId(), alice.request(Operation.CREATE, "cse-in/alice/sealed").ty(4)
                .pc(M2m.JSON.readTree("{\"m2m:cin\":{\"con\":\"21.5\"}}")).build());
        Result read = e2e.call("cse-in", key.keyId(), alice.request(Operation.RETRIEVE, "cse-in/alice/sealed/la")
                .build());
        assertThat(read.attribute("con")).isEqualTo("21.5");
        // the CSE audited the key's establishment by its ID and peer, never the key
        assertThat(in.audit().sync(Duration.ofSeconds(10))).isTrue();
        String audit = Files.readString(data.resolve("audit.log"));
        assertThat(audit).contains("pairwiseESPrimKey " + key.keyId() + " established with Calice")
                .doesNotContain(HexFormat.of().formatHex(key.bytes()));
        assertThat(log.text()).doesNotContain(HexFormat.of().formatHex(key.bytes()));

        // an AE whose certificate names another entity is refused by the CSE
        CseClient mallory = client("Cmallory");
        mallory.registerAe("mallory", "Nmallory");
        EsCertKe forged = new EsCertKe(endPoint("Ccarol"), aePeers, new InMemoryPairwiseKeys(), Duration.ofHours(1),
                Clock.systemUTC());
        assertThatThrownBy(() -> forged.initiate(mallory, "cse-in", "/id-in"))
                .isInstanceOfSatisfying(CseException.class, e -> {
                    assertThat(e.code()).isEqualTo(4106);
                    assertThat(e.dbg()).contains("does not name Cmallory but Ccarol");
                });
        assertThat(in.audit().sync(Duration.ofSeconds(10))).isTrue();
        assertThat(Files.readString(data.resolve("audit.log"))).contains("ESCertKE refused: the certificate");
        // and a CSE the AE expects under another CSE-ID is refused by the AE
        assertThatThrownBy(() -> aliceCertKe.initiate(alice, "cse-in", "/id-other"))
                .isInstanceOfSatisfying(CseException.class, e -> assertThat(e.code()).isEqualTo(4106));
    }

    @Test
    void theCseNotifiesAnAeThatIsAnEsprimReceiverProtectedWithTheKeyTheyAgreed() throws Exception {
        // bob's esi says ESPrim (written at registration); bob agrees a key with the CSE
        PairwiseE2EKey key = new EsCertKe(endPoint("Cbob"), aePeers, bobKeys, Duration.ofHours(1), Clock.systemUTC())
                .initiate(bob, "cse-in", "/id-in");
        bob.createContainer("cse-in/bob", "door");
        // nu is bob's AE-ID: the CSE reaches bob at its poa; the verification request goes protected too
        bob.create("cse-in/bob/door", 23, M2m.JSON.readTree("{\"m2m:sub\":{\"rn\":\"watch\",\"nu\":[\"Cbob\"],"
                + "\"nct\":1,\"enc\":{\"net\":[3]}}}"));
        bob.createContentInstance("cse-in/bob/door", "opened " + MARKER);
        Request seen = Eventually.matches(Duration.ofSeconds(10), () -> bobSaw.values().stream()
                .filter(r -> r.pc() != null && r.pc().path("m2m:sgn").path("nev").path("rep").path("m2m:cin")
                        .path("con").asText().equals("opened " + MARKER)).findFirst().orElse(null),
                r -> r != null);
        assertThat(seen.op()).isEqualTo(Operation.NOTIFY);
        assertThat(seen.fr()).as("the inner originator is the CSE, checked against the key's entity")
                .isEqualTo("/id-in");
        assertThat(seen.to()).isEqualTo("Cbob");
        assertThat(bobPlain).as("nothing reached bob in the clear").isEmpty();
        assertThat(bobKeys.lookup(key.keyId())).isPresent();
        // what another AE sends bob through the CSE is relayed as it came, not wrapped again by the CSE
        PairwiseE2EKey withAlice = aliceCertKe.initiate(alice, "cse-in/bob", "Cbob");
        Request ask = alice.request(Operation.RETRIEVE, "cse-in/bob/lock").build();
        assertThat(EsPrim.builder(alice, aliceKeys).build().call("cse-in/bob", withAlice.keyId(), ask)
                .attribute("con")).isEqualTo("unlocked " + MARKER);
        assertThat(bobSaw.get(ask.rqi()).fr()).isEqualTo("/id-in/Calice");
    }

    @Test
    void protectedCrudWithAProvisionedKeyAndEachRefusalWithItsCode() throws Exception {
        InMemoryPairwiseKeys keys = new InMemoryPairwiseKeys();
        keys.put(new PairwiseKey(KID, PreSharedKey.fromHex(KEY), "/id-in"));
        keys.put(new PairwiseKey("ghost@keys.example", PreSharedKey.fromHex(KEY), "/id-in"));
        EsPrim e2e = EsPrim.builder(dev, keys).build();
        assertThat(e2e.call("cse-in", KID, dev.request(Operation.CREATE, "cse-in/dev").ty(3)
                .pc(M2m.JSON.readTree("{\"m2m:cnt\":{\"rn\":\"box\"}}")).build()).rsc())
                .isEqualTo(ResponseStatusCode.CREATED);
        e2e.call("cse-in", KID, dev.request(Operation.CREATE, "cse-in/dev/box").ty(4)
                .pc(M2m.JSON.readTree("{\"m2m:cin\":{\"con\":\"" + MARKER + "\"}}")).build());
        assertThat(e2e.call("cse-in", KID, dev.request(Operation.RETRIEVE, "cse-in/dev/box/la").build())
                .attribute("con")).isEqualTo(MARKER);
        assertThat(e2e.call("cse-in", KID, dev.request(Operation.UPDATE, "cse-in/dev/box")
                .pc(M2m.JSON.readTree("{\"m2m:cnt\":{\"lbl\":[\"sealed\"]}}")).build()).resource().path("lbl")
                .toString()).isEqualTo("[\"sealed\"]");
        assertThat(e2e.call("cse-in", KID, dev.request(Operation.DELETE, "cse-in/dev/box").build()).rsc())
                .isEqualTo(ResponseStatusCode.DELETED);
        // a failed inner request is a CseException with the CSE's code, as unprotected
        assertThatThrownBy(() -> e2e.call("cse-in", KID, dev.request(Operation.RETRIEVE, "cse-in/dev/box").build()))
                .isInstanceOfSatisfying(CseException.class, e -> assertThat(e.code()).isEqualTo(4004));
        // 4116: the key is Cdev's, the inner request claims another AE
        assertThatThrownBy(() -> e2e.call("cse-in", KID, dev.request(Operation.RETRIEVE, "cse-in/alice")
                .fr("Calice").build())).isInstanceOfSatisfying(CseException.class,
                        e -> assertThat(e.code()).isEqualTo(4116));
        // 4112: a key the CSE does not know
        assertThatThrownBy(() -> e2e.call("cse-in", "ghost@keys.example", dev.request(Operation.RETRIEVE, "cse-in/dev")
                .build())).isInstanceOfSatisfying(CseException.class, e -> assertThat(e.code()).isEqualTo(4112));
        // a replayed ESPrim object is refused (4115), the first one answered
        EsPrim.Exchange x = e2e.prepare("cse-in", KID, dev.request(Operation.RETRIEVE, "cse-in/dev").build());
        assertThat(x.open(dev.send(x.outer())).rsc()).isEqualTo(ResponseStatusCode.OK);
        Response replayed = dev.send(x.outer());
        assertThat(replayed.rsc()).isEqualTo(ResponseStatusCode.ESPRIM_BAD_MAC);
        assertThatThrownBy(() -> x.open(replayed)).isInstanceOfSatisfying(CseException.class,
                e -> assertThat(e.code()).isEqualTo(4115));
    }

    @Test
    void esDataHelpersWriteASignedReadingAndOpenItFromLa() throws Exception {
        TestPki.Issued writer = new TestPki.Spec("CN=Calice").uri("onem2m://" + SP + "/id-in/Calice")
                .issue(net.root);
        alice.createContainer("cse-in/alice", "signed");
        String jws = EsDataProtection.sign("{\"door\":\"locked\"}".getBytes(StandardCharsets.UTF_8),
                EsDataForm.COMPACT, SigningKey.certificate(writer.key(), List.of(writer.chain()), JWSAlgorithm.ES256));
        assertThat(EsData.write(alice, "cse-in/alice/signed", jws, "application/json", EsDataForm.COMPACT)
                .attribute("cnf")).isEqualTo("application/json:0:1");
        Opened opened = EsData.readLatest(alice, "cse-in/alice/signed",
                new EsDataReader(EsDataKeys.builder().trustAnchor(net.root.cert()).build()));
        assertThat(opened.text()).isEqualTo("{\"door\":\"locked\"}");
        assertThat(opened.signers().get(0).certificate()).isEqualTo(writer.cert());
    }

    static X509Certificate cseCertificate() throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream is = Files.newInputStream(net.keystore("id-in"))) {
            ks.load(is, CseNetwork.PASSWORD.toCharArray());
        }
        return (X509Certificate) ks.getCertificate(ks.aliases().nextElement());
    }
}
