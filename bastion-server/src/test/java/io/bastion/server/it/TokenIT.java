package io.bastion.server.it;

import static io.bastion.server.it.M2m.rule;
import static io.bastion.server.it.M2m.rules;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.bastion.core.time.MutableClock;
import io.bastion.security.token.TokenRefusedException;
import io.bastion.cse.config.DynamicAuthorizationConfig;
import io.bastion.server.AuditLines;
import io.bastion.server.BastionServer;
import io.bastion.server.ServerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tokens end to end over HTTP (TS-0003 7.3.2.2-7.3.2.6, TS-0001 11.5.3, TS-0009 6.4.18/19): a DAS on a loopback port
 * ({@link DasFixture}) that answers a token instead of privileges; the indirect flow where the originator gets the
 * Token Request Information, obtains a token (signed here as the DAS would, {@link TokenMint}) and retries with it in
 * the {@code Authorization} header, then with the Local-Token-ID it was assigned ({@code X-M2M-ATI}) or the tokenID of
 * a {@code <token>} in the CSE's token repository; and every kind of bad token, each refused with 4103 naming why.
 * Issuers are trusted through {@code <data>/credentials/token-issuers.json}; the clock is injected.
 */
class TokenIT {
    static final String OWNER = "Ctokowner";
    static final String STRANGER = "Ctokstranger";
    static final String OTHER = "Ctokother";
    static final String HOME = "/cse-in/tokowner";
    static final String DAS_ID = "/id-das";
    static final AtomicInteger SEQ = new AtomicInteger();

    @TempDir
    static Path dir;
    static MutableClock clock;
    static BastionServer server;
    static M2m m2m;
    static DasFixture das;
    static TokenMint mint;
    static TokenMint otherIssuer;
    static TokenMint forger;
    static String acp;

    @BeforeAll
    static void start() throws Exception {
        das = new DasFixture();
        clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
        Path keys = dir.resolve("keys");
        mint = TokenMint.create(keys, DAS_ID, "das-1");
        otherIssuer = TokenMint.create(keys, "/id-aa", "aa-1");
        forger = TokenMint.create(keys, DAS_ID, "das-1"); // same issuer and kid, another key
        Path data = dir.resolve("data");
        TokenMint.trust(data, mint, otherIssuer);
        ServerConfig c = M2m.config(data);
        DynamicAuthorizationConfig dyn = DynamicAuthorizationConfig.defaults().withTimeout(Duration.ofMillis(800))
                .withNegativeTtl(Duration.ofSeconds(10));
        for (String path : List.of("grant", "holder", "issuer", "forged", "lookup", "lookup-bad", "lookup-slow")) {
            dyn = dyn.withDasIssuer(das.uri(path), DAS_ID);
        }
        server = BastionServer.start(c.withCse(c.cse().withDynamic(dyn)), clock);
        m2m = new M2m(server.httpPort());
        m2m.registerAe(OWNER, "tokowner");
        m2m.registerAe(STRANGER, "tokstranger");
        m2m.registerAe(OTHER, "tokother");
        acp = m2m.createAcp(OWNER, HOME, "ownerOnly", rules(rule(63, OWNER)), rules(rule(63, OWNER)));
    }

    @AfterAll
    static void stop() {
        server.close();
        das.close();
        mint.close();
        otherIssuer.close();
        forger.close();
    }

    static String name(String p) {
        return p + SEQ.incrementAndGet();
    }

    /**
     * A RETRIEVE of {@code cnt} by the stranger that dynamic authorization does not grant: 4103 in general terms;
     * returns its audit line, which says why the DAS's answer granted nothing.
     */
    static String dasRefusal(String cnt) throws Exception {
        String rqi = name("das-refused");
        DasFixture.expectNotGranted(m2m, STRANGER, cnt, rqi);
        return AuditLines.awaitRequest(dir.resolve("data"), rqi);
    }

