package io.bastion.server.it;

import static io.bastion.server.it.M2m.rule;
import static io.bastion.server.it.M2m.rules;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.bastion.core.time.MutableClock;
import io.bastion.core.time.Timestamps;
import io.bastion.cse.config.DynamicAuthorizationConfig;
import io.bastion.server.AuditLines;
import io.bastion.server.BastionServer;
import io.bastion.server.ServerConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dynamic authorization end to end over HTTP (TS-0003 7.3.2.2 and 7.3.2.3, TS-0001 9.6.40 and 9.6.1.3) with a real
 * DAS on a loopback port ({@link DasFixture}) and an injected clock: a request the ACPs deny is granted by the DAS
 * for the granted lifetime and denied again after it; a DAS that is too slow, answers an error or garbage denies with
 * 4103, the audit log naming the DAS and the cause; daci is inherited from the parent; tqi=true answers the Token
 * Request Information.
 */
class DynamicAuthorizationIT {
    static final String OWNER = "Cdynowner";
    static final String STRANGER = "Cdynstranger";
    static final String HOME = "/cse-in/dynowner";
    static final AtomicInteger SEQ = new AtomicInteger();
    static final Duration TIMEOUT = Duration.ofMillis(800);

    @TempDir
    static Path dir;
    static MutableClock clock;
    static BastionServer server;
    static M2m m2m;
    static DasFixture das;
    static String acp;

    @BeforeAll
    static void start() throws Exception {
        das = new DasFixture();
        clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
        ServerConfig c = M2m.config(dir);
        c = c.withCse(c.cse().withDynamic(DynamicAuthorizationConfig.defaults().withTimeout(TIMEOUT)
                .withCircuit(2, Duration.ofSeconds(30)).withNegativeTtl(Duration.ofSeconds(10))));
        server = BastionServer.start(c, clock);
        m2m = new M2m(server.httpPort());
        m2m.registerAe(OWNER, "dynowner");
        m2m.registerAe(STRANGER, "dynstranger");
        acp = m2m.createAcp(OWNER, HOME, "ownerOnly", rules(rule(63, OWNER)), rules(rule(63, OWNER)));
    }

    @AfterAll
    static void stop() {
        server.close();
        das.close();
    }

    static String name(String p) {
        return p + SEQ.incrementAndGet();
    }

    /**
     * A RETRIEVE of {@code path} by the stranger, refused with 4103 saying in general terms that dynamic
     * authorization did not grant it; returns the request's audit line, which names the DAS and the cause.
     */
    static String refusal(String path) throws Exception {
        String rqi = name("refused");
        DasFixture.expectNotGranted(m2m, STRANGER, path, rqi);
        return AuditLines.awaitRequest(dir, rqi);
    }

    /** A dac under the owner AE consulting {@code dap}; returns its resource ID. */
    static String dac(String dap, boolean enabled, String dal) {
        String body = "{\"m2m:dac\":{\"rn\":\"" + name("dac") + "\",\"dae\":" + enabled + ",\"dap\":[\"" + dap + "\"]"
                + (dal == null ? "" : ",\"dal\":\"" + dal + "\"") + "}}";
        return m2m.create(OWNER, HOME, 34, body).expect(2001).ri();
    }

    /** A container only the owner may use by its ACP, linked to {@code daci} (none when null); returns its path. */
    static String container(String parent, String daci) {
        String rn = name("cnt");
        String body = "{\"m2m:cnt\":{\"rn\":\"" + rn + "\",\"acpi\":[\"" + acp + "\"]"
                + (daci == null ? "" : ",\"daci\":[\"" + daci + "\"]") + "}}";
        m2m.create(OWNER, parent, 3, body).expect(2001);
        return parent + "/" + rn;
    }

    static String ts(Duration fromNow) {
        return Timestamps.format(clock.instant().plus(fromNow));
    }

