package io.bastion.server.it;

import static io.bastion.server.it.M2m.rule;
import static io.bastion.server.it.M2m.rules;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bastion.core.time.MutableClock;
import io.bastion.core.time.Timestamps;
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
 * Role-based access control end to end over HTTP (TS-0003 7.4; TS-0001 9.6.38): an Authorization Authority that the
 * operator lets create {@code <role>} under the CSEBase assigns roles in its own name (7.4.2.2); one Role-ID held by
 * several holders; duplicates, untrusted and impersonated issuers refused; a role linked to a {@code <token>}
 * ({@code rltl}, 7.4.2.3) that counts only while the token verifies; roles carried by a presented token
 * ({@code tkps.pm[].rids}) matched literally against {@code acor}. Issuers are trusted through
 * {@code <data>/credentials/token-issuers.json}; the clock is injected and only moves forward.
 */
class RoleIT {
    static final String OWNER = "Crolowner";
    static final String HOLDER = "Crolholder";
    static final String OTHER = "Crolother";
    static final String AA = "Crolaa";
    /** The Authorization Authority AE as the issuers file and its roles name it. */
    static final String AA_ID = M2m.CSE_ID + "/" + AA;
    static final String AA_TOKENS = "/id-aa";
    static final String HOME = "/cse-in/rolowner";
    static final String BASE = "/" + M2m.CSE_BASE;
    static final AtomicInteger SEQ = new AtomicInteger();

    @TempDir
    static Path dir;
    static MutableClock clock;
    static BastionServer server;
    static M2m m2m;
    static TokenMint mint;
    static Path data;

    @BeforeAll
    static void start() throws Exception {
        clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
        mint = TokenMint.create(dir.resolve("keys"), AA_TOKENS, "aa-1");
        data = dir.resolve("data");
        trust("/id-extra");
        // The operator lets the Authorization Authority create <role> (and nothing else) under the CSEBase: the
        // CSEBase's acpi names the policy (cse.acpi), which the admin creates below.
        ServerConfig config = M2m.config(data);
        server = BastionServer.start(config.withCse(config.cse().withCseBaseAcpi(List.of("cse-in/roleIssuing"))),
                clock);
        m2m = new M2m(server.httpPort());
        m2m.registerAe(OWNER, "rolowner");
        m2m.registerAe(HOLDER, "rolholder");
        m2m.registerAe(OTHER, "rolother");
        m2m.registerAe(AA, "rolaa");
        m2m.createAcp(M2m.ADMIN, BASE, "roleIssuing",
                rules("{\"acor\":[\"" + AA + "\"],\"acop\":1,\"acod\":[{\"chty\":[31]}]}"),
                rules(rule(63, M2m.ADMIN)));
    }

    @AfterAll
    static void stop() {
        server.close();
        mint.close();
    }

    /** Writes the issuers file: the token-signing AA, the AE acting as an Authorization Authority, and {@code more}. */
    static void trust(String... more) throws Exception {
        ObjectNode root = M2m.JSON.createObjectNode();
        root.put("version", 1);
        ArrayNode list = root.putArray("issuers");
        list.add(mint.issuerEntry());
        list.addObject().put("issuer", AA_ID).putArray("keys");
        for (String id : more) {
            list.addObject().put("issuer", id).putArray("keys");
        }
        Path f = data.resolve("credentials").resolve("token-issuers.json");
        Files.createDirectories(f.getParent());
        Files.write(f, M2m.JSON.writeValueAsBytes(root));
    }

    static String name(String p) {
        return p + SEQ.incrementAndGet();
    }

    static Instant now() {
        return clock.instant();
    }

    static String ts(Duration fromNow) {
        return Timestamps.format(now().plus(fromNow));
    }

    static String roleId() {
        return name("reader") + "@aa.example";
    }

    static String roleBody(String rlid, String issuer, String holder, Duration from, Duration to, String extra) {
        return "{\"m2m:rol\":{\"rlid\":\"" + rlid + "\",\"tkis\":\"" + issuer + "\",\"tkhd\":\"" + holder
                + "\",\"tknb\":\"" + ts(from) + "\",\"tkna\":\"" + ts(to) + "\"" + extra + "}}";
    }

    static String roleBody(String rlid, String issuer, String holder) {
        return roleBody(rlid, issuer, holder, Duration.ofHours(-1), Duration.ofHours(1), "");
    }