    /** A container only the owner may use by its ACP, with a dac for {@code dap} (none when null); its path. */
    static String container(String dap) {
        String daci = "";
        if (dap != null) {
            String body = "{\"m2m:dac\":{\"rn\":\"" + name("dac") + "\",\"dae\":true,\"dap\":[\"" + dap
                    + "\"],\"dal\":\"600000\"}}";
            daci = ",\"daci\":[\"" + m2m.create(OWNER, HOME, 34, body).expect(2001).ri() + "\"]";
        }
        String rn = name("cnt");
        m2m.create(OWNER, HOME, 3, "{\"m2m:cnt\":{\"rn\":\"" + rn + "\",\"acpi\":[\"" + acp + "\"]" + daci + "}}")
                .expect(2001);
        return HOME + "/" + rn;
    }

    static Instant now() {
        return clock.instant();
    }

    /** RETRIEVE on {@code path} for {@code holder}, valid for a minute, addressed to this CSE. */
    static String readToken(TokenMint by, String tkid, String holder, String path) {
        return by.sign(tkid, holder, List.of(M2m.CSE_ID), now().minusSeconds(5), now().plusSeconds(60),
                List.of(M2m.CSE_ID + path), "{\"acor\":[\"" + holder + "\"],\"acop\":2}");
    }

    static String tkid() {
        return name("tok") + "@das.example";
    }

    /**
     * A RETRIEVE of {@code path} by the stranger presenting {@code token}, which does not verify: the originator is told
     * in general terms; returns the audit line, which has the detail.
     */
    static String refusedTokens(String token, String path) throws Exception {
        String rqi = name("tkns");
        String told = m2m.request("GET", path).from(STRANGER).header("X-M2M-RI", rqi)
                .header("Authorization", "Bearer " + token).send().expect(4103).dbg();
        assertThat(told).isEqualTo("token 1 of tkns is refused: " + TokenRefusedException.NOT_VERIFIABLE);
        return AuditLines.awaitRequest(dir.resolve("data"), rqi);
    }

    static M2m.Rsp withTokens(String from, String path, String... tokens) {
        return m2m.request("GET", path).from(from).header("Authorization", "Bearer " + String.join("+", tokens))
                .send();
    }

    // ------------------------------------------------------------------------------------------ direct (dres)

    @Test
    void aTokenFromTheDasGrantsUntilItsNotAfterWithoutAskingAgain() {
        String cnt = container(das.uri("grant"));
        String token = mint.sign(tkid(), "//bastion.example/id-in/" + STRANGER, List.of(M2m.CSE_ID),
                now().minusSeconds(1), now().plusSeconds(60), List.of(M2m.CSE_ID + cnt),
                "{\"acor\":[\"" + STRANGER + "\"],\"acop\":2}");
        das.answer("grant", DasFixture.Answer.seci("{\"tkns\":[\"" + token + "\"]}"));
        int before = das.calls("grant");

        m2m.retrieve(STRANGER, cnt).expect(2000);
        assertThat(das.calls("grant")).isEqualTo(before + 1);
        clock.advance(Duration.ofSeconds(30));
        m2m.retrieve(STRANGER, cnt).expect(2000);
        assertThat(das.calls("grant")).as("the token is cached, the DAS not asked again").isEqualTo(before + 1);
        // The token permits RETRIEVE only; a DELETE is a consultation of its own, and the DAS refuses it.
        das.answer("grant", DasFixture.Answer.nothing());
        m2m.delete(STRANGER, cnt).expect(4103);
        assertThat(das.calls("grant")).isEqualTo(before + 2);

        // Past notAfter the grant is gone; the DAS is asked again and now grants nothing.
        clock.advance(Duration.ofSeconds(31));
        m2m.retrieve(STRANGER, cnt).expect(4103);
        assertThat(das.calls("grant")).isEqualTo(before + 3);
    }