    @Test
    void daspermitsForTheGrantedLifetimeThenTheAcpsRuleAgain() throws Exception {
        String path = name("grant");
        das.answer(path, DasFixture.Answer.grant(rules(rule(2, STRANGER)), ts(Duration.ofSeconds(60))));
        String cnt = container(HOME, dac(das.uri(path), true, null));

        m2m.retrieve(STRANGER, cnt).expect(2000);
        assertThat(das.calls(path)).isEqualTo(1);
        DasFixture.Received got = das.received.getLast();
        assertThat(got.origin()).isEqualTo("/id-in");
        JsonNode seci = got.body().path("m2m:seci");
        assertThat(seci.path("sit").asInt()).isEqualTo(1);
        assertThat(got.dreq()).as("a dreq the DAS protocol accepts").isNotNull();
        assertThat(got.dreq().tids()).isEmpty();
        assertThat(seci.path("dreq").path("or").asText()).isEqualTo("/id-in/" + STRANGER);
        assertThat(seci.path("dreq").path("op").asInt()).isEqualTo(2);
        assertThat(seci.path("dreq").path("trid").asText()).isEqualTo("/id-in" + cnt);
        assertThat(seci.path("dreq").path("trt").asInt()).isEqualTo(3);

        // Within the lifetime: permitted from the remembered grant, the DAS is not asked again.
        clock.advance(Duration.ofSeconds(30));
        m2m.retrieve(STRANGER, cnt).expect(2000);
        assertThat(das.calls(path)).isEqualTo(1);
        // The grant covers RETRIEVE only.
        m2m.delete(STRANGER, cnt).expect(4103);

        // After the lifetime the DAS is asked again; now it grants nothing, and the refusal is remembered.
        das.answer(path, DasFixture.Answer.nothing());
        clock.advance(Duration.ofSeconds(31));
        assertThat(refusal(cnt)).contains("granted nothing");
        int calls = das.calls(path);
        m2m.retrieve(STRANGER, cnt).expect(4103);
        assertThat(das.calls(path)).isEqualTo(calls);
    }

    @Test
    void theDacLifetimeCapsWhatTheDasGrants() {
        String path = name("capped");
        das.answer(path, DasFixture.Answer.grant(rules(rule(2, STRANGER)), ts(Duration.ofHours(1))));
        String cnt = container(HOME, dac(das.uri(path), true, "10000"));
        m2m.retrieve(STRANGER, cnt).expect(2000);
        assertThat(das.received.getLast().body().path("m2m:seci").path("dreq").path("ppl").asText())
                .isEqualTo("10000");
        das.answer(path, DasFixture.Answer.nothing());
        clock.advance(Duration.ofSeconds(11));
        m2m.retrieve(STRANGER, cnt).expect(4103);
        assertThat(das.calls(path)).isEqualTo(2);
    }

    @Test
    void aDasThatDoesNotAnswerInTimeDeniesWithinTheBoundedWait() throws Exception {
        String path = name("slow");
        das.answer(path, new DasFixture.Answer(200, "2000", "application/json", "{}", 5000));
        String cnt = container(HOME, dac(das.uri(path), true, null));
        String rqi = name("slow");
        long t0 = System.nanoTime();
        m2m.request("GET", cnt).from(STRANGER).header("X-M2M-RI", rqi).send().expect(4103);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(ms).isLessThan(4000);
        assertThat(AuditLines.awaitRequest(dir, rqi)).contains("did not answer within");
    }

    @Test
    void repeatedFailuresOpenTheCircuitAndTheDasIsSkipped() throws Exception {
        String path = name("dead");
        das.answer(path, new DasFixture.Answer(500, "5000", null, "", 0));
        String cnt = container(HOME, dac(das.uri(path), true, null));
        m2m.retrieve(STRANGER, cnt).expect(4103);
        clock.advance(Duration.ofSeconds(11)); // past the remembered refusal
        m2m.retrieve(STRANGER, cnt).expect(4103);
        assertThat(das.calls(path)).isEqualTo(2);
        clock.advance(Duration.ofSeconds(11));
        assertThat(refusal(cnt)).contains("skipped after repeated failures");
        assertThat(das.calls(path)).isEqualTo(2);
    }

