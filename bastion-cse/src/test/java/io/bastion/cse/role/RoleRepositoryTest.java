package io.bastion.cse.role;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bastion.core.id.IdForms;
import io.bastion.core.primitive.OneM2MException;
import io.bastion.cse.request.CredentialRefusal;
import io.bastion.core.primitive.ResponseStatusCode;
import io.bastion.core.resource.Resource;
import io.bastion.core.resource.ResourceTypes;
import io.bastion.core.time.MutableClock;
import io.bastion.core.time.Timestamps;
import io.bastion.cse.config.CseConfig;
import io.bastion.cse.address.TargetResolver;
import io.bastion.cse.token.TokenRepository;
import io.bastion.cse.token.TokenVerification;
import io.bastion.security.acp.AcpParser;
import io.bastion.security.acp.LocalIdentity;
import io.bastion.security.acp.VerifiedRole;
import io.bastion.security.token.IssuerKey;
import io.bastion.security.token.TokenClaims;
import io.bastion.security.token.TokenPermissions;
import io.bastion.security.token.TokenSigner;
import io.bastion.security.token.TrustedIssuer;
import io.bastion.security.token.TrustedIssuers;
import io.bastion.security.token.VerifiedToken;
import io.bastion.store.WriteBatch;
import io.bastion.store.sqlite.SqliteResourceStore;
import io.bastion.store.sqlite.StoreConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The role repository over a real SQLite store (TS-0003 7.4.3 steps 2-4, 7.4.2.3): a Role-ID is found for its holder by
 * one read by key, whatever other holders share it; issuer, holder and validity are verified on every use; a role
 * linked to a {@code <token>} counts only while that token verifies and assigns it.
 */
class RoleRepositoryTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Instant NOW = Instant.parse("2026-03-14T10:00:00Z");
    static final String AA = "/id-aa";
    static final String ROLE = "reader@aa.example";
    static final byte[] SECRET = "role-test-secret-role-test-secret".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;
    final CseConfig config = CseConfig.defaults();
    final IdForms forms = new IdForms(config.spId(), config.cseId());
    final AcpParser parser = new AcpParser(new LocalIdentity(config.spId(), config.cseId()));
    final MutableClock clock = new MutableClock(NOW);
    final TokenSigner signer = TokenSigner.hs256(SECRET, "aa-1");
    final TrustedIssuers aa = TrustedIssuers.of(new TrustedIssuer(AA, List.of(new IssuerKey.Hmac("aa-1", SECRET))));
    /** The issuers roles and tokens trust, each a source the test changes as an operator edits the issuer file. */
    final AtomicReference<TrustedIssuers> roleTrust = new AtomicReference<>(aa);
    final AtomicReference<TrustedIssuers> tokenTrust = new AtomicReference<>(aa);
    SqliteResourceStore store;
    RoleIssuers issuers;
    TokenVerification tokens;
    RoleRepository roles;

    @BeforeEach
    void open() {
        store = SqliteResourceStore.open(StoreConfig.of(dir.resolve("roles.db")));
        ObjectNode cb = JSON.createObjectNode().put("ty", ResourceTypes.CSE_BASE).put("ri", config.cseBaseRi())
                .put("rn", config.cseBaseName());
        store.write(new WriteBatch().put(new Resource(config.cseBaseRi(), null, ResourceTypes.CSE_BASE,
                config.cseBaseName(), cb, config.adminOriginator(), null)));
        issuers = new RoleIssuers(forms, config.cseId(), id -> roleTrust.get().issuer(id));
        tokens = new TokenVerification(config, parser, clock, 100, id -> tokenTrust.get().issuer(id));
        RoleTokenLink link = new RoleTokenLink(store, new TargetResolver(config, store, clock), config.cseBaseRi(),
                config.cseBaseName(), tokens, forms);
        roles = new RoleRepository(store, config.cseBaseRi(), forms, issuers, link);
    }

    @AfterEach
    void close() {
        store.close();
    }

    /** Stores a {@code <role>} as RoleBehaviour would (resource ID from the pair); returns its resource ID. */
    String role(String rlid, String issuer, String holder, Duration from, Duration to, String rltl) {
        String ri = RoleRepository.resourceIdFor(rlid, roles.holderKey(holder));
        ObjectNode a = JSON.createObjectNode().put("ty", ResourceTypes.ROL).put("ri", ri).put("rn", ri)
                .put("pi", config.cseBaseRi()).put("rlid", rlid).put("tkis", issuer).put("tkhd", holder)
                .put("tknb", Timestamps.format(NOW.plus(from))).put("tkna", Timestamps.format(NOW.plus(to)));
        if (rltl != null) {
            a.put("rltl", rltl);
        }
        store.write(new WriteBatch().put(new Resource(ri, config.cseBaseRi(), ResourceTypes.ROL,
                config.cseBaseName() + "/" + ri, a, AA, NOW.plus(Duration.ofDays(1)))));
        return ri;
    }

    String role(String rlid, String holder) {
        return role(rlid, AA, holder, Duration.ofHours(-1), Duration.ofHours(1), null);
    }

    /** Claims of a token issued by the Authorization Authority to {@code holder}, assigning {@code rids}. */
    TokenClaims roleToken(String tkid, String holder, Duration life, String permission) {
        return new TokenClaims("1", tkid, holder, AA, NOW.minusSeconds(60), NOW.plus(life), null,
                List.of(config.cseId()), TokenPermissions.fromJson(json("{\"pm\":[" + permission + "]}"), parser),
                null);
    }

    /** Stores the token in the token repository; returns the {@code <token>}'s structured path. */
    String storeToken(TokenClaims claims) {
        String ri = TokenRepository.resourceIdFor(claims.tokenId());
        ObjectNode a = JSON.createObjectNode().put("ty", ResourceTypes.TK).put("ri", ri).put("rn", "tok-" + ri)
                .put("pi", config.cseBaseRi()).put("tkid", claims.tokenId()).put("tkob", signer.sign(claims));
        String path = config.cseBaseName() + "/tok-" + ri;
        store.write(new WriteBatch().put(new Resource(ri, config.cseBaseRi(), ResourceTypes.TK, path, a, AA,
                claims.notAfter())));
        return path;
    }

    static ObjectNode json(String s) {
        try {
            return (ObjectNode) JSON.readTree(s);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** The refusal as the audit log and explain show it. */
    static String refusal(Runnable r) {
        return refused(r).detail();
    }

    /** The refusal as the originator reads it. */
    static String told(Runnable r) {
        return refused(r).getMessage();
    }

    static CredentialRefusal refused(Runnable r) {
        try {
            r.run();
        } catch (CredentialRefusal e) {
            assertThat(e.status()).isEqualTo(ResponseStatusCode.ORIGINATOR_HAS_NO_PRIVILEGE);
            return e;
        }
        throw new AssertionError("expected a refusal");
    }

    @Test
    void oneRoleIdHeldByManyHoldersIsFoundForEachByItsOwnKey() {
        String ri1 = role(ROLE, "Cae1");
        String ri2 = role(ROLE, "Cae2");
        String ri3 = role(ROLE, "/id-mn");
        assertThat(List.of(ri1, ri2, ri3)).doesNotHaveDuplicates().allMatch(ri -> ri.matches("rl[0-9a-f]{30}"));
        // The holder is keyed in comparison form: every way of writing one AE-ID gives the same resource ID.
        assertThat(RoleRepository.resourceIdFor(ROLE, roles.holderKey("/id-in/Cae1"))).isEqualTo(ri1);
        assertThat(RoleRepository.resourceIdFor(ROLE, roles.holderKey("//bastion.example/id-in/Cae1")))
                .isEqualTo(ri1);

        assertThat(roles.verify(List.of(ROLE), "Cae1", NOW)).containsExactly(new VerifiedRole(ROLE, "<role> " + ri1));
        assertThat(roles.verify(List.of(ROLE), "Cae2", NOW)).containsExactly(new VerifiedRole(ROLE, "<role> " + ri2));
        assertThat(roles.verify(List.of(ROLE), "/id-mn", NOW))
                .containsExactly(new VerifiedRole(ROLE, "<role> " + ri3));
        assertThat(roles.find(ROLE, "/id-in/Cae2", NOW)).map(Resource::ri).contains(ri2);
    }

    @Test
    void aRoleIdWithoutARoleOfTheOriginatorIsRefusedNamingIt() {
        role(ROLE, "Cae1");
        assertThat(refusal(() -> roles.verify(List.of(ROLE), "Cother", NOW)))
                .contains(ROLE).contains("no <role> with that roleID held by the originator");
        assertThat(refusal(() -> roles.verify(List.of("nobody@aa.example"), "Cae1", NOW))).contains("no <role>");
        assertThat(refusal(() -> roles.verify(List.of(ROLE), null, NOW))).contains("no <role>");
        assertThatThrownBy(() -> roles.verify(java.util.Collections.nCopies(17, ROLE), "Cae1", NOW))
                .isInstanceOfSatisfying(OneM2MException.class,
                        e -> assertThat(e.status()).isEqualTo(ResponseStatusCode.BAD_REQUEST));
    }

    @Test
    void theValidityWindowAndTheResourceExpiryAreHonoured() {
        role("later@aa.example", AA, "Cae1", Duration.ofHours(1), Duration.ofHours(2), null);
        role("over@aa.example", AA, "Cae1", Duration.ofHours(-2), Duration.ofHours(-1), null);
        assertThat(refusal(() -> roles.verify(List.of("later@aa.example"), "Cae1", NOW)))
                .contains("later@aa.example is not valid before");
        assertThat(refusal(() -> roles.verify(List.of("over@aa.example"), "Cae1", NOW)))
                .contains("over@aa.example expired at");
        role(ROLE, "Cae1");
        assertThat(roles.find(ROLE, "Cae1", NOW.plus(Duration.ofDays(1)))).isEmpty();
    }

    @Test
    void aRoleCountsOnlyWhileItsIssuerIsTrusted() {
        role(ROLE, "Cae1");
        role("self@bastion.example", "/id-in", "Cae1", Duration.ofHours(-1), Duration.ofHours(1), null);
        role("abs@bastion.example", "//bastion.example/id-in", "Cae1", Duration.ofHours(-1), Duration.ofHours(1),
                null);
        role("rogue@rogue.example", "/id-rogue", "Cae1", Duration.ofHours(-1), Duration.ofHours(1), null);

        assertThat(roles.verify(List.of(ROLE, "self@bastion.example", "abs@bastion.example"), "Cae1", NOW))
                .extracting(VerifiedRole::roleId)
                .containsExactly(ROLE, "self@bastion.example", "abs@bastion.example");
        assertThat(refusal(() -> roles.verify(List.of("rogue@rogue.example"), "Cae1", NOW)))
                .contains("issuer /id-rogue is not trusted");
        // The operator withdraws the Authorization Authority: its roles stop counting at once, this CSE's own stay.
        roleTrust.set(TrustedIssuers.NONE);
        assertThat(refusal(() -> roles.verify(List.of(ROLE), "Cae1", NOW))).contains("issuer /id-aa is not trusted");
        assertThat(roles.verify(List.of("self@bastion.example"), "Cae1", NOW)).hasSize(1);
        assertThat(issuers.trusts("/id-in")).isTrue();
        assertThat(issuers.trusts("cse-in")).isFalse();
        assertThat(issuers.trusts("")).isFalse();
    }

    @Test
    void aRoleIdAssignedByAPresentedTokenNeedsNoRole() throws Exception {
        VerifiedToken t = tokens.verify(signer.sign(roleToken("t1@aa.example", "Cae1", Duration.ofHours(1),
                "{\"rids\":[\"" + ROLE + "\"]}")), tokens.expect("Cae1", NOW, true));
        // No VerifiedRole: the engine takes the role from the token itself, with the token's scope.
        assertThat(roles.verify(List.of(ROLE), "Cae1", NOW, List.of(t))).isEmpty();
        assertThat(refusal(() -> roles.verify(List.of("other@aa.example"), "Cae1", NOW, List.of(t))))
                .contains("no presented token assigns it");
    }

    @Test
    void aRoleLinkedToATokenCountsOnlyWhileTheTokenVerifiesAndAssignsIt() {
        String path = storeToken(roleToken("t2@aa.example", "Cae1", Duration.ofMinutes(30),
                "{\"rids\":[\"" + ROLE + "\"]}"));
        String ri = role(ROLE, AA, "Cae1", Duration.ofHours(-1), Duration.ofHours(1), "/id-in/" + path);
        assertThat(roles.verify(List.of(ROLE), "Cae1", NOW))
                .containsExactly(new VerifiedRole(ROLE, "<role> " + ri + " with token t2@aa.example"));

        // The token lapses before the role does: the role lapses with it.
        Instant later = NOW.plus(Duration.ofMinutes(31));
        assertThat(refusal(() -> roles.verify(List.of(ROLE), "Cae1", later))).contains("names no <token>");
        // A token that is still stored but no longer verifies (its issuer withdrawn) refuses the role as well.
        tokenTrust.set(TrustedIssuers.NONE);
        assertThat(refusal(() -> roles.verify(List.of(ROLE), "Cae1", NOW)))
                .contains("its linked token is refused").contains("not trusted");
        tokenTrust.set(aa);
        // Deleted: the link names nothing.
        store.write(new WriteBatch().delete(TokenRepository.resourceIdFor("t2@aa.example")));
        assertThat(refusal(() -> roles.verify(List.of(ROLE), "Cae1", NOW))).contains("names no <token>");
    }

    @Test
    void aLinkedTokenMustDescribeTheSameAssignment() {
        String scoped = storeToken(roleToken("t3@aa.example", "Cae1", Duration.ofHours(1),
                "{\"ris\":[\"cse-in/x\"],\"rids\":[\"" + ROLE + "\"]}"));
        role(ROLE, AA, "Cae1", Duration.ofHours(-1), Duration.ofHours(1), scoped);
        assertThat(refusal(() -> roles.verify(List.of(ROLE), "Cae1", NOW))).contains("does not assign the role");

        String ri = TokenRepository.resourceIdFor(storeTokenId("t4@aa.example", "Cae2", ROLE));
        role(ROLE, AA, "Cae2", Duration.ofHours(-1), Duration.ofHours(1), ri);
        assertThat(roles.verify(List.of(ROLE), "Cae2", NOW)).extracting(VerifiedRole::verifiedBy)
                .containsExactly("<role> " + RoleRepository.resourceIdFor(ROLE, "Cae2") + " with token t4@aa.example");

        // Linked by absolute address to another CSE: never followed.
        role(ROLE, AA, "Cae3", Duration.ofHours(-1), Duration.ofHours(1), "//bastion.example/id-mn/tk1");
        assertThat(refusal(() -> roles.verify(List.of(ROLE), "Cae3", NOW))).contains("names no <token>");
    }

    @Test
    void theOriginatorIsToldWhyInGeneralTermsAndTheAuditDetailNamesTheRoleIssuerAndToken() {
        String ri = role(ROLE, "Cae1");
        assertThat(told(() -> roles.verify(List.of(ROLE), "Cother", NOW))).isEqualTo("role " + ROLE
                + " presented in rids is not assigned to the originator, by this CSE or by a presented token");

        String later = role("later@aa.example", AA, "Cae1", Duration.ofHours(1), Duration.ofHours(2), null);
        assertThat(told(() -> roles.verify(List.of("later@aa.example"), "Cae1", NOW)))
                .isEqualTo("role later@aa.example presented in rids cannot be used: its assignment is not valid yet");
        assertThat(refusal(() -> roles.verify(List.of("later@aa.example"), "Cae1", NOW)))
                .contains("<role> " + later).contains("is not valid before");
        role("over@aa.example", AA, "Cae1", Duration.ofHours(-2), Duration.ofHours(-1), null);
        assertThat(told(() -> roles.verify(List.of("over@aa.example"), "Cae1", NOW)))
                .isEqualTo("role over@aa.example presented in rids cannot be used: its assignment has expired");

        roleTrust.set(TrustedIssuers.NONE);
        String untrusted = told(() -> roles.verify(List.of(ROLE), "Cae1", NOW));
        assertThat(untrusted).isEqualTo("role " + ROLE + " presented in rids cannot be used: its issuer is not "
                + "trusted by this CSE").doesNotContain(AA).doesNotContain(ri);
        assertThat(refusal(() -> roles.verify(List.of(ROLE), "Cae1", NOW)))
                .contains("issuer " + AA + " is not trusted").contains("<role> " + ri);
        roleTrust.set(aa);

        String path = storeToken(roleToken("t5@aa.example", "Cae5", Duration.ofMinutes(30),
                "{\"rids\":[\"" + ROLE + "\"]}"));
        String linked = role(ROLE, AA, "Cae5", Duration.ofHours(-1), Duration.ofHours(1), "/id-in/" + path);
        Instant lapsed = NOW.plus(Duration.ofMinutes(31));
        assertThat(told(() -> roles.verify(List.of(ROLE), "Cae5", lapsed))).isEqualTo("role " + ROLE
                + " presented in rids cannot be used: the token its assignment is linked to is missing")
                .doesNotContain(path).doesNotContain(linked);
        assertThat(refusal(() -> roles.verify(List.of(ROLE), "Cae5", lapsed))).contains("its tokenLink /id-in/cse-in/tok-")
                .contains("names no <token>").contains(linked);
        tokenTrust.set(TrustedIssuers.NONE);
        assertThat(told(() -> roles.verify(List.of(ROLE), "Cae5", NOW))).endsWith("the token its assignment is "
                + "linked to does not verify").doesNotContain("t5@aa.example");
        assertThat(refusal(() -> roles.verify(List.of(ROLE), "Cae5", NOW))).contains("issuer " + AA)
                .contains("<token> " + TokenRepository.resourceIdFor("t5@aa.example")).contains("<role> " + linked);
    }

    private String storeTokenId(String tkid, String holder, String rid) {
        storeToken(roleToken(tkid, holder, Duration.ofHours(1), "{\"rids\":[\"" + rid + "\"]}"));
        return tkid;
    }
}