    @Test
    void aDasTokenForAnotherHolderAnotherIssuerOrWithABadSignatureGrantsNothing() throws Exception {
        String cnt = container(das.uri("holder"));
        das.answer("holder", DasFixture.Answer.seci("{\"tkns\":[\"" + readToken(mint, tkid(), OTHER, cnt) + "\"]}"));
        assertThat(dasRefusal(cnt)).contains("is not the originator");

        // A trusted issuer, but not the one configured for this DAS.
        String cnt2 = container(das.uri("issuer"));
        das.answer("issuer", DasFixture.Answer.seci("{\"tkns\":[\""
                + readToken(otherIssuer, tkid(), STRANGER, cnt2) + "\"]}"));
        assertThat(dasRefusal(cnt2)).contains("issued by /id-aa, not by the DAS");

        String cnt3 = container(das.uri("forged"));
        das.answer("forged", DasFixture.Answer.seci("{\"tkns\":[\"" + readToken(forger, tkid(), STRANGER, cnt3)
                + "\"]}"));
        assertThat(dasRefusal(cnt3)).contains("signature does not verify");

        // A DAS with no issuer configured gets its tokens refused.
        String cnt4 = container(das.uri("unmapped"));
        das.answer("unmapped", DasFixture.Answer.seci("{\"tkns\":[\"" + readToken(mint, tkid(), STRANGER, cnt4)
                + "\"]}"));
        assertThat(dasRefusal(cnt4)).contains("no token issuer is configured");
    }

    // ------------------------------------------------------------------------------------------ indirect (tkns)

    @Test
    void theIndirectFlowTqfThenTokenThenLocalTokenId() throws Exception {
        String cnt = container(das.uri("indirect"));
        M2m.Rsp denied = m2m.request("GET", cnt + "?tqi=true").from(STRANGER).send().expect(4103);
        JsonNode dreq = denied.json().path("m2m:tqf").path("dasi").get(0).path("dreq");
        assertThat(das.calls("indirect")).isZero();

        // The originator takes dreq to the DAS, which issues a token for exactly that request.
        String tkid = tkid();
        String token = mint.sign(tkid, dreq.path("or").asText(), List.of(M2m.CSE_ID), now(), now().plusSeconds(60),
                List.of(dreq.path("trid").asText()), "{\"acor\":[\"" + STRANGER + "\"],\"acop\":2}");
        M2m.Rsp ok = withTokens(STRANGER, cnt, token).expect(2000);
        String ati = ok.header("X-M2M-ATI");
        assertThat(ati).endsWith(":" + tkid);
        String lti = ati.substring(0, ati.indexOf(':'));
        assertThat(lti).matches("lt[a-z2-7]{16}");

        // The same token again: the same Local-Token-ID.
        assertThat(withTokens(STRANGER, cnt, token).expect(2000).header("X-M2M-ATI")).isEqualTo(ati);
        // The Local-Token-ID alone is enough, for its originator only.
        m2m.request("GET", cnt + "?ltids=" + lti).from(STRANGER).send().expect(2000);
        assertThat(m2m.request("GET", cnt + "?ltids=" + lti).from(OTHER).send().expect(4103).dbg())
                .contains("no such local token ID");
        assertThat(m2m.request("GET", cnt + "?ltids=ltunknown").from(STRANGER).send().expect(4103).dbg())
                .contains("ltunknown");
        // Only where the token's permission reaches: not another container, not another operation.
        m2m.request("GET", container(null) + "?ltids=" + lti).from(STRANGER).send().expect(4103);
        m2m.request("DELETE", cnt + "?ltids=" + lti).from(STRANGER).send().expect(4103);

        // When the token expires, so does its Local-Token-ID.
        clock.advance(Duration.ofSeconds(61));
        m2m.request("GET", cnt + "?ltids=" + lti).from(STRANGER).send().expect(4103);
        assertThat(withTokens(STRANGER, cnt, token).expect(4103).dbg()).contains("expired");
    }

    @Test
    void aWildcardAudienceIsHonouredForPresentedTokens() {
        String cnt = container(null);
        String token = mint.sign(tkid(), STRANGER, List.of("/id-*"), now(), now().plusSeconds(60),
                List.of(M2m.CSE_ID + cnt), "{\"acor\":[\"" + STRANGER + "\"],\"acop\":2}");
        withTokens(STRANGER, cnt, token).expect(2000);
    }