    @Test
    void errorsAndGarbageFromTheDasDenyAndTheAuditLogNamesTheCause() throws Exception {
        String err = name("err");
        das.answer(err, new DasFixture.Answer(403, "4103", "application/json", "{\"m2m:dbg\":\"no\"}", 0));
        assertThat(refusal(container(HOME, dac(das.uri(err), true, null))))
                .contains("answered with an error").contains("4103");

        String junk = name("junk");
        das.answer(junk, new DasFixture.Answer(200, "2000", "application/json", "{not json", 0));
        assertThat(refusal(container(HOME, dac(das.uri(junk), true, null)))).contains("malformed JSON");

        String other = name("other");
        das.answer(other, new DasFixture.Answer(200, "2000", "application/json", "{\"m2m:cin\":{\"con\":1}}", 0));
        assertThat(refusal(container(HOME, dac(das.uri(other), true, null))))
                .contains("not a dynamic authorization response");

        String wrongSit = name("sit");
        das.answer(wrongSit, new DasFixture.Answer(200, "2000", "application/json",
                "{\"m2m:seci\":{\"sit\":1,\"dreq\":{\"or\":\"Cx\",\"op\":2,\"trid\":\"/id-in/x\"}}}", 0));
        assertThat(refusal(container(HOME, dac(das.uri(wrongSit), true, null))))
                .contains("not a dynamic authorization response");
    }

    @Test
    void daciIsInheritedFromTheParentAndADisabledDacIsNotConsulted() {
        String path = name("inherited");
        das.answer(path, DasFixture.Answer.grant(rules(rule(2, STRANGER)), ts(Duration.ofSeconds(60))));
        String parent = container(HOME, dac(das.uri(path), true, null));
        String child = container(parent, null);
        m2m.retrieve(STRANGER, child).expect(2000);
        assertThat(das.calls(path)).isEqualTo(1);

        String off = name("off");
        das.answer(off, DasFixture.Answer.grant(rules(rule(2, STRANGER)), ts(Duration.ofSeconds(60))));
        String cnt = container(HOME, dac(das.uri(off), false, null));
        m2m.retrieve(STRANGER, cnt).expect(4103);
        assertThat(das.calls(off)).isZero();
    }

    @Test
    void aGrantForAGroupDoesNotReachItsFanOutPointAndNoDasIsAskedForIt() {
        String path = name("group");
        das.answer(path, DasFixture.Answer.grant(rules(rule(2, STRANGER)), ts(Duration.ofSeconds(60))));
        String member = container(HOME, null);
        String rn = name("grp");
        m2m.create(OWNER, HOME, 9, "{\"m2m:grp\":{\"rn\":\"" + rn + "\",\"mnm\":2,\"mt\":3,\"mid\":[\""
                + member.substring(1) + "\"],\"acpi\":[\"" + acp + "\"],\"daci\":[\""
                + dac(das.uri(path), true, null) + "\"]}}").expect(2001);
        String group = HOME + "/" + rn;
        m2m.retrieve(STRANGER, group).expect(2000);
        assertThat(das.calls(path)).isEqualTo(1);
        m2m.retrieve(STRANGER, group + "/fopt").expect(4103);
        assertThat(das.calls(path)).isEqualTo(1);
    }

    @Test
    void theOwnerAndTheAdminAreNeverSentToTheDas() {
        String path = name("unused");
        String cnt = container(HOME, dac(das.uri(path), true, null));
        m2m.retrieve(OWNER, cnt).expect(2000);
        m2m.retrieve(M2m.ADMIN, cnt).expect(2000);
        assertThat(das.calls(path)).isZero();
    }

    @Test
    void withTqiTheDeniedOriginatorGetsTheTokenRequestInformation() {
        String path = name("indirect");
        String cnt = container(HOME, dac(das.uri(path), true, "60000"));
        M2m.Rsp r = m2m.request("GET", cnt + "?tqi=true").from(STRANGER).send().expect(4103);
        JsonNode dasi = r.json().path("m2m:tqf").path("dasi");
        assertThat(dasi.size()).isEqualTo(1);
        assertThat(dasi.get(0).path("uri").asText()).isEqualTo(das.uri(path));
        assertThat(dasi.get(0).path("dreq").path("or").asText()).isEqualTo("/id-in/" + STRANGER);
        assertThat(dasi.get(0).path("dreq").path("ppl").asText()).isEqualTo("60000");
        assertThat(r.json().has("m2m:dbg")).isFalse();
        assertThat(das.calls(path)).isZero();
    }

