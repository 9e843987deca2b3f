package io.bastion.server;

import static io.bastion.server.it.M2m.rule;
import static io.bastion.server.it.M2m.rules;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.bastion.cse.config.MccConfig;
import io.bastion.server.it.M2m;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registree's side of CSE registration (TS-0001 10.2.2.7; TS-0004 7.4.4.2.1–7.4.4.2.4) between real servers on
 * loopback, each proving its CSE-ID to its registrar by its client certificate over HTTPS: an IN-CSE, an MN-CSE
 * registered with it and an ASN-CSE registered with the MN.
 */
class RegistreeIT {
    static final MccConfig.CseType IN = MccConfig.CseType.IN;
    static final MccConfig.CseType MN = MccConfig.CseType.MN;
    static final MccConfig.CseType ASN = MccConfig.CseType.ASN;

    @TempDir
    Path dir;
    final List<BastionServer> running = new ArrayList<>();

    @AfterEach
    void stopAll() {
        running.reversed().forEach(BastionServer::close);
    }

    BastionServer start(CseNetwork net, ServerConfig c) {
        BastionServer s = net.start(c);
        running.add(s);
        return s;
    }

    void stop(BastionServer s) {
        s.close();
        running.remove(s);
    }

    /** An IN-CSE admitting /id-mn*, whose CSEBase /id-mn may RETRIEVE (cse.acpi), on {@code httpsPort}. */
    BastionServer in(CseNetwork net, int httpsPort) throws Exception {
        ServerConfig c = net.config("id-in", IN, List.of("/id-mn*"), null, httpsPort);
        BastionServer in = start(net, c.withCse(c.cse().withCseBaseAcpi(List.of("cse-in/registrees"))));
        M2m http = new M2m(in.httpPort());
        if (http.retrieve(M2m.ADMIN, "/cse-in/registrees").rsc() == 4004) {
            http.createAcp(M2m.ADMIN, "/cse-in", "registrees", rules(rule(2, "/id-mn")), rules(rule(63, M2m.ADMIN)));
        }
        return in;
    }

    BastionServer mn(CseNetwork net, BastionServer in) throws Exception {
        return start(net, net.config("id-mn", MN, List.of("/id-asn*"), net.registrar("id-in", in.httpsPort()), 0));
    }

    static JsonNode csr(M2m http, String path) {
        return http.retrieve(M2m.ADMIN, path).expect(2000).json().path("m2m:csr");
    }