    @Test
    void aTokenForAGroupDoesNotCoverItsFanOutPointWhichATokenMustName() {
        String member = container(null);
        String rn = name("grp");
        m2m.create(OWNER, HOME, 9, "{\"m2m:grp\":{\"rn\":\"" + rn + "\",\"mnm\":2,\"mt\":3,\"mid\":[\""
                + member.substring(1) + "\"],\"acpi\":[\"" + acp + "\"]}}").expect(2001);
        String group = HOME + "/" + rn;
        String forGroup = readToken(mint, tkid(), STRANGER, group);
        withTokens(STRANGER, group, forGroup).expect(2000);
        withTokens(STRANGER, group + "/fopt", forGroup).expect(4103);
        // A token naming the fanOutPoint passes the group's check; the member's own policies then decide.
        JsonNode rsps = withTokens(STRANGER, group + "/fopt", readToken(mint, tkid(), STRANGER, group + "/fopt"))
                .expect(2000).json().path("m2m:agr").path("m2m:rsp");
        assertThat(rsps.findValuesAsText("rsc")).containsExactly("4103");
    }

    @Test
    void badTokensAreRefusedNamingWhy() throws Exception {
        String cnt = container(null);
        String path = M2m.CSE_ID + cnt;
        String acr = "{\"acor\":[\"" + STRANGER + "\"],\"acop\":2}";
        // Which issuers and keys this CSE trusts is the operator's to read, in the audit log.
        assertThat(refusedTokens(readToken(forger, tkid(), STRANGER, cnt), cnt))
                .contains("signature does not verify with the keys of issuer");
        assertThat(withTokens(STRANGER, cnt, mint.sign(tkid(), STRANGER, List.of("/id-other"), now(),
                now().plusSeconds(60), List.of(path), acr)).expect(4103).dbg())
                .contains("audience does not include this CSE");
        assertThat(withTokens(STRANGER, cnt, mint.sign(tkid(), STRANGER, List.of(M2m.CSE_ID), now().minusSeconds(120),
                now().minusSeconds(60), List.of(path), acr)).expect(4103).dbg()).contains("expired");
        assertThat(withTokens(STRANGER, cnt, mint.sign(tkid(), STRANGER, List.of(M2m.CSE_ID), now().plusSeconds(60),
                now().plusSeconds(120), List.of(path), acr)).expect(4103).dbg()).contains("not valid before");
        assertThat(withTokens(STRANGER, cnt, readToken(mint, tkid(), OTHER, cnt)).expect(4103).dbg())
                .contains("is not the originator");
        String none = TokenMint.unsecured(TokenMint.claims(DAS_ID, tkid(), STRANGER, List.of(M2m.CSE_ID), now(),
                now().plusSeconds(60), List.of(path), acr));
        assertThat(withTokens(STRANGER, cnt, none).expect(4103).dbg()).contains("alg none");
        try (TokenMint unknown = TokenMint.create(dir.resolve("keys"), "/id-unknown", "u-1")) {
            assertThat(refusedTokens(readToken(unknown, tkid(), STRANGER, cnt), cnt))
                    .contains("/id-unknown is not trusted");
        }
        assertThat(withTokens(STRANGER, cnt, "abc.def.ghi").expect(4103).dbg()).contains("token 1 of tkns");
        // One bad token among good ones refuses the request: a token that fails verification is an error.
        M2m.Rsp r = withTokens(STRANGER, cnt, readToken(mint, tkid(), STRANGER, cnt),
                readToken(forger, tkid(), STRANGER, cnt)).expect(4103);
        assertThat(r.dbg()).contains("token 2 of tkns");
    }