    @Test
    void dacAttributesAreValidated() {
        m2m.create(OWNER, HOME, 34, "{\"m2m:dac\":{\"dae\":true,\"dap\":[\"ftp://x/das\"]}}").expect(4000);
        m2m.create(OWNER, HOME, 34, "{\"m2m:dac\":{\"dae\":true,\"dap\":[]}}").expect(4000);
        m2m.create(OWNER, HOME, 34, "{\"m2m:dac\":{\"dap\":[\"http://127.0.0.1/das\"]}}").expect(4000);
        m2m.create(OWNER, HOME, 34, "{\"m2m:dac\":{\"dae\":true,\"dap\":[\"http://127.0.0.1/das\"],\"dal\":\"soon\"}}")
                .expect(4000);
        String ri = dac("https://das.example/das", true, "20261231T000000");
        m2m.update(OWNER, "/" + ri, "{\"m2m:dac\":{\"dae\":false}}").expect(2004);
        m2m.update(OWNER, "/" + ri, "{\"m2m:dac\":{\"dap\":[\"not a uri\"]}}").expect(4000);
        assertThat(m2m.retrieve(OWNER, "/" + ri).expect(2000).inner().path("dae").asBoolean()).isFalse();
        m2m.retrieve(STRANGER, "/" + ri).expect(4103);
        m2m.delete(OWNER, "/" + ri).expect(2002);
    }

    /** A role in the CSEBase's repository, created by the admin; returns its roleID. */
    static String role(String holder, Duration from, Duration to) {
        String rlid = name("reader") + "@bastion.example";
        m2m.create(M2m.ADMIN, "/cse-in", 31, "{\"m2m:rol\":{\"rlid\":\"" + rlid + "\",\"tkis\":\"/id-in\",\"tkhd\":\""
                + holder + "\",\"tknb\":\"" + ts(from) + "\",\"tkna\":\"" + ts(to) + "\"}}").expect(2001);
        return rlid;
    }

    @Test
    void roleIdsCountOnlyForTheHolderWithinTheValidityWindow() {
        String valid = role(STRANGER, Duration.ofHours(-1), Duration.ofHours(1));
        String expired = role(STRANGER, Duration.ofHours(-2), Duration.ofHours(-1));
        String others = role(OWNER, Duration.ofHours(-1), Duration.ofHours(1));
        String byRole = m2m.createAcp(OWNER, HOME, name("acpRole"), rules(rule(2, valid, expired, others)),
                rules(rule(63, OWNER)));
        String rn = name("cntRole");
        m2m.create(OWNER, HOME, 3, "{\"m2m:cnt\":{\"rn\":\"" + rn + "\",\"acpi\":[\"" + byRole + "\"]}}")
                .expect(2001);
        String cnt = HOME + "/" + rn;

        m2m.retrieve(STRANGER, cnt).expect(4103);
        m2m.request("GET", cnt + "?rids=" + valid).from(STRANGER).send().expect(2000);
        assertThat(m2m.request("GET", cnt + "?rids=" + expired).from(STRANGER).send().expect(4103).dbg())
                .isEqualTo("role " + expired + " presented in rids cannot be used: its assignment has expired");
        assertThat(m2m.request("GET", cnt + "?rids=" + others).from(STRANGER).send().expect(4103).dbg())
                .isEqualTo("role " + others + " presented in rids is not assigned to the originator, by this CSE or by "
                        + "a presented token");
        assertThat(m2m.request("GET", cnt + "?rids=nobody@bastion.example").from(STRANGER).send().expect(4103)
                .dbg()).contains("is not assigned to the originator");
        // A role ID claimed without a <role> never matches acor by itself, and a role grants only what its rule says.
        m2m.request("DELETE", cnt + "?rids=" + valid).from(STRANGER).send().expect(4103);
        m2m.create(STRANGER, "/cse-in", 31, "{\"m2m:rol\":{\"rlid\":\"x@y\",\"tkis\":\"a\",\"tkhd\":\"" + STRANGER
                + "\",\"tknb\":\"" + ts(Duration.ZERO) + "\",\"tkna\":\"" + ts(Duration.ofHours(1)) + "\"}}")
                .expect(4103);
        m2m.create(M2m.ADMIN, "/cse-in", 31, "{\"m2m:rol\":{\"rlid\":\"x@y\",\"tkis\":\"a\",\"tkhd\":\"" + STRANGER
                + "\",\"tknb\":\"" + ts(Duration.ofHours(1)) + "\",\"tkna\":\"" + ts(Duration.ZERO) + "\"}}")
                .expect(4000);
    }
}
