package io.bastion.server.it;

import static io.bastion.server.it.M2m.rule;
import static io.bastion.server.it.M2m.rules;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.bastion.core.time.Timestamps;
import io.bastion.cse.config.DynamicAuthorizationConfig;
import io.bastion.security.acp.LocationSource;
import io.bastion.security.acp.OriginatorLocation;
import io.bastion.server.BastionServer;
import io.bastion.server.ServerConfig;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /explain} on the admin endpoint of a running server: the decision a real request would get, with its
 * reasons, for group members, time windows, IP ranges, unregistered originators, unknown targets and virtual
 * resources, tokens, roles and dynamic authorization (a DAS on a loopback port, {@link DasFixture}, that explain
 * never consults) — and checked against what the same request really gets.
 */
class ExplainIT {
    static final String OWNER = "Cowner";
    static final String READER = "Creader";
    static final String OTHER = "Cother";
    static final String HOME = "/cse-in/owner";
    static final AtomicInteger SEQ = new AtomicInteger();
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    static Path dir;
    static BastionServer server;
    static M2m m2m;
    static DasFixture das;
    static TokenMint mint;
    static TokenMint forger;
    /** Where the server's location source finds originators; a test replaces it. */
    static final AtomicReference<LocationSource> LOCATIONS = new AtomicReference<>(LocationSource.NONE);

    @BeforeAll
    static void start() throws Exception {
        das = new DasFixture();
        mint = TokenMint.create(dir.resolve("keys"), "/id-das", "das-1");
        forger = TokenMint.create(dir.resolve("keys"), "/id-das", "das-1"); // same issuer and kid, another key
        TokenMint.trust(dir, mint);
        ServerConfig c = M2m.config(dir);
        server = BastionServer.start(c.withCse(c.cse().withDynamic(DynamicAuthorizationConfig.defaults()
                .withTimeout(Duration.ofMillis(800)).withNegativeTtl(Duration.ofSeconds(60)))), Clock.systemUTC(),
                System::getenv, (originator, ip, at) -> LOCATIONS.get().locate(originator, ip, at));
        m2m = new M2m(server.httpPort());
        m2m.registerAe(OWNER, "owner");
        m2m.registerAe(READER, "reader");
        m2m.registerAe(OTHER, "other");
    }

    @AfterAll
    static void stop() {
        server.close();
        das.close();
        mint.close();
        forger.close();
    }

    record Answer(int status, String body) {
        JsonNode json() {
            try {
                return M2m.JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }
    }

    static Answer get(String pathAndQuery) {
        return get(pathAndQuery, null);
    }

    /** GET with {@code Authorization: Bearer tokens} when tokens is not null. */
    static Answer get(String pathAndQuery, String tokens) {
        try {
            HttpRequest.Builder rq = HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.adminPort() + pathAndQuery)).timeout(Duration.ofSeconds(20));
            if (tokens != null) {
                rq.header("Authorization", "Bearer " + tokens);
            }
            HttpResponse<String> r = HTTP.send(rq.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), r.body());
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** Explains; params alternate name, value. */
    static JsonNode explain(String... params) {
        Answer a = get("/explain?" + query(params));
        assertThat(a.status()).as("explain %s: %s", String.join(" ", params), a.body()).isEqualTo(200);
        return a.json();
    }

    /** Explains presenting {@code tokens} ({@code +}-joined) in the Authorization header. */
    static JsonNode explainWithTokens(String tokens, String... params) {
        Answer a = get("/explain?" + query(params), tokens);
        assertThat(a.status()).as("explain %s: %s", String.join(" ", params), a.body()).isEqualTo(200);
        return a.json();
    }