    @Test
    void aRefusedTokenIsAudited() throws Exception {
        String cnt = container(null);
        m2m.request("GET", cnt).from(STRANGER).header("X-M2M-RI", "refused-token-1")
                .header("Authorization", readToken(forger, tkid(), STRANGER, cnt)).send().expect(4103);
        List<JsonNode> entries = AuditLogIT.withRqi(AuditLogIT.entries(server, dir.resolve("data")
                .resolve("audit.log")), "refused-token-1");
        assertThat(entries).hasSize(1);
        assertThat(entries.get(0).path("rsc").asText()).contains("4103");
        assertThat(entries.get(0).toString()).contains("signature does not verify");
    }

    // ------------------------------------------------------------------------------------------ <token> and tids

    /** What the originator of a refused tokenID reads, whatever the reason (which may concern another's token). */
    static final String TIDS_REFUSED = "no token with that tokenID that is valid for the originator is available to "
            + "this CSE";

    /**
     * A RETRIEVE of {@code path} by {@code from} presenting the tokenID {@code tid}, refused: the originator is told
     * in general terms; returns the audit line, which has the detail.
     */
    static String refusedTokenId(String from, String path, String tid) throws Exception {
        String rqi = name("tids");
        String told = m2m.request("GET", path + "?tids=" + tid).from(from).header("X-M2M-RI", rqi).send().expect(4103)
                .dbg();
        assertThat(told).isEqualTo("token ID " + tid + " (tids) is refused: " + TIDS_REFUSED);
        return AuditLines.awaitRequest(dir.resolve("data"), rqi);
    }

    static String tokenBody(String tkid, String tkob, String extra) {
        return "{\"m2m:tk\":{\"tkid\":\"" + tkid + "\",\"tkob\":\"" + tkob + "\"" + extra + "}}";
    }

    @Test
    void aTokenInTheRepositoryIsUsedThroughItsTokenId() throws Exception {
        String cnt = container(null);
        String tkid = tkid();
        String token = readToken(mint, tkid, STRANGER, cnt);
        M2m.Rsp created = m2m.create(M2m.ADMIN, "/" + M2m.CSE_BASE, 32, tokenBody(tkid, token, "")).expect(2001);
        JsonNode tk = created.inner();
        assertThat(tk.path("tkhd").asText()).isEqualTo(STRANGER);
        assertThat(tk.path("tkis").asText()).isEqualTo(DAS_ID);
        assertThat(tk.path("vr").asText()).isEqualTo("1");
        assertThat(tk.path("tkau").get(0).asText()).isEqualTo(M2m.CSE_ID);
        assertThat(tk.path("tkps").path("pm").size()).isEqualTo(1);
        assertThat(tk.path("et").asText()).as("expires with the token").isEqualTo(tk.path("tkna").asText());

        M2m.Rsp ok = m2m.request("GET", cnt + "?tids=" + tkid).from(STRANGER).send().expect(2000);
        assertThat(ok.header("X-M2M-ATI")).endsWith(":" + tkid);
        // The tokenID is the holder's alone; who holds it, and which <token> it is, only the audit log says.
        assertThat(refusedTokenId(OTHER, cnt, tkid)).contains("token holder " + STRANGER + " is not the originator")
                .contains("<token> " + created.ri());
        assertThat(refusedTokenId(STRANGER, cnt, "nothing@das.example")).contains("no <token> with that tokenID");

        // Deleting the <token> forgets it: its tokenID no longer works.
        m2m.delete(M2m.ADMIN, "/" + created.ri()).expect(2002);
        m2m.request("GET", cnt + "?tids=" + tkid).from(STRANGER).send().expect(4103);
    }

    @Test
    void aStoredTokenThatFailsVerificationGrantsNothing() throws Exception {
        String cnt = container(null);
        String tkid = tkid();
        // The repository does not verify signatures (it may hold tokens for other CSEs); use does.
        m2m.create(M2m.ADMIN, "/" + M2m.CSE_BASE, 32, tokenBody(tkid, readToken(forger, tkid, STRANGER, cnt), ""))
                .expect(2001);
        assertThat(refusedTokenId(STRANGER, cnt, tkid)).contains("signature does not verify");
    }