    /** A container whose only rule lets holders of {@code roleId} retrieve it; its path. */
    static String readableBy(String roleId) {
        String acp = m2m.createAcp(OWNER, HOME, name("acpRole"), rules(rule(2, roleId)), rules(rule(63, OWNER)));
        String rn = name("cnt");
        m2m.create(OWNER, HOME, 3, "{\"m2m:cnt\":{\"rn\":\"" + rn + "\",\"acpi\":[\"" + acp + "\"]}}").expect(2001);
        return HOME + "/" + rn;
    }

    static M2m.Rsp get(String from, String path, String rids) {
        return m2m.request("GET", path + "?rids=" + rids).from(from).send();
    }

    /** As {@link #get}, with request identifier {@code rqi} (to find its audit entry). */
    static M2m.Rsp get(String from, String path, String rids, String rqi) {
        return m2m.request("GET", path + "?rids=" + rids).from(from).header("X-M2M-RI", rqi).send();
    }

    /** The audit line of request {@code rqi}. */
    static String audited(String rqi) throws Exception {
        return io.bastion.server.AuditLines.awaitRequest(data, rqi);
    }

    /** What the originator reads when {@code rid} is refused because {@code why}. */
    static String cannotBeUsed(String rid, String why) {
        return "role " + rid + " presented in rids cannot be used: " + why;
    }

    static M2m.Rsp withToken(String from, String path, String token) {
        return m2m.request("GET", path).from(from).header("Authorization", "Bearer " + token).send();
    }

    static void awaitStatus(java.util.function.Supplier<M2m.Rsp> request, int rsc) throws InterruptedException {
        TokenIT.awaitStatus(request, rsc);
    }

    // ------------------------------------------------------------------------------- role assignment (7.4.2.2)

    @Test
    void anAuthorizationAuthorityAssignsARoleToSeveralHoldersInItsOwnName() {
        String rlid = roleId();
        String cnt = readableBy(rlid);
        get(HOLDER, cnt, rlid).expect(4103);

        M2m.Rsp created = m2m.create(AA, BASE, 31, roleBody(rlid, AA_ID, HOLDER)).expect(2001);
        assertThat(created.ri()).matches("rl[0-9a-f]{30}");
        assertThat(created.attr("tkhd")).isEqualTo(HOLDER);
        get(HOLDER, cnt, rlid).expect(2000);
        // The same Role-ID for another holder is another assignment; each holder uses only its own.
        assertThat(get(OTHER, cnt, rlid).expect(4103).dbg()).isEqualTo("role " + rlid + " presented in rids is not "
                + "assigned to the originator, by this CSE or by a presented token");
        m2m.create(AA, BASE, 31, roleBody(rlid, AA_ID, OTHER)).expect(2001);
        get(OTHER, cnt, rlid).expect(2000);
        // The Authorization Authority reads what it stored (7.4.2.2 step 5); the holder needs the role's acpi.
        m2m.retrieve(AA, "/" + created.ri()).expect(2000);
        // A role grants only what its rule says.
        m2m.request("DELETE", cnt + "?rids=" + rlid).from(HOLDER).send().expect(4103);
    }

    @Test
    void aSecondRoleForTheSameHolderAndRoleIdIsAConflict() {
        String rlid = roleId();
        m2m.create(AA, BASE, 31, roleBody(rlid, AA_ID, HOLDER)).expect(2001);
        assertThat(m2m.create(AA, BASE, 31, roleBody(rlid, AA_ID, M2m.CSE_ID + "/" + HOLDER)).expect(4105).dbg())
                .as("the holder in another form is the same holder").contains("already exists");
        m2m.create(M2m.ADMIN, BASE, 31, roleBody(rlid, "/id-in", HOLDER)).expect(4105);
    }

    @Test
    void rolesFromUntrustedOrImpersonatedIssuersAreRefused() {
        String rlid = roleId();
        // Trusted, but not the originator: an Authorization Authority issues only in its own name.
        assertThat(m2m.create(AA, BASE, 31, roleBody(rlid, AA_TOKENS, HOLDER)).expect(4103).dbg())
                .contains("its own name");
        // Not trusted at all, even for the admin.
        assertThat(m2m.create(M2m.ADMIN, BASE, 31, roleBody(rlid, "/id-nobody", HOLDER)).expect(4103).dbg())
                .contains("not a trusted role issuer");
        // Who is no Authorization Authority creates no role, and the AA creates nothing else under the CSEBase.
        m2m.create(OTHER, BASE, 31, roleBody(rlid, M2m.CSE_ID + "/" + OTHER, HOLDER)).expect(4103);
        m2m.create(AA, BASE, 3, "{\"m2m:cnt\":{\"rn\":\"" + name("notARole") + "\"}}").expect(4103);
        // The admin records roles for any trusted issuer, the CSE itself included.
        m2m.create(M2m.ADMIN, BASE, 31, roleBody(rlid, AA_TOKENS, HOLDER)).expect(2001);
        m2m.create(M2m.ADMIN, BASE, 31, roleBody(roleId(), M2m.CSE_ID, HOLDER)).expect(2001);
    }