    static String query(String... params) {
        Map<String, String> q = new LinkedHashMap<>();
        for (int i = 0; i < params.length; i += 2) {
            q.put(params[i], params[i + 1]);
        }
        StringBuilder s = new StringBuilder();
        q.forEach((k, v) -> s.append(s.isEmpty() ? "" : "&").append(k).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return s.toString();
    }

    static String name(String prefix) {
        return prefix + SEQ.incrementAndGet();
    }

    /** An ACP with the given rules in pv, then a last rule that lets the owner do everything. */
    static String acp(String... pvRules) {
        String[] all = java.util.Arrays.copyOf(pvRules, pvRules.length + 1);
        all[pvRules.length] = rule(63, OWNER);
        return m2m.createAcp(OWNER, HOME, name("acp"), rules(all), rules(rule(63, OWNER)));
    }

    /** A container under the owner AE linked to {@code acpRi}, with one contentInstance; its structured path. */
    static String container(String acpRi) {
        String rn = name("cnt");
        m2m.create(OWNER, HOME, 3, "{\"m2m:cnt\":{\"rn\":\"" + rn + "\",\"acpi\":[\"" + acpRi + "\"]}}")
                .expect(2001);
        m2m.createCin(OWNER, HOME + "/" + rn, "v").expect(2001);
        return HOME + "/" + rn;
    }

    static String ruleWith(int acop, String originator, String extra) {
        return "{\"acor\":[\"" + originator + "\"],\"acop\":" + acop + "," + extra + "}";
    }

    // ------------------------------------------------------------------------------------ the three contexts

    @Test
    void aMemberOfAGroupInAcorIsPermittedAndANonMemberIsNot() {
        // The admin creates it: adding an AE as a member needs RETRIEVE on that AE (TS-0004 7.4.13.2.1).
        String grp = m2m.create(M2m.ADMIN, HOME, 9, "{\"m2m:grp\":{\"rn\":\"" + name("friends")
                + "\",\"mnm\":5,\"mid\":[\"" + READER + "\"],\"mt\":2}}").expect(2001).ri();
        String acp = acp(rule(2, grp));
        String path = container(acp);

        JsonNode yes = explain("from", READER, "op", "retrieve", "to", path);
        assertThat(yes.path("decision").asText()).isEqualTo("PERMIT");
        assertThat(yes.path("summary").asText()).isEqualTo("permitted by accessControlPolicy " + acp + " pv.acr[0]");
        assertThat(yes.path("policies")).extracting(JsonNode::asText).containsExactly(acp);
        assertThat(yes.path("privileges").asText()).isEqualTo("pv");
        assertThat(yes.path("originator").asText()).isEqualTo(READER);
        assertThat(yes.path("target").path("path").asText()).isEqualTo(path.substring(1));
        assertThat(yes.has("rsc")).isFalse();
        m2m.retrieve(READER, path).expect(2000);

        JsonNode no = explain("from", OTHER, "op", "retrieve", "to", path);
        assertThat(no.path("decision").asText()).isEqualTo("DENY");
        assertThat(no.path("rsc").asInt()).isEqualTo(4103);
        assertThat(no.path("trail").get(0).asText()).startsWith("accessControlPolicy " + acp + " pv.acr[0]: ")
                .contains(OTHER);
        m2m.retrieve(OTHER, path).expect(4103);
    }

    @Test
    void aTimeWindowPermitsInsideAndDeniesOutsideAtTheTimeAskedAbout() {
        String acp = acp(ruleWith(2, READER, "\"acco\":[{\"actw\":[\"* * 12 * * * *\"]}]"));
        String path = container(acp);

        JsonNode inside = explain("from", READER, "op", "retrieve", "to", path, "at", "20261123T123000");
        assertThat(inside.path("decision").asText()).isEqualTo("PERMIT");
        assertThat(inside.path("time").asText()).isEqualTo("2026-11-23T12:30:00Z");

        JsonNode outside = explain("from", READER, "op", "retrieve", "to", path, "at", "2026-11-23T03:00:00Z");
        assertThat(outside.path("decision").asText()).isEqualTo("DENY");
        assertThat(outside.path("trail").get(0).asText())
                .contains("acco[0].actw: 2026-11-23T03:00:00Z is outside every window: '* * 12 * * * *'");
        assertThat(outside.path("explain").asText()).startsWith("DENY: no access control rule permits the request\n"
                + "  - accessControlPolicy " + acp + " pv.acr[0]: ");
    }

    @Test
    void anIpRangePermitsInsideAndDeniesOutsideAndAnUnknownSource() {
        String acp = acp(ruleWith(2, READER, "\"acco\":[{\"acip\":{\"ipv4\":[\"10.0.0.0/8\"]}}]"));
        String path = container(acp);

        JsonNode inside = explain("from", READER, "op", "retrieve", "to", path, "ip", "10.1.2.3");
        assertThat(inside.path("decision").asText()).isEqualTo("PERMIT");
        assertThat(inside.path("ip").asText()).isEqualTo("10.1.2.3");

        JsonNode outside = explain("from", READER, "op", "retrieve", "to", path, "ip", "192.0.2.7");
        assertThat(outside.path("decision").asText()).isEqualTo("DENY");
        assertThat(outside.path("trail").get(0).asText()).contains("acco[0].acip: 192.0.2.7 not in");

        JsonNode unknown = explain("from", READER, "op", "retrieve", "to", path);
        assertThat(unknown.path("decision").asText()).isEqualTo("DENY");
        assertThat(unknown.path("trail").get(0).asText()).contains("source IP address unknown");
        assertThat(unknown.path("notes").toString()).contains("no source address given");
        // the real request comes from loopback, which is outside 10.0.0.0/8
        m2m.retrieve(READER, path).expect(4103);
    }

    // ------------------------------------------------------------------ as a real request would be decided

    @Test
    void anUnregisteredOriginatorIsReportedAsTheRequestWouldBeRefused() {
        String path = container(acp(rule(2, "all")));
        JsonNode e = explain("from", "Cnobody", "op", "retrieve", "to", path);
        assertThat(e.path("decision").asText()).isEqualTo("DENY");
        assertThat(e.path("rsc").asInt()).isEqualTo(4106);
        assertThat(e.path("step").asText()).isEqualTo("authenticate");
        assertThat(e.path("summary").asText()).isEqualTo("originator Cnobody is not a registered AE of this CSE");
        m2m.retrieve("Cnobody", path).expect(4106);
    }

    @Test
    void anUnknownTargetIsReportedAsNotFound() {
        JsonNode e = explain("from", READER, "op", "retrieve", "to", "cse-in/owner/nothingHere");
        assertThat(e.path("decision").asText()).isEqualTo("DENY");
        assertThat(e.path("rsc").asInt()).isEqualTo(4004);
        assertThat(e.path("step").asText()).isEqualTo("route");
        assertThat(e.path("target").isNull()).isTrue();
    }

    @Test
    void originatorAndTargetAreNormalizedAsForARealRequest() {
        String acp = acp(rule(2, READER));
        String path = container(acp);
        String ri = m2m.retrieve(OWNER, path).expect(2000).ri();
        for (String to : new String[] {path, path.substring(1), "/~/id-in/" + path.substring(1), "/id-in/" + ri,
                "//bastion.example/id-in/" + ri, "/_/bastion.example/id-in/" + ri, ri}) {
            JsonNode e = explain("from", "//bastion.example/id-in/" + READER, "op", "retrieve", "to", to);
            assertThat(e.path("decision").asText()).as(to).isEqualTo("PERMIT");
            assertThat(e.path("originator").asText()).isEqualTo(READER);
            assertThat(e.path("target").path("ri").asText()).as(to).isEqualTo(ri);
        }
    }

    @Test
    void latestAndOldestAreDecidedOnTheirContainerAndAContentInstanceFollowsItsContainer() {
        String acp = acp(rule(2, READER));
        String path = container(acp);
        JsonNode la = explain("from", READER, "op", "retrieve", "to", path + "/la");
        assertThat(la.path("decision").asText()).isEqualTo("PERMIT");
        assertThat(la.path("target").path("virtual").asText()).isEqualTo("la");
        JsonNode del = explain("from", READER, "op", "delete", "to", path + "/ol");
        assertThat(del.path("decision").asText()).isEqualTo("DENY");
        m2m.delete(READER, path + "/ol").expect(4103);

        String cinRi = m2m.retrieve(OWNER, path + "/la").expect(2000).ri();
        String cntRi = m2m.retrieve(OWNER, path).expect(2000).ri();
        JsonNode cin = explain("from", READER, "op", "retrieve", "to", cinRi);
        assertThat(cin.path("decision").asText()).isEqualTo("PERMIT");
        assertThat(cin.path("decidedOn").asText()).isEqualTo(cntRi);
        assertThat(cin.path("notes").toString()).contains("follows the policies of its parent");
    }

    @Test
    void createNeedsTheChildTypeAndObjectDetailsApply() {
        String acp = acp(ruleWith(3, READER, "\"acod\":[{\"chty\":[4]}]"));
        String path = container(acp);
        assertThat(explain("from", READER, "op", "create", "ty", "4", "to", path).path("decision").asText())
                .isEqualTo("PERMIT");
        assertThat(explain("from", READER, "op", "create", "ty", "cin", "to", path).path("decision").asText())
                .isEqualTo("PERMIT");
        JsonNode cnt = explain("from", READER, "op", "create", "ty", "3", "to", path);
        assertThat(cnt.path("decision").asText()).isEqualTo("DENY");
        assertThat(cnt.path("ty").asInt()).isEqualTo(3);
        m2m.create(READER, path, 3, "{\"m2m:cnt\":{\"rn\":\"no\"}}").expect(4103);

        Answer noTy = get("/explain?" + query("from", READER, "op", "create", "to", path));
        assertThat(noTy.status()).isEqualTo(400);
        assertThat(noTy.body()).contains("ty").doesNotContain("Exception").hasLineCount(1);
    }

    @Test
    void discoveryIsTheDiscoverPrivilegeOfTheResource() {
        String acp = acp(rule(32, READER), rule(2, OTHER));
        String path = container(acp);
        JsonNode yes = explain("from", READER, "op", "discovery", "to", path);
        assertThat(yes.path("decision").asText()).isEqualTo("PERMIT");
        assertThat(yes.path("op").asText()).isEqualTo("discovery");
        JsonNode no = explain("from", OTHER, "op", "discovery", "to", path);
        assertThat(no.path("decision").asText()).isEqualTo("DENY");
        assertThat(no.path("trail").toString()).contains("DISCOVERY");
    }

    @Test
    void aPolicyIsDecidedByItsSelfPrivileges() {
        String acp = acp(rule(63, READER));
        JsonNode e = explain("from", READER, "op", "update", "to", acp);
        assertThat(e.path("decision").asText()).isEqualTo("DENY");
        assertThat(e.path("privileges").asText()).isEqualTo("pvs");
        assertThat(explain("from", OWNER, "op", "update", "to", acp).path("decision").asText()).isEqualTo("PERMIT");
    }

    @Test
    void theAdminIsPermittedFromLoopbackOnlyAsForARealRequest() {
        String path = container(acp(rule(2, READER)));
        JsonNode local = explain("from", M2m.ADMIN, "op", "delete", "to", path, "ip", "127.0.0.1");
        assertThat(local.path("decision").asText()).isEqualTo("PERMIT");
        assertThat(local.path("summary").asText()).contains("admin");
        JsonNode remote = explain("from", M2m.ADMIN, "op", "delete", "to", path, "ip", "192.0.2.1");
        assertThat(remote.path("rsc").asInt()).isEqualTo(4106);
    }

    @Test
    void registrationIsDecidedByTheRegistrationPolicy() {
        JsonNode yes = explain("from", "Cnew", "op", "create", "ty", "2", "to", "cse-in");
        assertThat(yes.path("decision").asText()).isEqualTo("PERMIT");
        assertThat(yes.path("step").asText()).isEqualTo("register");
        JsonNode no = explain("from", "Xnew", "op", "create", "ty", "2", "to", "cse-in");
        assertThat(no.path("decision").asText()).isEqualTo("DENY");
        assertThat(no.path("summary").asText()).contains("not allowed to register");
    }

    @Test
    void aLocationSourceIsConsultedForLocationRegions() {
        String acp = acp(ruleWith(2, READER, "\"acco\":[{\"aclr\":{\"accc\":[\"KR\"]}}]"));
        String path = container(acp);
        assertThat(explain("from", READER, "op", "retrieve", "to", path).path("decision").asText())
                .isEqualTo("DENY");
        m2m.retrieve(READER, path).expect(4103);
        LOCATIONS.set((originator, ip, at) -> originator.equals(READER)
                ? Optional.of(OriginatorLocation.inCountry("kr")) : Optional.empty());
        try {
            assertThat(explain("from", READER, "op", "retrieve", "to", path).path("decision").asText())
                    .isEqualTo("PERMIT");
            m2m.retrieve(READER, path).expect(2000);
        } finally {
            LOCATIONS.set(LocationSource.NONE);
        }
        m2m.retrieve(READER, path).expect(4103);
    }

    @Test
    void explainingExecutesNothingAndAuditsNothing() throws Exception {
        String path = container(acp(rule(63, READER)));
        server.audit().sync(Duration.ofSeconds(10));
        Path log = dir.resolve("audit.log");
        long before = Files.exists(log) ? Files.size(log) : 0;
        explain("from", READER, "op", "delete", "to", path);
        explain("from", OTHER, "op", "delete", "to", path);
        explain("from", "Cnobody", "op", "delete", "to", path);
        server.audit().sync(Duration.ofSeconds(10));
        assertThat(Files.exists(log) ? Files.size(log) : 0).isEqualTo(before);
        m2m.retrieve(OWNER, path).expect(2000);
    }

    // ------------------------------------------------------------------ tokens, roles, dynamic authorization

    /** RETRIEVE on {@code path} for {@code holder}, valid for a minute, addressed to this CSE. */
    static String readToken(TokenMint by, String tkid, String holder, String path) {
        Instant now = Instant.now();
        return by.sign(tkid, holder, List.of(M2m.CSE_ID), now.minusSeconds(5), now.plusSeconds(60),
                List.of(M2m.CSE_ID + path), "{\"acor\":[\"" + holder + "\"],\"acop\":2}");
    }

    /** A container the owner alone may use by its ACP, with a dac for {@code dap} (none when null); its path. */
    static String ownersContainer(String dap) {
        String daci = "";
        if (dap != null) {
            daci = ",\"daci\":[\"" + m2m.create(OWNER, HOME, 34, "{\"m2m:dac\":{\"rn\":\"" + name("dac")
                    + "\",\"dae\":true,\"dap\":[\"" + dap + "\"]}}").expect(2001).ri() + "\"]";
        }
        String rn = name("cnt");
        m2m.create(OWNER, HOME, 3, "{\"m2m:cnt\":{\"rn\":\"" + rn + "\",\"acpi\":[\"" + acp(rule(2, OWNER)) + "\"]"
                + daci + "}}").expect(2001);
        return HOME + "/" + rn;
    }

    @Test
    void aTokenPermitsAndIsNamedAsTheGroundWithoutBeingCachedOrGivenALocalTokenId() {
        String path = ownersContainer(null);
        String tkid = name("tok") + "@das.example";
        String token = readToken(mint, tkid, READER, path);

        JsonNode e = explainWithTokens(token, "from", READER, "op", "retrieve", "to", path);
        assertThat(e.path("decision").asText()).as(e.toString()).isEqualTo("PERMIT");
        assertThat(e.path("summary").asText()).isEqualTo("permitted by token " + tkid + " tkps.pm[0].pv.acr[0]");
        assertThat(e.path("credentials").get(0).asText()).startsWith("token " + tkid + " (token 1 of tkns) verified: "
                + "issuer /id-das, holder " + READER);
        // explain left no trace: the token's ID is unknown to the CSE until a real request presents the token.
        m2m.request("GET", path + "?tids=" + tkid).from(READER).send().expect(4103);
        assertThat(explain("from", READER, "op", "retrieve", "to", path).path("decision").asText()).isEqualTo("DENY");
        M2m.Rsp real = m2m.request("GET", path).from(READER).header("Authorization", "Bearer " + token).send()
                .expect(2000);
        assertThat(real.header("X-M2M-ATI")).endsWith(":" + tkid);
        // Now cached, it is found by its ID, by explain as by a request.
        assertThat(explain("from", READER, "op", "retrieve", "to", path, "tids", tkid).path("summary").asText())
                .isEqualTo("permitted by token " + tkid + " tkps.pm[0].pv.acr[0]");
    }

    @Test
    void aRefusedTokenOrRoleDeniesNamingEveryReasonAsTheRequestWouldBeRefused() {
        String path = ownersContainer(null);
        String forged = readToken(forger, name("tok") + "@das.example", READER, path);
        String good = readToken(mint, name("tok") + "@das.example", READER, path);

        JsonNode e = explainWithTokens(good + "+" + forged, "from", READER, "op", "retrieve", "to", path,
                "rids", "nobody@bastion.example");
        assertThat(e.path("decision").asText()).isEqualTo("DENY");
        assertThat(e.path("rsc").asInt()).isEqualTo(4103);
        assertThat(e.path("summary").asText()).startsWith("token 2 of tkns is refused: ")
                .contains("signature does not verify");
        assertThat(e.path("refused")).hasSize(2);
        assertThat(e.path("refused").get(1).asText()).contains("nobody@bastion.example").contains("no <role>");
        assertThat(e.path("explain").asText()).startsWith("DENY: token 2 of tkns is refused")
                .contains("\n  - ").contains("role nobody@bastion.example");
        assertThat(e.path("credentials").get(0).asText()).contains("(token 1 of tkns) verified");
        assertThat(e.path("rules").asText()).startsWith("none: a presented token or role is refused");
        assertThat(m2m.request("GET", path).from(READER).header("Authorization", "Bearer " + good + "+" + forged)
                .send().expect(4103).dbg()).contains("token 2 of tkns is refused");
    }

    @Test
    void aRolePermitsAndIsNamedWithTheRoleThatVerifiedIt() {
        Instant now = Instant.now();
        String rlid = name("reader") + "@bastion.example";
        String roleRi = m2m.create(M2m.ADMIN, "/cse-in", 31, "{\"m2m:rol\":{\"rlid\":\"" + rlid
                + "\",\"tkis\":\"/id-in\",\"tkhd\":\"" + READER + "\",\"tknb\":\""
                + Timestamps.format(now.minusSeconds(3600)) + "\",\"tkna\":\"" + Timestamps.format(now.plusSeconds(3600))
                + "\"}}").expect(2001).ri();
        String acp = acp(rule(2, rlid));
        String path = container(acp);

        JsonNode e = explain("from", READER, "op", "retrieve", "to", path, "rids", rlid);
        assertThat(e.path("decision").asText()).as(e.toString()).isEqualTo("PERMIT");
        assertThat(e.path("summary").asText()).isEqualTo("permitted by role " + rlid + " (verified by <role> " + roleRi
                + ") named in accessControlPolicy " + acp + " pv.acr[0]");
        assertThat(e.path("credentials").get(0).asText()).isEqualTo("role " + rlid + " verified by <role> " + roleRi);
        m2m.request("GET", path + "?rids=" + rlid).from(READER).send().expect(2000);
        // The role is the reader's: another originator presenting it is refused.
        JsonNode other = explain("from", OTHER, "op", "retrieve", "to", path, "rids", rlid);
        assertThat(other.path("decision").asText()).isEqualTo("DENY");
        assertThat(other.path("refused").get(0).asText()).contains(rlid);
        m2m.request("GET", path + "?rids=" + rlid).from(OTHER).send().expect(4103);
    }

    @Test
    void aDenySaysWhichDacWouldBeConsultedThenAHeldGrantPermitsUntilItsEnd() {
        String dasPath = name("grant");
        String until = Timestamps.format(Instant.now().plusSeconds(120));
        das.answer(dasPath, DasFixture.Answer.grant(rules(rule(2, READER)), until));
        String path = ownersContainer(das.uri(dasPath));
        JsonNode cnt = m2m.retrieve(OWNER, path).expect(2000).inner();
        String dacRi = cnt.path("daci").get(0).asText();

        JsonNode before = explain("from", READER, "op", "retrieve", "to", path);
        assertThat(before.path("decision").asText()).isEqualTo("DENY");
        assertThat(before.path("dynamic").get(0).asText()).isEqualTo("would consult dac " + dacRi
                + " (found through daci of " + cnt.path("ri").asText() + "): the DAS at " + das.uri(dasPath)
                + "; explain consults no DAS");
        assertThat(das.calls(dasPath)).as("explain consults no DAS").isZero();

        m2m.retrieve(READER, path).expect(2000);
        assertThat(das.calls(dasPath)).isEqualTo(1);
        JsonNode held = explain("from", READER, "op", "retrieve", "to", path);
        assertThat(held.path("decision").asText()).isEqualTo("PERMIT");
        assertThat(held.path("summary").asText()).startsWith("permitted by dynamic authorization through " + dacRi
                + " (granted privileges acr[0], valid until ");
        assertThat(held.path("dynamic").get(0).asText()).startsWith("holds a dynamic grant for this originator, "
                + "target and operation from dac " + dacRi + ", until ");
        // Asked about a time after the grant's end: denied, the DAS would be consulted again; the grant stays.
        JsonNode later = explain("from", READER, "op", "retrieve", "to", path, "at",
                Instant.now().plusSeconds(3600).toString());
        assertThat(later.path("decision").asText()).isEqualTo("DENY");
        assertThat(later.path("dynamic").get(0).asText()).startsWith("would consult dac " + dacRi);
        m2m.retrieve(READER, path).expect(2000);
        assertThat(das.calls(dasPath)).isEqualTo(1);
    }

    @Test
    void aHeldRefusalIsShownAndATokenIdToLookUpNamesTheDasWithoutAskingIt() {
        String dasPath = name("refuse");
        das.answer(dasPath, DasFixture.Answer.nothing());
        String path = ownersContainer(das.uri(dasPath));
        m2m.retrieve(READER, path).expect(4103);
        assertThat(das.calls(dasPath)).isEqualTo(1);

        JsonNode e = explain("from", READER, "op", "retrieve", "to", path);
        assertThat(e.path("decision").asText()).isEqualTo("DENY");
        assertThat(e.path("dynamic").get(0).asText()).startsWith("holds a refusal for this originator, target and "
                + "operation until ").contains("granted nothing");
        assertThat(e.path("dynamic").get(1).asText()).contains("denied on the held refusal");

        JsonNode lookup = explain("from", OTHER, "op", "retrieve", "to", path, "tids", "unknown@das.example");
        assertThat(lookup.path("notes").toString()).contains("token ID unknown@das.example (tids) is neither cached "
                + "nor in the token repository: the request would ask the DAS at " + das.uri(dasPath));
        assertThat(das.calls(dasPath)).isEqualTo(1);
    }

    // --------------------------------------------------------------------------------- bad parameters

    @Test
    void badParametersAreA400WithOneLineAndNoStackTrace() {
        String[][] bad = {
                {"from", READER, "op", "fly", "to", "cse-in"},
                {"from", READER, "to", "cse-in"},
                {"from", READER, "op", "retrieve", "to", "cse-in", "ip", "example.com"},
                {"from", READER, "op", "retrieve", "to", "cse-in", "ip", "10.0.0.0/8"},
                {"from", READER, "op", "retrieve", "to", "cse-in", "at", "yesterday"},
                {"from", READER, "op", "retrieve", "to", "cse-in", "ty", "3"},
                {"from", READER, "op", "create", "ty", "999", "to", "cse-in"},
                {"from", READER, "op", "retrieve", "to", "cse-in/../x"},
                {"from", READER, "op", "retrieve", "to", "cse-in", "color", "red"},
                {"from", "X y", "op", "retrieve", "to", "cse-in"},
        };
        for (String[] params : bad) {
            Answer a = get("/explain?" + query(params));
            assertThat(a.status()).as(String.join(" ", params)).isEqualTo(400);
            assertThat(a.body()).as(String.join(" ", params)).hasLineCount(1).doesNotContain("Exception")
                    .doesNotContain("\tat ");
        }
        assertThat(get("/explain?from=a&from=b&op=retrieve&to=cse-in").status()).isEqualTo(400);
        assertThat(get("/other").status()).isEqualTo(404);
    }

    @Test
    void onlyGetIsServed() throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.adminPort()
                        + "/explain?" + query("from", READER, "op", "retrieve", "to", "cse-in")))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(405);
        assertThat(r.headers().firstValue("Allow")).contains("GET");
    }
}