    @Test
    void tokenResourcesAreChecked() {
        String cnt = container(null);
        String base = "/" + M2m.CSE_BASE;
        String tkid = tkid();
        String token = readToken(mint, tkid, STRANGER, cnt);
        assertThat(m2m.create(M2m.ADMIN, base, 32, tokenBody(tkid, "garbage", "")).expect(4000).dbg())
                .contains("tokenObject (tkob) is refused");
        String none = TokenMint.unsecured(TokenMint.claims(DAS_ID, tkid, STRANGER, List.of(M2m.CSE_ID), now(),
                now().plusSeconds(60), List.of(cnt), "{\"acor\":[\"" + STRANGER + "\"],\"acop\":2}"));
        assertThat(m2m.create(M2m.ADMIN, base, 32, tokenBody(tkid, none, "")).expect(4000).dbg())
                .contains("alg none");
        assertThat(m2m.create(M2m.ADMIN, base, 32, tokenBody("another@das.example", token, "")).expect(4000).dbg())
                .contains("is not the tokenID of the token object");
        assertThat(m2m.create(M2m.ADMIN, base, 32, tokenBody(tkid, token, ",\"tkhd\":\"" + OTHER + "\""))
                .expect(4000).dbg()).contains("tkhd does not match");
        String expired = mint.sign(tkid, STRANGER, List.of(M2m.CSE_ID), now().minusSeconds(120),
                now().minusSeconds(60), List.of(cnt), "{\"acor\":[\"" + STRANGER + "\"],\"acop\":2}");
        assertThat(m2m.create(M2m.ADMIN, base, 32, tokenBody(tkid, expired, "")).expect(4000).dbg())
                .contains("expired");
        m2m.create(OWNER, base, 32, tokenBody(tkid, token, "")).expect(4103);

        m2m.create(M2m.ADMIN, base, 32, tokenBody(tkid, token, ",\"tkhd\":\"" + STRANGER + "\"")).expect(2001);
        m2m.create(M2m.ADMIN, base, 32, tokenBody(tkid, token, "")).expect(4105);
    }

    @Test
    void theIssuerFileIsReadWhileRunning() throws Exception {
        String cnt = container(null);
        try (TokenMint late = TokenMint.create(dir.resolve("keys"), "/id-late", "late-1")) {
            String token = readToken(late, tkid(), STRANGER, cnt);
            withTokens(STRANGER, cnt, token).expect(4103);
            Path data = dir.resolve("data");
            TokenMint.trust(data, mint, otherIssuer, late);
            awaitStatus(() -> withTokens(STRANGER, cnt, token), 2000);
            // Removing the issuer stops its cached tokens at once.
            TokenMint.trust(data, mint, otherIssuer);
            awaitStatus(() -> withTokens(STRANGER, cnt, token), 4103);
        }
        assertThat(Files.exists(dir.resolve("data").resolve("credentials").resolve("token-issuers.json"))).isTrue();
    }

    // ------------------------------------------------------------------------------ tids looked up at the DAS

    @Test
    void aTokenIdFoundNowhereElseIsAskedOfTheDasOfTheTargetVerifiedAndCached() throws Exception {
        String cnt = container(das.uri("lookup"));
        String tkid = tkid();
        String token = mint.sign(tkid, "//bastion.example/id-in/" + STRANGER, List.of(M2m.CSE_ID),
                now().minusSeconds(1), now().plusSeconds(60), List.of(M2m.CSE_ID + cnt),
                "{\"acor\":[\"" + STRANGER + "\"],\"acop\":2}");
        das.answer("lookup", DasFixture.Answer.seci("{\"tkns\":[\"" + token + "\"]}"));
        int before = das.calls("lookup");

        M2m.Rsp ok = m2m.request("GET", cnt + "?tids=" + tkid).from(STRANGER).send().expect(2000);
        assertThat(ok.header("X-M2M-ATI")).endsWith(":" + tkid);
        assertThat(das.calls("lookup")).isEqualTo(before + 1);
        DasFixture.Received asked = das.received.getLast();
        assertThat(asked.origin()).isEqualTo(M2m.CSE_ID);
        assertThat(asked.dreq()).as("a dreq the DAS protocol accepts").isNotNull();
        assertThat(asked.dreq().tids()).containsExactly(tkid);
        assertThat(asked.body().path("m2m:seci").path("dreq").path("or").asText()).isEqualTo("/id-in/" + STRANGER);

        // Cached: the same tokenID again costs no lookup, and it is the holder's alone.
        m2m.request("GET", cnt + "?tids=" + tkid).from(STRANGER).send().expect(2000);
        assertThat(das.calls("lookup")).isEqualTo(before + 1);
        refusedTokenId(OTHER, cnt, tkid);

        // A tokenID the DAS does not know is refused; the DAS asked is named in the audit log only.
        das.answer("lookup", DasFixture.Answer.nothing());
        assertThat(refusedTokenId(STRANGER, cnt, "unknown@das.example")).contains("no <token> with that tokenID")
                .contains("the DAS at " + das.uri("lookup") + " returned no usable token");
    }