    @Test
    void removingAnIssuerFromTheTrustedIssuersEndsItsRoles() throws Exception {
        String rlid = roleId();
        String cnt = readableBy(rlid);
        String roleRi = m2m.create(M2m.ADMIN, BASE, 31, roleBody(rlid, "/id-extra", HOLDER)).expect(2001).ri();
        get(HOLDER, cnt, rlid).expect(2000);
        try {
            trust();
            awaitStatus(() -> get(HOLDER, cnt, rlid), 4103);
            String rqi = name("untrusted");
            assertThat(get(HOLDER, cnt, rlid, rqi).dbg()).isEqualTo(cannotBeUsed(rlid, "its issuer is not trusted by "
                    + "this CSE"));
            // The issuer and the <role> stay in the audit log.
            assertThat(audited(rqi)).contains("issuer /id-extra is not trusted")
                    .contains("<role> " + roleRi).doesNotContain("\"reason\":\"role " + rlid + " presented");
        } finally {
            trust("/id-extra");
        }
        awaitStatus(() -> get(HOLDER, cnt, rlid), 2000);
    }

    // ---------------------------------------------------------------------------------- role with token (7.4.2.3)

    /** The role token of {@code rlid} for HOLDER, stored in the token repository (with {@code et}); its ri. */
    static String storedRoleToken(String rlid, Duration life, String et) {
        String tkid = name("roletok") + "@aa.example";
        String token = mint.signRoles(tkid, HOLDER, List.of(M2m.CSE_ID), now().minusSeconds(5), now().plus(life),
                rlid);
        String extra = et == null ? "" : ",\"et\":\"" + et + "\"";
        return m2m.create(M2m.ADMIN, BASE, 32, "{\"m2m:tk\":{\"tkid\":\"" + tkid + "\",\"tkob\":\"" + token + "\""
                + extra + "}}").expect(2001).ri();
    }

    /** Steps 0-5: the role, then its token, then the tokenLink; returns the role's ri. */
    static String linkedRole(String rlid, String tokenRi) {
        String ri = m2m.create(M2m.ADMIN, BASE, 31, roleBody(rlid, AA_TOKENS, HOLDER)).expect(2001).ri();
        m2m.update(M2m.ADMIN, "/" + ri, "{\"m2m:rol\":{\"rltl\":\"" + M2m.CSE_ID + "/" + tokenRi + "\"}}")
                .expect(2004);
        return ri;
    }

    @Test
    void aRoleLinkedToATokenCountsWhileTheTokenVerifiesAndNotAfterItIsDeleted() throws Exception {
        String rlid = roleId();
        String cnt = readableBy(rlid);
        String tokenRi = storedRoleToken(rlid, Duration.ofHours(1), null);
        String roleRi = linkedRole(rlid, tokenRi);
        assertThat(m2m.retrieve(M2m.ADMIN, "/" + roleRi).expect(2000).attr("rltl")).endsWith(tokenRi);
        get(HOLDER, cnt, rlid).expect(2000);

        m2m.delete(M2m.ADMIN, "/" + tokenRi).expect(2002);
        String rqi = name("unlinked");
        String told = get(HOLDER, cnt, rlid, rqi).expect(4103).dbg();
        // Neither the <role> nor its link to a <token> is named to the originator; the audit log has both.
        assertThat(told).isEqualTo(cannotBeUsed(rlid, "the token its assignment is linked to is missing"))
                .doesNotContain(roleRi).doesNotContain(tokenRi);
        assertThat(audited(rqi)).contains("names no <token>").contains(tokenRi).contains("<role> " + roleRi);
        // Unlinking (rltl is RW) makes it a plain role again.
        m2m.update(M2m.ADMIN, "/" + roleRi, "{\"m2m:rol\":{\"rltl\":null}}").expect(2004);
        get(HOLDER, cnt, rlid).expect(2000);
    }