    static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    @Test
    void aChainOfThreeRegistersBothWaysAndDeclaresItsDescendantsUpwards() throws Exception {
        CseNetwork net = new CseNetwork(dir);
        BastionServer in = in(net, 0);
        BastionServer mn = mn(net, in);
        CseNetwork.awaitRegistration(mn.adminPort(), "registered");
        BastionServer asn = start(net, net.config("id-asn", ASN, List.of(), net.registrar("id-mn", mn.httpsPort()),
                0));
        CseNetwork.awaitRegistration(asn.adminPort(), "registered");
        M2m inHttp = new M2m(in.httpPort());
        M2m mnHttp = new M2m(mn.httpPort());
        M2m asnHttp = new M2m(asn.httpPort());

        // the MN's remoteCSE on the IN: what the MN said about itself, found by its CSE-ID without the slash
        JsonNode onIn = csr(inHttp, "/cse-in/id-mn");
        assertThat(onIn.path("csi").asText()).isEqualTo("/id-mn");
        assertThat(onIn.path("cb").asText()).isEqualTo("/id-mn/cse-mn");
        assertThat(onIn.path("cst").asInt()).isEqualTo(2);
        assertThat(onIn.path("rr").asBoolean()).isTrue();
        assertThat(texts(onIn.path("poa"))).containsExactly("https://127.0.0.1:" + mn.httpsPort(),
                "http://127.0.0.1:" + mn.httpPort());
        assertThat(texts(onIn.path("srv"))).contains("3");
        assertThat(texts(onIn.path("csz"))).containsExactly("application/json", "application/cbor", "application/xml");
        assertThat(CseNetwork.remoteCses(inHttp, "cse-in")).containsExactly("cse-in/id-mn");

        // the IN's remoteCSE on the MN: the configured address, and what the IN's CSEBase says (readable: cse.acpi)
        JsonNode ofIn = csr(mnHttp, "/cse-mn/id-in");
        assertThat(ofIn.path("csi").asText()).isEqualTo("/id-in");
        assertThat(ofIn.path("cb").asText()).isEqualTo("/id-in/cse-in");
        assertThat(texts(ofIn.path("poa"))).containsExactly("https://127.0.0.1:" + in.httpsPort());
        assertThat(ofIn.path("cst").asInt()).isEqualTo(1);
        assertThat(ofIn.path("rr").asBoolean()).isTrue();
        assertThat(texts(ofIn.path("srv"))).containsExactlyElementsOf(texts(inHttp.retrieve(M2m.ADMIN, "/cse-in")
                .expect(2000).json().path("m2m:cb").path("srv")));
        // an AE of the MN may not read it: its creator is the IN, and it has no acpi
        mnHttp.create("Cnosy", "/cse-mn", 2, M2m.aeBody("nosy")).expect(2001);
        mnHttp.retrieve("Cnosy", "/cse-mn/id-in").expect(4103);

        // the MN's remoteCSE on the ASN: the MN's CSEBase cannot be read by the ASN, so only what registration proved
        JsonNode ofMn = csr(asnHttp, "/cse-asn/id-mn");
        assertThat(ofMn.path("csi").asText()).isEqualTo("/id-mn");
        assertThat(ofMn.has("cst")).isFalse();
        assertThat(texts(ofMn.path("srv"))).containsExactly("3");
        assertThat(csr(mnHttp, "/cse-mn/id-asn").path("cst").asInt()).isEqualTo(3);
        assertThat(CseNetwork.remoteCses(mnHttp, "cse-mn")).containsExactlyInAnyOrder("cse-mn/id-in",
                "cse-mn/id-asn");

        // Recv-6.5: the MN declared the ASN below it to the IN
        Eventually.holds("dcse of /id-mn on the IN lists /id-asn", Duration.ofSeconds(20),
                () -> texts(csr(inHttp, "/cse-in/id-mn").path("dcse")).equals(List.of("/id-asn")));

        // the admin de-registers the ASN by deleting its remoteCSE of the MN: the MN's remoteCSE of the ASN goes
        // first (7.4.4.2.4), then the local one, and the MN tells the IN that the ASN is no longer below it
        asnHttp.delete(M2m.ADMIN, "/cse-asn/id-mn").expect(2002);
        asnHttp.retrieve(M2m.ADMIN, "/cse-asn/id-mn").expect(4004);
        mnHttp.retrieve(M2m.ADMIN, "/cse-mn/id-asn").expect(4004);
        assertThat(CseNetwork.health(asn.adminPort()).path("registration").path("state").asText())
                .isEqualTo("deregistered");
        Eventually.holds("dcse of /id-mn on the IN is empty again", Duration.ofSeconds(20),
                () -> texts(csr(inHttp, "/cse-in/id-mn").path("dcse")).isEmpty());
    }

    @Test
    void restartsOfTheRegistreeAndOfTheRegistrarLeaveOneRemoteCseEachWithTheNewPoa() throws Exception {
        CseNetwork net = new CseNetwork(dir);
        int inPort = CseNetwork.freePort();
        BastionServer in = in(net, inPort);
        BastionServer mn = mn(net, in);
        CseNetwork.awaitRegistration(mn.adminPort(), "registered");
        M2m inHttp = new M2m(in.httpPort());
        String firstCt = csr(inHttp, "/cse-in/id-mn").path("ct").asText();

        // the registree comes back on other ports: found again, its poa updated, nothing duplicated
        stop(mn);
        mn = mn(net, in);
        CseNetwork.awaitRegistration(mn.adminPort(), "registered");
        int mnHttps = mn.httpsPort();
        Eventually.holds("poa of /id-mn on the IN names the new HTTPS port", Duration.ofSeconds(20),
                () -> texts(csr(inHttp, "/cse-in/id-mn").path("poa")).contains("https://127.0.0.1:" + mnHttps));
        assertThat(csr(inHttp, "/cse-in/id-mn").path("ct").asText()).isEqualTo(firstCt);
        assertThat(CseNetwork.remoteCses(inHttp, "cse-in")).containsExactly("cse-in/id-mn");
        M2m mnHttp = new M2m(mn.httpPort());
        assertThat(CseNetwork.remoteCses(mnHttp, "cse-mn")).containsExactly("cse-mn/id-in");

        // the registrar restarts on its address; the registree restarts too: still one on each side
        stop(in);
        in = in(net, inPort);
        M2m inAgain = new M2m(in.httpPort());
        stop(mn);
        mn = mn(net, in);
        CseNetwork.awaitRegistration(mn.adminPort(), "registered");
        assertThat(CseNetwork.remoteCses(inAgain, "cse-in")).containsExactly("cse-in/id-mn");
        assertThat(CseNetwork.remoteCses(new M2m(mn.httpPort()), "cse-mn")).containsExactly("cse-mn/id-in");
        assertThat(csr(inAgain, "/cse-in/id-mn").path("ct").asText()).isEqualTo(firstCt);
    }

