package io.bastion.server;

import static io.bastion.server.it.M2m.rule;
import static io.bastion.server.it.M2m.rules;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.bastion.bindings.http.ChannelRequestTransport;
import io.bastion.bindings.tls.PskClientSecurity;
import io.bastion.core.codec.Serialization;
import io.bastion.core.primitive.Operation;
import io.bastion.core.primitive.Request;
import io.bastion.core.primitive.Response;
import io.bastion.security.credential.PreSharedKey;
import io.bastion.security.credential.PskCredential;
import io.bastion.security.credential.PskStore;
import io.bastion.client.CseClient;
import io.bastion.client.CseException;
import io.bastion.client.Result;
import io.bastion.client.e2e.EsPrim;
import io.bastion.core.primitive.ResponseStatusCode;
import io.bastion.security.e2e.InMemoryPairwiseKeys;
import io.bastion.security.e2e.PairwiseKey;
import io.bastion.server.it.M2m;
import io.bastion.server.it.NotificationReceiver;
import io.bastion.server.it.ServerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A network of three Bastion processes on loopback, each started as the operator starts it ({@code bastion run
 * --config FILE}) with its credentials provisioned by the server's own CLI: an IN-CSE, an MN-CSE registered with it
 * over TLS-PSK (a key bound to each other's CSE-ID), and an ASN-CSE registered with the MN over HTTPS with a
 * certificate naming its CSE-ID; each CSE forwards down over HTTPS with its own CSE-ID certificate ({@code mcc.trust};
 * {@code mcc.client-certificate} left to its default, the HTTPS key when there is one). Nothing crosses the Mcc
 * unauthenticated. Proves registration both ways at each link, retargeting across two hops in both directions with
 * the hosting CSE deciding, a NOTIFY through the CSE path, the impersonation checks, {@code explain --via},
 * announcement, a remote group member, and re-registration after the middle CSE is killed.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NetworkProcessIT {
    static final String MN_KEY = "00112233445566778899aabbccddeeff";
    static final String MN2_KEY = "ffeeddccbbaa99887766554433221100";
    static final AtomicLong RQI = new AtomicLong();

    @TempDir
    static Path dir;
    @RegisterExtension
    static NotificationReceiver receiver = new NotificationReceiver();

    static CseNetwork net;
    static ServerProcess in;
    static ServerProcess mn;
    static ServerProcess asn;
    static Path mnConfig;
    static int mnHttps;
    static M2m inHttp;
    static M2m mnHttp;
    static M2m asnHttp;
    static String inboxAcp;
    static String sensorAcp;

    @BeforeAll
    static void start() throws Exception {
        net = new CseNetwork(dir);
        Path rootPem = net.rootPem;
        // the IN: the MN's key (and a second CSE's, for the impersonation checks) bound to their CSE-IDs
        Path inData = net.data("id-in");
        credentials(inData, "psk", "add", "--identity", "mn@op.example", "--key", MN_KEY, "--ae", "/id-mn");
        credentials(inData, "psk", "add", "--identity", "mn2@op.example", "--key", MN2_KEY, "--ae", "/id-mn2");
        in = run("id-in", "in", "psk.port=0", "registration.allowed-cses=/id-mn,/id-mn2", "mcc.trust=" + rootPem,
                "cse.acpi=cse-in/registrees");
        inHttp = new M2m(in.port("http"));
        // its CSEBase readable by the MN (cse.acpi), which copies cst and srv from it into its remoteCSE of the IN
        inHttp.createAcp(M2m.ADMIN, "/cse-in", "registrees", rules(rule(2, "/id-mn")), rules(rule(63, M2m.ADMIN)));

        // the MN: the same key bound to the IN; its HTTPS port fixed, for the ASN to find it after a restart
        credentials(net.data("id-mn"), "psk", "add", "--identity", "mn@op.example", "--key", MN_KEY, "--ae",
                "/id-in");
        mnHttps = CseNetwork.freePort();
        mnConfig = config("id-mn", "cse.type=MN", "https.port=" + mnHttps, "registration.allowed-cses=/id-asn",
                "registrar.url=https://127.0.0.1:" + in.port("psk"), "registrar.cse-id=/id-in",
                "registrar.name=cse-in", "registrar.psk-identity=mn@op.example", "mcc.trust=" + rootPem,
                "cse.acpi=cse-mn/registrees");
        mn = start(mnConfig, "mn");
        mnHttp = new M2m(() -> mn.port("http"));
        mnHttp.createAcp(M2m.ADMIN, "/cse-mn", "registrees", rules(rule(2, "/id-asn")), rules(rule(63, M2m.ADMIN)));

        // the ASN: HTTPS with its CSE-ID certificate to the MN
        asn = run("id-asn", "asn", "cse.type=ASN", "https.port=0", "registrar.url=https://127.0.0.1:" + mnHttps,
                "registrar.cse-id=/id-mn", "registrar.name=cse-mn", "registrar.trust=" + rootPem,
                "registrar.client-certificate=https", "mcc.trust=" + rootPem);
        asnHttp = new M2m(asn.port("http"));
        CseNetwork.awaitRegistration(mn.port("admin"), "registered");
        CseNetwork.awaitRegistration(asn.port("admin"), "registered");
        // the MN tells the IN that the ASN is below it (dcse)
        Eventually.matches(Duration.ofSeconds(20), () -> inHttp.retrieve(M2m.ADMIN, "/cse-in/id-mn").expect(2000)
                .json().path("m2m:csr").path("dcse").toString(), d -> d.contains("/id-asn"));

        // the phone on the IN, with an inbox only it may use for now
        inHttp.registerAe("Cphone", "phone");
        inboxAcp = inHttp.createAcp("Cphone", "/cse-in/phone", "inboxAcp", rules(rule(63, "Cphone")),
                rules(rule(63, "Cphone")));
        inHttp.create("Cphone", "/cse-in/phone", 3, "{\"m2m:cnt\":{\"rn\":\"inbox\",\"acpi\":[\"" + inboxAcp
                + "\"]}}").expect(2001);
        // the sensor on the ASN, request-reachable at the receiver; its data for itself, NOTIFY for the IN
        asnHttp.create("Csensor", "/cse-asn", 2, "{\"m2m:ae\":{\"rn\":\"sensor\",\"api\":\"Nsensor\",\"rr\":true,"
                + "\"srv\":[\"3\"],\"poa\":[\"" + receiver.url("/sensor") + "\"]}}").expect(2001);
        sensorAcp = asnHttp.createAcp("Csensor", "/cse-asn/sensor", "sensorAcp", rules(rule(63, "Csensor"),
                rule(16, "/id-in")), rules(rule(63, "Csensor")));
        asnHttp.update("Csensor", "/cse-asn/sensor", "{\"m2m:ae\":{\"acpi\":[\"" + sensorAcp + "\"]}}")
                .expect(2004);
        asnHttp.create("Csensor", "/cse-asn/sensor", 3, "{\"m2m:cnt\":{\"rn\":\"data\",\"acpi\":[\"" + sensorAcp
                + "\"]}}").expect(2001);
        asnHttp.createCin("Csensor", "/cse-asn/sensor/data", "21.5").expect(2001);
    }

    @AfterAll
    static void stop() {
        for (ServerProcess p : new ServerProcess[] {asn, mn, in}) {
            try {
                if (p != null) {
                    p.close();
                }
            } catch (Exception e) {
                // stopping the rest
            }
        }
    }

    static void credentials(Path data, String... args) {
        assertThat(HttpsCertificateIT.credentials(data, args)).as(String.join(" ", args)).isZero();
    }

    /** The configuration file of the CSE {@code /stem}: its keystore, data folder, any free port unless given. */
    static Path config(String stem, String... lines) throws Exception {
        StringBuilder b = new StringBuilder("cse.id=/" + stem + "\ncse.name=" + CseNetwork.base(stem)
                + "\ndata.dir=" + net.data(stem) + "\nhttps.keystore=" + net.keystore(stem)
                + "\nhttp.port=0\nadmin.port=0\nregistrar.retry-initial-ms=50\nregistrar.retry-max-ms=400\n");
        if (List.of(lines).stream().noneMatch(l -> l.startsWith("https.port="))) {
            b.append("https.port=0\n");
        }
        for (String l : lines) {
            b.append(l).append('\n');
        }
        Path f = dir.resolve(stem + ".properties");
        Files.writeString(f, b.toString());
        return f;
    }

    static ServerProcess run(String stem, String log, String... lines) throws Exception {
        return start(config(stem, lines), log);
    }

    static ServerProcess start(Path config, String log) throws Exception {
        return ServerProcess.start(List.of("--config", config.toString()),
                Map.of(HttpsSettings.DEFAULT_PASSWORD_ENV, CseNetwork.PASSWORD), dir.resolve(log + ".log"));
    }

    /** A request to the IN over TLS-PSK with {@code identity}'s key, as a CSE holding it would send. */
    static Response overPsk(String identity, String key, String boundTo, Operation op, String to, String fr,
                            Integer ty, String body) throws Exception {
        PskStore keys = id -> id.equals(identity)
                ? Optional.of(new PskCredential(id, PreSharedKey.fromHex(key), Set.of(boundTo))) : Optional.empty();
        String url = "https://127.0.0.1:" + in.port("psk");
        try (ChannelRequestTransport t = new ChannelRequestTransport(url, new PskClientSecurity(keys, identity, null),
                4)) {
            Request rq = Request.builder(op, to).fr(fr).rqi("net-" + RQI.incrementAndGet()).rvi("3").ty(ty)
                    .pc(body == null ? null : M2m.JSON.readTree(body)).build();
            return t.send(url, rq, Serialization.JSON, Duration.ofSeconds(10)).get(15, TimeUnit.SECONDS);
        }
    }

    static JsonNode csr(M2m at, String path) {
        return at.retrieve(M2m.ADMIN, path).expect(2000).json().path("m2m:csr");
    }

    @Test
    @Order(1)
    void eachLinkIsRegisteredBothWaysAndTheInKnowsTheAsnThroughTheMn() throws Exception {
        assertThat(CseNetwork.remoteCses(inHttp, "cse-in")).containsExactly("cse-in/id-mn");
        assertThat(CseNetwork.remoteCses(mnHttp, "cse-mn")).containsExactlyInAnyOrder("cse-mn/id-in",
                "cse-mn/id-asn");
        assertThat(CseNetwork.remoteCses(asnHttp, "cse-asn")).containsExactly("cse-asn/id-mn");

        // at the IN: the MN as it registered itself over TLS-PSK, the ASN below it
        JsonNode mnAtIn = csr(inHttp, "/cse-in/id-mn");
        assertThat(mnAtIn.path("csi").asText()).isEqualTo("/id-mn");
        assertThat(mnAtIn.path("cb").asText()).isEqualTo("/id-mn/cse-mn");
        assertThat(mnAtIn.path("cst").asInt()).isEqualTo(2);
        assertThat(mnAtIn.path("rr").asBoolean()).isTrue();
        assertThat(mnAtIn.path("poa").get(0).asText()).isEqualTo("https://127.0.0.1:" + mnHttps);
        assertThat(mnAtIn.path("srv").toString()).contains("3");
        assertThat(mnAtIn.path("dcse").toString()).isEqualTo("[\"/id-asn\"]");
        // at the MN: its registrar, and the ASN
        JsonNode inAtMn = csr(mnHttp, "/cse-mn/id-in");
        assertThat(inAtMn.path("csi").asText()).isEqualTo("/id-in");
        assertThat(inAtMn.path("cb").asText()).isEqualTo("/id-in/cse-in");
        assertThat(inAtMn.path("cst").asInt()).isEqualTo(1);
        assertThat(inAtMn.path("rr").asBoolean()).isTrue();
        assertThat(inAtMn.path("poa").toString()).isEqualTo("[\"https://127.0.0.1:" + in.port("psk") + "\"]");
        assertThat(inAtMn.path("srv")).isEqualTo(inHttp.retrieve(M2m.ADMIN, "/cse-in").expect(2000).inner()
                .path("srv"));
        JsonNode asnAtMn = csr(mnHttp, "/cse-mn/id-asn");
        assertThat(asnAtMn.path("csi").asText()).isEqualTo("/id-asn");
        assertThat(asnAtMn.path("cb").asText()).isEqualTo("/id-asn/cse-asn");
        assertThat(asnAtMn.path("cst").asInt()).isEqualTo(3);
        assertThat(asnAtMn.path("rr").asBoolean()).isTrue();
        assertThat(asnAtMn.path("poa").get(0).asText()).isEqualTo("https://127.0.0.1:" + asn.port("https"));
        // at the ASN: its registrar
        JsonNode mnAtAsn = csr(asnHttp, "/cse-asn/id-mn");
        assertThat(mnAtAsn.path("csi").asText()).isEqualTo("/id-mn");
        assertThat(mnAtAsn.path("cb").asText()).isEqualTo("/id-mn/cse-mn");
        assertThat(mnAtAsn.path("cst").asInt()).isEqualTo(2);
        assertThat(mnAtAsn.path("poa").toString()).isEqualTo("[\"https://127.0.0.1:" + mnHttps + "\"]");
        assertThat(mnAtAsn.path("srv").toString()).contains("3");
    }

    @Test
    @Order(2)
    void anAeOnTheAsnWorksOnAContainerOnTheInAsTheInAllows() throws Exception {
        // two hops up: ASN -> MN (HTTPS, certificate) -> IN (TLS-PSK); the IN's policy refuses, 4103 comes back
        M2m.Rsp refused = asnHttp.createCin("Csensor", "/~/id-in/cse-in/phone/inbox", "hello");
        assertThat(refused.rsc()).as(refused.body()).isEqualTo(4103);
        inHttp.update("Cphone", "/cse-in/phone/inboxAcp", "{\"m2m:acp\":{\"pv\":{\"acr\":" + rules(rule(63, "Cphone"),
                rule(63, "/id-asn/Csensor")) + "}}}").expect(2004);

        M2m.Rsp created = asnHttp.createCin("Csensor", "/~/id-in/cse-in/phone/inbox", "hello").expect(2001);
        String ri = created.ri();
        JsonNode read = asnHttp.retrieve("Csensor", "/~/id-in/" + ri).expect(2000).json().path("m2m:cin");
        assertThat(read.path("con").asText()).isEqualTo("hello");
        asnHttp.update("Csensor", "/~/id-in/cse-in/phone/inbox", "{\"m2m:cnt\":{\"lbl\":[\"seen\"]}}")
                .expect(2004);
        assertThat(inHttp.retrieve("Cphone", "/cse-in/phone/inbox").expect(2000).inner().path("lbl").toString())
                .contains("seen");
        asnHttp.delete("Csensor", "/~/id-in/" + ri).expect(2002);
        inHttp.retrieve("Cphone", "/" + ri).expect(4004);
    }

    @Test
    @Order(3)
    void anAeOnTheInWorksOnAContainerOnTheAsnAsTheAsnAllows() throws Exception {
        // two hops down: IN -> MN -> ASN, each over HTTPS with the forwarding CSE's certificate
        M2m.Rsp refused = inHttp.retrieve("Cphone", "/~/id-asn/cse-asn/sensor/data/la");
        assertThat(refused.rsc()).as(refused.body()).isEqualTo(4103);
        asnHttp.update("Csensor", "/cse-asn/sensor/sensorAcp", "{\"m2m:acp\":{\"pv\":{\"acr\":" + rules(rule(63, "Csensor"),
                rule(16, "/id-in"), rule(63, "/id-in/Cphone")) + "}}}").expect(2004);

        JsonNode la = inHttp.retrieve("Cphone", "/~/id-asn/cse-asn/sensor/data/la").expect(2000).inner();
        assertThat(la.path("con").asText()).isEqualTo("21.5");
        String ri = inHttp.createCin("Cphone", "/~/id-asn/cse-asn/sensor/data", "calibrate").expect(2001).ri();
        assertThat(asnHttp.retrieve("Csensor", "/" + ri).expect(2000).inner().path("con").asText())
                .isEqualTo("calibrate");
        inHttp.update("Cphone", "/_/bastion.example/id-asn/cse-asn/sensor/data",
                "{\"m2m:cnt\":{\"lbl\":[\"calibrated\"]}}").expect(2004);
        assertThat(asnHttp.retrieve("Csensor", "/cse-asn/sensor/data").expect(2000).inner().path("lbl").toString())
                .contains("calibrated");
        inHttp.delete("Cphone", "/~/id-asn/" + ri).expect(2002);
        asnHttp.retrieve("Csensor", "/" + ri).expect(4004);
        assertThat(asnHttp.retrieve("Csensor", "/cse-asn/sensor/data/la").expect(2000).inner().path("con").asText())
                .as("local la").isEqualTo("21.5");
        assertThat(inHttp.retrieve("Cphone", "/~/id-asn/cse-asn/sensor/data/la").expect(2000).inner().path("con")
                .asText()).as("remote la").isEqualTo("21.5");
    }

    @Test
    @Order(4)
    void aNotificationFromTheInReachesAnAeOnTheAsnThroughTheCsePath() throws Exception {
        asnHttp.create("Csensor", "/~/id-in/cse-in/phone/inbox", 23,
                "{\"m2m:sub\":{\"rn\":\"toSensor\",\"nu\":[\"/id-asn/Csensor\"],\"enc\":{\"net\":[3]}}}")
                .expect(2001);
        inHttp.createCin("Cphone", "/cse-in/phone/inbox", "ring").expect(2001);
        NotificationReceiver.Received n = receiver.await("/sensor", r -> !r.isVerification() && r.net() == 3,
                Duration.ofSeconds(20));
        assertThat(n.rep().path("m2m:cin").path("con").asText()).isEqualTo("ring");
        assertThat(n.originator()).isEqualTo("/id-in");
    }

    @Test
    @Order(5)
    void aGroupOnTheInFansOutToAMemberOnTheAsn() throws Exception {
        inHttp.create("Cphone", "/cse-in/phone", 9, "{\"m2m:grp\":{\"rn\":\"sensors\",\"mt\":3,\"mnm\":5,"
                + "\"mid\":[\"/id-asn/cse-asn/sensor/data\"]}}").expect(2001);
        JsonNode agr = inHttp.retrieve("Cphone", "/cse-in/phone/sensors/fopt/la").expect(2000).json();
        JsonNode rsp = agr.path("m2m:agr").path("m2m:rsp").get(0);
        assertThat(rsp.path("rsc").asInt()).as(agr.toString()).isEqualTo(2000);
        assertThat(rsp.path("pc").path("m2m:cin").has("con")).isTrue();
    }

    @Test
    @Order(6)
    void aCseCannotClaimAnotherOverItsAssociationNorRegisterAnother() throws Exception {
        // over the MN's key: the ASN is below the MN (handed over), another CSE or its AEs are not
        assertThat(overPsk("mn@op.example", MN_KEY, "/id-in", Operation.RETRIEVE, "/id-in/cse-in/id-mn", "/id-mn",
                null, null).rsc().code()).isEqualTo(2000);
        for (String forged : List.of("/id-mn2", "/id-mn2/Cx", "/id-other/Cx", "/id-in/Cphone")) {
            Response r = overPsk("mn@op.example", MN_KEY, "/id-in", Operation.RETRIEVE, "/id-in/cse-in", forged,
                    null, null);
            assertThat(r.rsc().code()).as(forged + ": " + r.pc()).isEqualTo(4106);
        }
        // over a key bound to /id-mn2: neither the MN nor the ASN behind it
        for (String forged : List.of("/id-mn", "/id-asn", "/id-asn/Csensor")) {
            Response r = overPsk("mn2@op.example", MN2_KEY, "/id-in", Operation.RETRIEVE, "/id-in/cse-in", forged,
                    null, null);
            assertThat(r.rsc().code()).as(forged + ": " + r.pc()).isEqualTo(4106);
        }
        // a remoteCSE describing another CSE than the one the association proves
        Response other = overPsk("mn2@op.example", MN2_KEY, "/id-in", Operation.CREATE, "/id-in/cse-in", "/id-mn2",
                16, "{\"m2m:csr\":{\"rn\":\"id-mn3\",\"csi\":\"/id-mn3\",\"cb\":\"/id-mn3/cse-mn3\",\"cst\":2,"
                        + "\"rr\":true,\"srv\":[\"3\"],\"poa\":[\"https://127.0.0.1:1\"]}}");
        assertThat(other.rsc().code()).as(String.valueOf(other.pc())).isEqualTo(4106);
        Response claimed = overPsk("mn2@op.example", MN2_KEY, "/id-in", Operation.CREATE, "/id-in/cse-in", "/id-mn",
                16, "{\"m2m:csr\":{\"rn\":\"id-mn\",\"csi\":\"/id-mn\",\"cb\":\"/id-mn/cse-mn\",\"cst\":2,"
                        + "\"rr\":true,\"srv\":[\"3\"],\"poa\":[\"https://127.0.0.1:1\"]}}");
        assertThat(claimed.rsc().code()).as(String.valueOf(claimed.pc())).isEqualTo(4106);
        // and nothing changed at the IN, whose audit log names each refusal and its reason
        assertThat(CseNetwork.remoteCses(inHttp, "cse-in")).containsExactly("cse-in/id-mn");
        Path audit = net.data("id-in").resolve(BastionServer.AUDIT_FILE);
        Eventually.matches(Duration.ofSeconds(10), () -> Files.exists(audit) ? Files.readString(audit) : "",
                log -> log.contains("\"originator\":\"/id-asn/Csensor\"") && log.contains("not through /id-mn2")
                        && log.contains("remoteCSE csi /id-mn3 is not the registering CSE /id-mn2"));
    }

    @Test
    @Order(7)
    void explainViaSaysWhetherTheInAcceptsAnOriginatorFromACseAndByWhichRoute() throws Exception {
        // the ASN's AE handed over by the MN: accepted (the MN's remoteCSE lists it in dcse), then the IN's ACP
        Explained ok = explain("--from", "/id-asn/Csensor", "--op", "retrieve", "--to", "/cse-in/phone/inbox",
                "--via", "/id-mn");
        assertThat(ok.rc()).as(ok.out()).isZero();
        assertThat(ok.out()).contains("over a security association proving /id-mn")
                .contains("accepted: handed over by /id-mn")
                .contains("belongs to CSE /id-asn, below /id-mn (the dcse of <remoteCSE> cse-in/id-mn names it)")
                .contains("PERMIT");
        // the same originator over an association proving /id-mn2: refused by the handover check, as a request is
        Explained forged = explain("--from", "/id-asn/Csensor", "--op", "retrieve", "--to", "/cse-in/phone/inbox",
                "--via", "/id-mn2");
        assertThat(forged.rc()).as(forged.out()).isEqualTo(1);
        assertThat(forged.out()).contains("4106").contains("refused (4106 ORIGINATOR_NOT_AUTHENTICATED)")
                .contains("only /id-mn may hand it over");
        // the handover accepted, the access refused: the ACP decides as for any request
        Explained noGrant = explain("--from", "/id-mn/Cnobody", "--op", "retrieve", "--to", "/cse-in/phone/inbox",
                "--via", "/id-mn");
        assertThat(noGrant.rc()).as(noGrant.out()).isEqualTo(1);
        assertThat(noGrant.out()).contains("accepted: handed over by /id-mn").contains("4103");

        // the admin endpoint: the same as JSON, and a via that is no CSE-ID is a 400 naming it
        try (java.net.http.HttpClient c = java.net.http.HttpClient.newHttpClient()) {
            String base = "http://127.0.0.1:" + in.port("admin") + "/explain?from=%2Fid-mn&op=retrieve"
                    + "&to=%2Fcse-in%2Fid-mn&via=";
            java.net.http.HttpResponse<String> r = c.send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(base + "%2Fid-mn")).build(), java.net.http.HttpResponse.BodyHandlers
                    .ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonNode e = M2m.JSON.readTree(r.body());
            assertThat(e.path("decision").asText()).isEqualTo("PERMIT");
            assertThat(e.path("mcc").toString()).contains("accepted: /id-mn is the CSE the association proves");
            for (String bad : List.of("id-mn", "%2Fid-mn%2FCx", "%2Fid-in")) {
                r = c.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + bad)).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).as(bad).isEqualTo(400);
                assertThat(r.body()).as(bad).contains("via");
            }
        }
    }

    record Explained(int rc, String out) {
    }

    /** {@code bastion explain ARGS} against the IN's admin endpoint. */
    static Explained explain(String... args) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.PrintStream ps = new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8);
        List<String> all = new java.util.ArrayList<>(List.of(args));
        all.addAll(List.of("--admin-port", String.valueOf(in.port("admin"))));
        int rc = ExplainCommand.run(all, ps, ps);
        return new Explained(rc, out.toString(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    @Order(8)
    void anAeOnTheAsnSendsEsprimThroughTheMnToTheInAndNeitherTransitCseHoldsAnyOfIt() throws Exception {
        // the key the IN holds for the sensor two CSEs below it; the MN and the ASN know nothing of it
        String kid = "sensor@keys.example";
        String key = "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90";
        String marker = "three-cse-marker-93e4";
        credentials(net.data("id-in"), "e2e", "add", "--key-id", kid, "--key", key, "--entity", "/id-asn/Csensor");
        inHttp.update("Cphone", "/cse-in/phone/inboxAcp", "{\"m2m:acp\":{\"pv\":{\"acr\":" + rules(rule(63,
                "Cphone"), rule(3, "/id-asn/Csensor")) + "}}}").expect(2004);
        InMemoryPairwiseKeys keys = new InMemoryPairwiseKeys();
        keys.put(new PairwiseKey(kid, PreSharedKey.fromHex(key), "/id-in"));
        try (CseClient sensor = CseClient.builder("http://127.0.0.1:" + asn.port("http")).cseId("/id-asn")
                .spId(CseNetwork.SP).originator("Csensor").build()) {
            EsPrim e2e = EsPrim.builder(sensor, keys).build();
            Request write = sensor.request(Operation.CREATE, "cse-in/phone/inbox").ty(4)
                    .pc(M2m.JSON.readTree("{\"m2m:cin\":{\"con\":\"" + marker + "\"}}")).build();
            // the running IN sees the provisioned key within moments (4112 until then)
            Result created = Eventually.matches(Duration.ofSeconds(10), () -> {
                try {
                    return e2e.call("/id-in/cse-in", kid, write.toBuilder().rqi(sensor.nextRequestId()).build());
                } catch (CseException e) {
                    assertThat(e.code()).as(e.getMessage()).isEqualTo(4112);
                    return null;
                }
            }, r -> r != null);
            assertThat(created.rsc()).isEqualTo(ResponseStatusCode.CREATED);
            assertThat(e2e.call("/id-in/cse-in", kid, sensor.request(Operation.RETRIEVE, "cse-in/phone/inbox/la")
                    .build()).attribute("con")).isEqualTo(marker);
            // the IN decides on the inner originator: nothing else of the phone's is the sensor's
            assertThatThrownBy(() -> e2e.call("/id-in/cse-in", kid, sensor.request(Operation.DELETE,
                    "cse-in/phone/inbox").build())).isInstanceOfSatisfying(CseException.class,
                            e -> assertThat(e.code()).isEqualTo(4103));
            // a key that claims to be the phone's is 4116 at the IN
            assertThatThrownBy(() -> e2e.call("/id-in/cse-in", kid, sensor.request(Operation.RETRIEVE,
                    "cse-in/phone/inbox").fr("/id-in/Cphone").build())).isInstanceOfSatisfying(CseException.class,
                            e -> assertThat(e.code()).isEqualTo(4116));
        }
        assertThat(inHttp.retrieve("Cphone", "/cse-in/phone/inbox/la").expect(2000).attr("con")).isEqualTo(marker);
        assertThat(EsprimTransitIT.filesContain(net.data("id-in"), marker)).as("the IN's store holds it").isTrue();
        for (String transit : List.of("id-mn", "id-asn")) {
            assertThat(EsprimTransitIT.filesContain(net.data(transit), marker)).as("%s's store and audit", transit)
                    .isFalse();
        }
        for (String logFile : List.of("mn.log", "asn.log")) {
            assertThat(Files.readString(dir.resolve(logFile))).as(logFile).doesNotContain(marker)
                    .doesNotContain(key);
        }
    }

    @Test
    @Order(8)
    void aContainerOfTheAsnIsAnnouncedUpdatedAndWithdrawnAtTheMn() throws Exception {
        String ri = asnHttp.create(M2m.ADMIN, "/cse-asn", 3, "{\"m2m:cnt\":{\"rn\":\"box\",\"lbl\":[\"room/1\"],"
                + "\"at\":[\"/id-mn\"]}}").expect(2001).ri();
        String address = Eventually.matches(Duration.ofSeconds(20), () -> asnHttp.retrieve(M2m.ADMIN,
                "/cse-asn/box").expect(2000).inner().path("at").path(0).asText(), a -> a.startsWith("/id-mn/"));
        String there = "/" + address.substring("/id-mn/".length());
        JsonNode copy = mnHttp.retrieve(M2m.ADMIN, there).expect(2000).json().path("m2m:cntA");
        assertThat(copy.path("lnk").asText()).isEqualTo("/id-asn/" + ri);
        assertThat(copy.path("pi").asText()).isEqualTo("id-asn");
        assertThat(copy.path("lbl").path(0).asText()).isEqualTo("room/1");

        asnHttp.update(M2m.ADMIN, "/cse-asn/box", "{\"m2m:cnt\":{\"lbl\":[\"room/2\"]}}").expect(2004);
        Eventually.matches(Duration.ofSeconds(20), () -> mnHttp.retrieve(M2m.ADMIN, there).expect(2000).inner()
                .path("lbl").path(0).asText(), l -> l.equals("room/2"));

        asnHttp.delete(M2m.ADMIN, "/cse-asn/box").expect(2002);
        Eventually.matches(Duration.ofSeconds(20), () -> mnHttp.retrieve(M2m.ADMIN, there).rsc(), c -> c == 4004);
    }

    @Test
    @Order(9)
    void theMiddleCseKilledAndStartedAgainReRegistersAndRetargetingWorksAgain() throws Exception {
        mn.kill(); // SIGKILL: no de-registration
        inHttp.retrieve("Cphone", "/~/id-asn/cse-asn/sensor/data/la").expect(5103);
        mn = start(mnConfig, "mn-again");
        Eventually.matches(Duration.ofSeconds(30), () -> CseNetwork.health(mn.port("admin")),
                h -> h.path("registration").path("state").asText().equals("registered"));
        assertThat(CseNetwork.remoteCses(inHttp, "cse-in")).containsExactly("cse-in/id-mn");
        assertThat(CseNetwork.remoteCses(mnHttp, "cse-mn")).containsExactlyInAnyOrder("cse-mn/id-in",
                "cse-mn/id-asn");
        JsonNode again = csr(inHttp, "/cse-in/id-mn");
        assertThat(again.path("dcse").toString()).isEqualTo("[\"/id-asn\"]");
        // its poa updated: the HTTPS door where it was, the plain one on the port it has now
        assertThat(again.path("poa").toString()).contains("https://127.0.0.1:" + mnHttps)
                .contains("http://127.0.0.1:" + mn.port("http"));
        // both directions across the MN again
        assertThat(inHttp.retrieve("Cphone", "/~/id-asn/cse-asn/sensor/data/la").expect(2000).inner().path("con")
                .asText()).isEqualTo("21.5");
        asnHttp.createCin("Csensor", "/~/id-in/cse-in/phone/inbox", "back").expect(2001);
    }
}