    @Test
    void aRoleLinkedToATokenLapsesWithTheToken() throws Exception {
        String rlid = roleId();
        String cnt = readableBy(rlid);
        // The <token> resource outlives its token: the token itself must still verify.
        String tokenRi = storedRoleToken(rlid, Duration.ofSeconds(60), ts(Duration.ofHours(1)));
        linkedRole(rlid, tokenRi);
        get(HOLDER, cnt, rlid).expect(2000);
        clock.advance(Duration.ofSeconds(61));
        String rqi = name("lapsed");
        assertThat(get(HOLDER, cnt, rlid, rqi).expect(4103).dbg())
                .isEqualTo(cannotBeUsed(rlid, "the token its assignment is linked to does not verify"));
        assertThat(audited(rqi)).contains("its linked token is refused").contains("expired");
    }

    @Test
    void aTokenLinkMustNameATokenOfThisCse() {
        String rlid = roleId();
        String ri = m2m.create(M2m.ADMIN, BASE, 31, roleBody(rlid, AA_TOKENS, HOLDER)).expect(2001).ri();
        String cntRi = m2m.create(OWNER, HOME, 3, "{\"m2m:cnt\":{\"rn\":\"" + name("c") + "\"}}").expect(2001).ri();
        for (String bad : List.of(cntRi, "/id-in/nothing", "//bastion.example/id-mn/tk1", "//other.example/x/y")) {
            assertThat(m2m.update(M2m.ADMIN, "/" + ri, "{\"m2m:rol\":{\"rltl\":\"" + bad + "\"}}").expect(4000)
                    .dbg()).contains("tokenLink (rltl)");
        }
        m2m.create(M2m.ADMIN, BASE, 31, roleBody(roleId(), AA_TOKENS, HOLDER, Duration.ofHours(-1),
                Duration.ofHours(1), ",\"rltl\":\"" + cntRi + "\"")).expect(4000);
        // By structured path, at CREATE.
        String tokenRi = storedRoleToken(rlid, Duration.ofHours(1), null);
        String path = m2m.retrieve(M2m.ADMIN, "/" + tokenRi).expect(2000).attr("rn");
        String other = roleId();
        String tokenForOther = storedRoleToken(other, Duration.ofHours(1), null);
        String cnt = readableBy(other);
        m2m.create(M2m.ADMIN, BASE, 31, roleBody(other, AA_TOKENS, HOLDER, Duration.ofHours(-1), Duration.ofHours(1),
                ",\"rltl\":\"" + M2m.CSE_BASE + "/" + path + "\"")).expect(2001);
        // The linked token assigns another Role-ID: it does not describe this role.
        assertThat(get(HOLDER, cnt, other).expect(4103).dbg())
                .isEqualTo(cannotBeUsed(other, "the token its assignment is linked to does not describe it"));
        assertThat(tokenForOther).isNotEmpty();
    }

    // -------------------------------------------------------------------------- roles from tokens (tkps.rids)

    @Test
    void aRoleIdCarriedByAPresentedTokenMatchesAcorLiterally() throws Exception {
        String rlid = roleId();
        String cnt = readableBy(rlid);
        String token = mint.signRoles(name("rt") + "@aa.example", HOLDER, List.of(M2m.CSE_ID), now().minusSeconds(5),
                now().plusSeconds(60), rlid);
        withToken(HOLDER, cnt, token).expect(2000);
        // Together with rids: the token is the proof of the Role-ID, no <role> needed.
        m2m.request("GET", cnt + "?rids=" + rlid).from(HOLDER).header("Authorization", "Bearer " + token).send()
                .expect(2000);
        // Literal match only: a Role-ID that merely starts like the acor entry grants nothing.
        String prefix = mint.signRoles(name("rt") + "@aa.example", HOLDER, List.of(M2m.CSE_ID),
                now().minusSeconds(5), now().plusSeconds(60), rlid.substring(0, rlid.indexOf('@')));
        withToken(HOLDER, cnt, prefix).expect(4103);
        // The token is the holder's alone.
        assertThat(withToken(OTHER, cnt, token).expect(4103).dbg()).contains("is not the originator");
        // Without the token, the Role-ID in rids has no <role>: refused, saying so.
        String rqi = name("unassigned");
        assertThat(get(HOLDER, cnt, rlid, rqi).expect(4103).dbg()).isEqualTo("role " + rlid + " presented in rids is "
                + "not assigned to the originator, by this CSE or by a presented token");
        assertThat(audited(rqi)).contains("no <role> with that roleID held by the originator in this CSE's role "
                + "repository");
        // Expired.
        String expired = mint.signRoles(name("rt") + "@aa.example", HOLDER, List.of(M2m.CSE_ID),
                now().minusSeconds(120), now().minusSeconds(60), rlid);
        assertThat(withToken(HOLDER, cnt, expired).expect(4103).dbg()).contains("expired");
    }
}
