package io.bastion.server;

import static io.bastion.server.it.M2m.rule;
import static io.bastion.server.it.M2m.rules;
import static org.assertj.core.api.Assertions.assertThat;

import io.bastion.core.time.Timestamps;
import io.bastion.server.it.M2m;
import io.bastion.server.it.ServerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Distributed authorization across processes (TS-0003 7.5): an MN-CSE as Policy Enforcement Point, registered over
 * TLS-PSK (a key bound to each other's CSE-ID) with an IN-CSE that hosts the PDPs, the PRP (its ACPs labelled
 * {@code bastion:policyFor=}) and a PIP (its {@code <role>}s); each started as the operator starts it ({@code bastion
 * run --config FILE}), the MN with a short decision cache ({@code pdp.cache-ttl-s=1}). A read the MN's own policy
 * denies is permitted by the IN's PDP; a first PDP answering NOT_APPLICABLE and a second deciding; a role the PIP
 * supplies; a PRP policy change taking effect after the cache time; a PDP that does not trust the PEP, an answer that is
 * not a decision and a PDP nobody reaches each deny (4103, the cause in the MN's audit log); the IN down denies within
 * the bounded wait.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DistributedAuthorizationProcessIT {
    static final String KEY = "0123456789abcdef0123456789abcdef";
    static final String OWNER = "Cpdpowner";
    static final String READER = "Cpdpreader";
    static final String STRANGER = "Cpdpstranger";
    static final String OPERATOR = "Cpdpoperator";
    static final String ROLE = "operator@op.example";
    static final String HOME = "/cse-mn/pdpowner";
    static final String PDP1 = "/id-in/cse-in/pdp1";
    static final String PDP2 = "/id-in/cse-in/pdp2";
    static final long TIMEOUT_MS = 1500;

    @TempDir
    static Path dir;
    static CseNetwork net;
    static ServerProcess in;
    static ServerProcess mn;
    static M2m inHttp;
    static M2m mnHttp;

    @BeforeAll
    static void start() throws Exception {
        net = new CseNetwork(dir);
        Path inData = net.data("id-in");
        NetworkProcessIT.credentials(inData, "psk", "add", "--identity", "mn@op.example", "--key", KEY, "--ae",
                "/id-mn");
        in = run("id-in", "pdp-in", "psk.port=0", "registration.allowed-cses=/id-mn",
                "mcc.trust=" + net.rootPem, "cse.acpi=cse-in/registrees");
        inHttp = new M2m(in.port("http"));
        inHttp.createAcp(M2m.ADMIN, "/cse-in", "registrees", rules(rule(2, "/id-mn")), rules(rule(63, M2m.ADMIN)));

        NetworkProcessIT.credentials(net.data("id-mn"), "psk", "add", "--identity", "mn@op.example", "--key", KEY,
                "--ae", "/id-in");
        mn = run("id-mn", "pdp-mn", "cse.type=MN", "registrar.url=https://127.0.0.1:"
                + in.port("psk"), "registrar.cse-id=/id-in", "registrar.name=cse-in",
                "registrar.psk-identity=mn@op.example", "mcc.trust=" + net.rootPem, "pdp.cache-ttl-s=1",
                "pdp.negative-ttl-s=0", "pdp.timeout-ms=" + TIMEOUT_MS, "pdp.breaker-failures=50");
        mnHttp = new M2m(mn.port("http"));
        CseNetwork.awaitRegistration(mn.port("admin"), "registered");

        // The IN: PDPs that the MN may ask (UPDATE for /id-mn), pdp2 taking roles from the PIP pip1 (airi).
        inHttp.createAcp(M2m.ADMIN, "/cse-in", "askPdp", rules(rule(4, "/id-mn")), rules(rule(63, M2m.ADMIN)));
        inHttp.create(M2m.ADMIN, "/cse-in", 1, "{\"m2m:acp\":{\"rn\":\"askPdpWithPip\",\"pv\":{\"acr\":"
                + rules(rule(4, "/id-mn"), rule(4, "/id-in")) + "},\"pvs\":{\"acr\":" + rules(rule(63, M2m.ADMIN))
                + "},\"airi\":[\"/id-in/cse-in/pip1\"]}}").expect(2001);
        point(inHttp, "/cse-in", 35, "auds", "pdp1", "cse-in/askPdp");
        point(inHttp, "/cse-in", 35, "auds", "pdp2", "cse-in/askPdpWithPip");
        point(inHttp, "/cse-in", 37, "auif", "pip1", "cse-in/askPdpWithPip");
        // The PRP's policies: the reader may read the MN's box and box2, holders of ROLE the rolebox.
        label(inHttp, "central", "/id-mn" + HOME + "/box", rules(rule(2, "/id-mn/" + READER)));
        label(inHttp, "central2", "/id-mn" + HOME + "/box2", rules(rule(2, "/id-mn/" + READER)));
        label(inHttp, "byRole", "/id-mn" + HOME + "/rolebox", rules(rule(2, ROLE)));

        // The MN: its own PDP (no policy of its PRP applies to anything: NOT_APPLICABLE), the owner's containers.
        mnHttp.createAcp(M2m.ADMIN, "/cse-mn", "askLocal", rules(rule(4, "/id-mn")), rules(rule(63, M2m.ADMIN)));
        point(mnHttp, "/cse-mn", 35, "auds", "pdp0", "cse-mn/askLocal");
        for (String ae : List.of(OWNER, READER, STRANGER, OPERATOR)) {
            mnHttp.create(ae, "/cse-mn", 2, M2m.aeBody(ae.substring(1))).expect(2001);
        }
        container("box", PDP1);
        container("box2", "/id-mn/cse-mn/pdp0", PDP1);
        container("rolebox", PDP2);
    }

    @AfterAll
    static void stop() throws Exception {
        for (ServerProcess p : new ServerProcess[] {mn, in}) {
            if (p != null) {
                p.close();
            }
        }
    }

    /** {@code bastion run --config FILE} for the CSE {@code /stem}: its keystore and data folder, free ports. */
    static ServerProcess run(String stem, String log, String... lines) throws Exception {
        StringBuilder b = new StringBuilder("cse.id=/" + stem + "\ncse.name=" + CseNetwork.base(stem) + "\ndata.dir="
                + net.data(stem) + "\nhttps.keystore=" + net.keystore(stem) + "\nhttps.port=0\nhttp.port=0\n"
                + "admin.port=0\nregistrar.retry-initial-ms=50\nregistrar.retry-max-ms=400\n");
        for (String l : lines) {
            b.append(l).append('\n');
        }
        Path f = dir.resolve(stem + ".properties");
        Files.writeString(f, b.toString());
        return ServerProcess.start(List.of("--config", f.toString()),
                Map.of(HttpsSettings.DEFAULT_PASSWORD_ENV, CseNetwork.PASSWORD), dir.resolve(log + ".log"));
    }

    static void point(M2m at, String base, int ty, String root, String rn, String acp) {
        at.create(M2m.ADMIN, base, ty, "{\"m2m:" + root + "\":{\"rn\":\"" + rn + "\",\"acpi\":[\"" + acp + "\"]}}")
                .expect(2001);
    }

    static void label(M2m at, String rn, String forAddress, String pv) {
        at.create(M2m.ADMIN, "/cse-in", 1, "{\"m2m:acp\":{\"rn\":\"" + rn + "\",\"lbl\":[\"bastion:policyFor="
                + forAddress + "\"],\"pv\":{\"acr\":" + pv + "},\"pvs\":{\"acr\":" + rules(rule(63, M2m.ADMIN))
                + "}}}").expect(2001);
    }

    /** A container of the owner whose ACP grants the owner alone and names {@code adri}, with one instance. */
    static void container(String rn, String... adri) {
        mnHttp.create(OWNER, HOME, 1, "{\"m2m:acp\":{\"rn\":\"" + rn + "Acp\",\"pv\":{\"acr\":" + rules(rule(63,
                OWNER)) + "},\"pvs\":{\"acr\":" + rules(rule(63, OWNER)) + "},\"adri\":[\"" + String.join("\",\"",
                adri) + "\"]}}").expect(2001);
        mnHttp.create(OWNER, HOME, 3, "{\"m2m:cnt\":{\"rn\":\"" + rn + "\",\"acpi\":[\"cse-mn/pdpowner/" + rn
                + "Acp\"]}}").expect(2001);
        mnHttp.createCin(OWNER, HOME + "/" + rn, "21.5").expect(2001);
    }

    /** Waits until the MN's audit log holds every one of {@code texts}. */
    static void audited(String... texts) throws Exception {
        Path audit = net.data("id-mn").resolve(BastionServer.AUDIT_FILE);
        try {
            Eventually.matches(Duration.ofSeconds(10), () -> Files.exists(audit) ? Files.readString(audit) : "",
                    log -> List.of(texts).stream().allMatch(log::contains));
        } catch (AssertionError e) {
            assertThat(Files.readString(audit)).contains(texts);
        }
    }

    @Test
    @Order(1)
    void aReadTheMnsPolicyDeniesIsPermittedByThePdpOnTheIn() throws Exception {
        assertThat(mnHttp.retrieve(READER, HOME + "/box/la").expect(2000).inner().path("con").asText())
                .isEqualTo("21.5");
        mnHttp.retrieve(STRANGER, HOME + "/box/la").expect(4103);
        mnHttp.createCin(READER, HOME + "/box", "no").expect(4103);
        audited("the PDP " + PDP1 + " answered DENY (status OK)");
        // The PDP stored nothing of the requests it answered.
        assertThat(inHttp.retrieve(M2m.ADMIN, "/cse-in/pdp1").expect(2000).inner().has("fr")).isFalse();
    }

    @Test
    @Order(2)
    void aFirstPdpAnsweringNotApplicableIsFollowedByTheNext() throws Exception {
        mnHttp.retrieve(READER, HOME + "/box2/la").expect(2000);
        mnHttp.retrieve(STRANGER, HOME + "/box2/la").expect(4103);
        audited("the PDP /id-mn/cse-mn/pdp0 answered NOT_APPLICABLE\",\"distributed authorization: the PDP "
                + PDP1 + " answered DENY");
    }

    @Test
    @Order(3)
    void aRoleThePipSuppliesLetsThePolicyPermit() throws Exception {
        mnHttp.retrieve(OPERATOR, HOME + "/rolebox/la").expect(4103);
        // The IN's role repository assigns ROLE to the operator AE of the MN (issued by the IN itself).
        Instant now = Instant.now();
        inHttp.create(M2m.ADMIN, "/cse-in", 31, "{\"m2m:rol\":{\"rlid\":\"" + ROLE + "\",\"tkis\":\"/id-in\","
                + "\"tkhd\":\"/id-mn/" + OPERATOR + "\",\"tknb\":\"" + Timestamps.format(now.minusSeconds(3600))
                + "\",\"tkna\":\"" + Timestamps.format(now.plusSeconds(3600)) + "\"}}").expect(2001);
        Eventually.matches(Duration.ofSeconds(10), () -> mnHttp.retrieve(OPERATOR, HOME + "/rolebox/la").rsc(),
                rsc -> rsc == 2000);
        // The role is the operator's alone: another originator is still denied.
        mnHttp.retrieve(STRANGER, HOME + "/rolebox/la").expect(4103);
    }

    @Test
    @Order(4)
    void aPolicyChangedAtThePrpTakesEffectAfterTheCacheTime() throws Exception {
        mnHttp.retrieve(READER, HOME + "/box/la").expect(2000);
        inHttp.update(M2m.ADMIN, "/cse-in/central", "{\"m2m:acp\":{\"pv\":{\"acr\":" + rules(rule(2, "/id-mn/"
                + STRANGER)) + "}}}").expect(2004);
        long t0 = System.nanoTime();
        Eventually.matches(Duration.ofSeconds(10), () -> mnHttp.retrieve(READER, HOME + "/box/la").rsc(),
                rsc -> rsc == 4103);
        assertThat((System.nanoTime() - t0) / 1_000_000).as("after pdp.cache-ttl-s=1").isLessThan(5_000);
        mnHttp.retrieve(STRANGER, HOME + "/box/la").expect(2000);
    }

    @Test
    @Order(5)
    void aPdpThatDoesNotTrustThePepAnAnswerThatIsNoDecisionAndAnUnreachablePdpDeny() throws Exception {
        // pdpStrict answers /id-other only: the IN refuses the MN's question (4103), so the MN denies.
        inHttp.createAcp(M2m.ADMIN, "/cse-in", "askStrict", rules(rule(4, "/id-other")), rules(rule(63, M2m.ADMIN)));
        point(inHttp, "/cse-in", 35, "auds", "pdpStrict", "cse-in/askStrict");
        label(inHttp, "strictPolicy", "/id-mn" + HOME + "/strictbox", rules(rule(2, "/id-mn/" + READER)));
        container("strictbox", "/id-in/cse-in/pdpStrict");
        mnHttp.retrieve(READER, HOME + "/strictbox/la").expect(4103);
        audited("the point /id-in/cse-in/pdpStrict answered 4103");
        // adri names a PIP: its answer to a decision request is no m2m:authorizationDecision (4000 there), deny here.
        container("wrongbox", "/id-in/cse-in/pip1");
        mnHttp.retrieve(READER, HOME + "/wrongbox/la").expect(4103);
        audited("the point /id-in/cse-in/pip1 answered 4000");
        // a PDP on a CSE no association reaches: the registrar, asked for the route, knows no such CSE
        container("farbox", "/id-nowhere/cse-x/pdp");
        long t0 = System.nanoTime();
        mnHttp.retrieve(READER, HOME + "/farbox/la").expect(4103);
        assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(TIMEOUT_MS + 2_000);
        audited("the point /id-nowhere/cse-x/pdp answered 4004 NOT_FOUND");
    }

    @Test
    @Order(6)
    void withThePdpDownTheRequestIsDeniedWithinTheBoundedWait() throws Exception {
        mnHttp.retrieve(STRANGER, HOME + "/box/la").expect(2000);
        in.kill();
        Thread.sleep(1_100); // past pdp.cache-ttl-s
        long t0 = System.nanoTime();
        mnHttp.retrieve(STRANGER, HOME + "/box/la").expect(4103);
        assertThat((System.nanoTime() - t0) / 1_000_000).as("pdp.timeout-ms " + TIMEOUT_MS)
                .isLessThan(TIMEOUT_MS + 1_000);
        audited("distributed authorization: the point " + PDP1);
        // and the owner is not touched by it: the MN's own policy still permits without asking anyone
        mnHttp.retrieve(OWNER, HOME + "/box/la").expect(2000);
    }
}