    @Test
    void aRegistrarThatIsDownAtStartIsRetriedWithBackoffAndRegisteredWithWhenItComesUp() throws Exception {
        CseNetwork net = new CseNetwork(dir);
        int inPort = CseNetwork.freePort();
        BastionServer mn = start(net, net.config("id-mn", MN, List.of(), net.registrar("id-in", inPort), 0));
        // the MN serves at once, and says why it is not registered yet
        new M2m(mn.httpPort()).retrieve(M2m.ADMIN, "/cse-mn").expect(2000);
        JsonNode h = Eventually.matches(Duration.ofSeconds(20), () -> CseNetwork.health(mn.adminPort()),
                x -> x.path("registration").path("failures").asInt() >= 3);
        assertThat(h.path("registration").path("state").asText()).isEqualTo("retrying");
        assertThat(h.path("registration").path("problem").asText()).contains("cannot reach the registrar at "
                + "https://127.0.0.1:" + inPort);
        assertThat(h.path("registration").has("nextAttempt")).isTrue();

        BastionServer in = in(net, inPort);
        CseNetwork.awaitRegistration(mn.adminPort(), "registered");
        assertThat(CseNetwork.remoteCses(new M2m(in.httpPort()), "cse-in")).containsExactly("cse-in/id-mn");
        assertThat(CseNetwork.health(mn.adminPort()).path("registration").has("problem")).isFalse();
    }

    @Test
    void aRegistrarThatDoesNotAdmitThisCseIsToldInTheHealthAndRetried() throws Exception {
        CseNetwork net = new CseNetwork(dir);
        BastionServer in = start(net, net.config("id-in", IN, List.of("/id-other"), null, 0));
        BastionServer mn = mn(net, in);
        JsonNode h = Eventually.matches(Duration.ofSeconds(20), () -> CseNetwork.health(mn.adminPort()),
                x -> x.path("registration").path("failures").asInt() >= 2);
        assertThat(h.path("registration").path("state").asText()).isEqualTo("retrying");
        assertThat(h.path("registration").path("problem").asText()).contains("4103")
                .contains("is not allowed to register with this CSE");
        assertThat(CseNetwork.remoteCses(new M2m(in.httpPort()), "cse-in")).isEmpty();
        new M2m(mn.httpPort()).retrieve(M2m.ADMIN, "/cse-mn/id-in").expect(4004);
        // an IN-CSE has no registrar
        assertThat(CseNetwork.health(in.adminPort()).path("registration").path("state").asText()).isEqualTo("none");
    }

    @Test
    void cseDeregisterRemovesBothRemoteCsesAndAnUnreachableRegistrarKeepsThem() throws Exception {
        CseNetwork net = new CseNetwork(dir);
        int inPort = CseNetwork.freePort();
        BastionServer in = in(net, inPort);
        BastionServer mn = mn(net, in);
        CseNetwork.awaitRegistration(mn.adminPort(), "registered");
        M2m mnHttp = new M2m(mn.httpPort());

        // the registrar away: the admin's DELETE of its remoteCSE is refused and nothing is removed
        stop(in);
        mnHttp.delete(M2m.ADMIN, "/cse-mn/id-in").expect(5103);
        mnHttp.retrieve(M2m.ADMIN, "/cse-mn/id-in").expect(2000);
        in = in(net, inPort);
        M2m inHttp = new M2m(in.httpPort());

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = CseCommand.run(List.of("deregister", "--admin-port", String.valueOf(mn.adminPort())),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(rc).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("de-registered from /id-in");
        inHttp.retrieve(M2m.ADMIN, "/cse-in/id-mn").expect(4004);
        mnHttp.retrieve(M2m.ADMIN, "/cse-mn/id-in").expect(4004);
        assertThat(CseNetwork.health(mn.adminPort()).path("registration").path("state").asText())
                .isEqualTo("deregistered");

        // a CSE without a registrar has nothing to de-register from
        err.reset();
        rc = CseCommand.run(List.of("deregister", "--admin-port", String.valueOf(in.adminPort())),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(rc).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("has no registrar");
    }
}