    @Test
    void whatTheDasReturnsForATokenIdIsVerifiedLikeAnyDasToken() throws Exception {
        String cnt = container(das.uri("lookup-bad"));
        String acr = "{\"acor\":[\"" + STRANGER + "\"],\"acop\":2}";
        String forOther = readToken(mint, tkid(), OTHER, cnt);
        das.answer("lookup-bad", DasFixture.Answer.seci("{\"tkns\":[\"" + forOther + "\"]}"));
        assertThat(refusedTokenId(STRANGER, cnt, "x" + tkid())).contains("is not the originator");

        String tkid = tkid();
        das.answer("lookup-bad", DasFixture.Answer.seci("{\"tkns\":[\"" + readToken(forger, tkid, STRANGER, cnt)
                + "\"]}"));
        assertThat(refusedTokenId(STRANGER, cnt, tkid)).contains("signature does not verify");

        // Signed by a trusted issuer, but not the one configured for this DAS.
        String other = tkid();
        das.answer("lookup-bad", DasFixture.Answer.seci("{\"tkns\":[\""
                + otherIssuer.sign(other, STRANGER, List.of(M2m.CSE_ID), now(), now().plusSeconds(60),
                        List.of(M2m.CSE_ID + cnt), acr) + "\"]}"));
        assertThat(refusedTokenId(STRANGER, cnt, other)).contains("issued by /id-aa, not by the DAS");

        // A wildcard audience is not enough for a token the DAS returns: it must name this CSE.
        String wild = tkid();
        das.answer("lookup-bad", DasFixture.Answer.seci("{\"tkns\":[\"" + mint.sign(wild, STRANGER,
                List.of("/id-*"), now(), now().plusSeconds(60), List.of(M2m.CSE_ID + cnt), acr) + "\"]}"));
        assertThat(refusedTokenId(STRANGER, cnt, wild)).contains("audience");
        // A DAS with no issuer configured is not asked at all.
        String unmapped = container(das.uri("lookup-unmapped"));
        assertThat(refusedTokenId(STRANGER, unmapped, tkid())).contains("no token issuer is configured");
        assertThat(das.calls("lookup-unmapped")).isZero();
    }

    @Test
    void aSlowDasCostsOneBoundedWaitAndTheTokenIdIsRefused() throws Exception {
        String cnt = container(das.uri("lookup-slow"));
        das.answer("lookup-slow", new DasFixture.Answer(200, "2000", "application/json",
                "{\"m2m:seci\":{\"sit\":2}}", 3000));
        String tid = tkid();
        assertThat(refusedTokenId(STRANGER, cnt, tid)).contains(das.uri("lookup-slow"));
    }

    /** Repeats the request until it answers {@code rsc} (the issuer file is re-checked at most every 200 ms). */
    static void awaitStatus(java.util.function.Supplier<M2m.Rsp> request, int rsc) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        M2m.Rsp last = request.get();
        while (last.rsc() != rsc && System.nanoTime() < end) {
            Thread.sleep(100);
            last = request.get();
        }
        last.expect(rsc);
    }
}
