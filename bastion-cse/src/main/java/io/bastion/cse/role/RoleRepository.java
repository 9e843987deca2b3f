package io.bastion.cse.role;

import io.bastion.core.id.IdForms;
import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.resource.Resource;
import io.bastion.core.resource.ResourceTypes;
import io.bastion.core.text.Excerpt;
import io.bastion.cse.request.CredentialRefusal;
import io.bastion.security.acp.GrantedPermission;
import io.bastion.security.acp.GrantingToken;
import io.bastion.security.acp.VerifiedRole;
import io.bastion.security.role.RoleCheck;
import io.bastion.security.role.RoleGrant;
import io.bastion.store.ResourceStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * This CSE's role repository, the {@code <role>} children of its CSEBase (TS-0003 7.4.1), and the verification of the
 * Role-IDs of a request ({@code rids}) against it (TS-0003 7.4.3 steps 2-4).
 *
 * <p><b>The index is the resource ID.</b> A {@code <role>} is one role assignment: a Role-ID given to one holder. The
 * same Role-ID is normally assigned to many holders (that is what a role is for: one {@code acor} entry for all of
 * them), so the key is the pair, not the Role-ID alone: a {@code <role>} gets the resource ID {@link #resourceIdFor}
 * {@code rl} followed by the first 120 bits of the SHA-256 of {@code roleID LF holder} in hex, the holder in the
 * CSE's comparison form ({@link IdForms}). A request's Role-ID is verified for its originator with one read by primary
 * key whatever the size of the repository, and the store keeps each assignment unique (a second one is 4105,
 * {@link RoleBehaviour}). The stored {@code rlid} and holder are compared on every lookup, so even a hash collision
 * could never return another assignment.
 *
 * <p><b>Verification.</b> The {@code <role>} found must be unexpired and pass {@link RoleCheck#verify}: its issuer
 * trusted ({@link RoleIssuers}, checked again on every use so that removing an issuer takes effect at once), its
 * holder the originator, its validity window ({@code tknb} to {@code tkna}) holding at the request time; a role with
 * a {@code tokenLink} also needs its token to verify ({@link RoleTokenLink}). A Role-ID that fails is a 4103 naming
 * it and why in general terms, e.g. "role R-x presented in rids is not assigned to the originator"
 * ({@link CredentialRefusal}: the {@code <role>} resource ID, its issuer and holder, its validity times and its token
 * link go to the audit log and {@code explain} only): TS-0003 gives no code of its own, and a request must not
 * proceed on roles it does not hold. A Role-ID
 * without a {@code <role>} of the originator is accepted only when a token the request presents assigns it
 * ({@code tkps.pm[].rids}): the token is then its proof, and the engine applies it with the token's own scope.
 */
public final class RoleRepository {
    /** At most this many Role-IDs per request. */
    static final int MAX_RIDS = 16;

    private final ResourceStore store;
    private final String cseBaseRi;
    private final IdForms forms;
    private final RoleIssuers issuers;
    private final RoleTokenLink tokenLink;

    public RoleRepository(ResourceStore store, String cseBaseRi, IdForms forms, RoleIssuers issuers,
                          RoleTokenLink tokenLink) {
        this.store = store;
        this.cseBaseRi = cseBaseRi;
        this.forms = forms;
        this.issuers = issuers;
        this.tokenLink = tokenLink;
    }

    /** The resource ID of the {@code <role>} assigning {@code roleId} to {@code holder} (in comparison form). */
    public static String resourceIdFor(String roleId, String holder) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            // Neither may contain a line feed (RoleBehaviour refuses whitespace), so the pair is unambiguous.
            byte[] h = sha.digest((roleId + "\n" + holder).getBytes(StandardCharsets.UTF_8));
            return "rl" + HexFormat.of().formatHex(h, 0, 15);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    /** {@code id} in the form holders are keyed and compared in. */
    public String holderKey(String id) {
        return RoleIssuers.normalized(forms, id);
    }

    /** The unexpired {@code <role>} of this repository assigning exactly {@code roleId} to {@code holder}. */
    public Optional<Resource> find(String roleId, String holder, Instant at) {
        if (roleId == null || roleId.isEmpty() || holder == null || holder.isEmpty()) {
            return Optional.empty();
        }
        String key = holderKey(holder);
        return store.get(resourceIdFor(roleId, key))
                .filter(r -> r.ty() == ResourceTypes.ROL && cseBaseRi.equals(r.pi()) && !r.isExpired(at)
                        && roleId.equals(r.getText("rlid")) && key.equals(holderKey(r.getText("tkhd"))));
    }

    /** {@link #verify(List, String, Instant, List)} for a request that presents no token. */
    public List<VerifiedRole> verify(List<String> rids, String originator, Instant at) {
        return verify(rids, originator, at, List.of());
    }

    /**
     * The verified roles for {@code rids}, or 4103 naming the first that fails.
     *
     * @param tokens the request's verified tokens: a Role-ID one of them assigns needs no {@code <role>}
     */
    public List<VerifiedRole> verify(List<String> rids, String originator, Instant at,
                                     List<? extends GrantingToken> tokens) {
        return verify(rids, originator, at, tokens, false);
    }

    /**
     * As {@link #verify(List, String, Instant, List)}; with {@code inspectOnly} a linked token is verified without
     * reading or filling the token cache ({@code explain} leaves no trace).
     */
    public List<VerifiedRole> verify(List<String> rids, String originator, Instant at,
                                     List<? extends GrantingToken> tokens, boolean inspectOnly) {
        if (rids.isEmpty()) {
            return List.of();
        }
        if (rids.size() > MAX_RIDS) {
            throw OneM2MException.badRequest("more than " + MAX_RIDS + " role IDs (rids) in one request");
        }
        String holder = originator == null || originator.isEmpty() ? null : holderKey(originator);
        Set<String> byTokens = null;
        List<VerifiedRole> out = new ArrayList<>(rids.size());
        for (String rid : new LinkedHashSet<>(rids)) {
            Optional<Resource> role = holder == null ? Optional.empty() : find(rid, holder, at);
            if (role.isEmpty()) {
                if (byTokens == null) {
                    byTokens = assignedBy(tokens);
                }
                if (byTokens.contains(rid)) {
                    continue; // the token assigns it, within its own scope (AppliedGrants)
                }
                throw refused(rid, "is not assigned to the originator, by this CSE or by a presented token",
                        "role " + Excerpt.of(rid) + ": no <role> with that roleID held by the originator in this "
                                + "CSE's role repository, and no presented token assigns it");
            }
            out.add(verifyOne(role.get(), holder, at, inspectOnly));
        }
        return out;
    }

    private VerifiedRole verifyOne(Resource r, String holder, Instant at, boolean inspectOnly) {
        RoleGrant grant;
        String rid = r.getText("rlid");
        try {
            grant = RoleGrant.fromShortNames(r.attrs());
        } catch (IllegalArgumentException e) {
            throw refused(rid, "cannot be used: its assignment cannot be read",
                    "<role> " + r.ri() + " cannot be read: " + e.getMessage());
        }
        RoleCheck.Outcome o = RoleCheck.verify(grant, holder, at, issuers, forms, "<role> " + r.ri());
        if (!o.ok()) {
            throw refused(rid, "cannot be used: " + o.failure().general(), o.reason() + " (<role> " + r.ri() + ")");
        }
        if (grant.tokenLink() == null) {
            return o.role();
        }
        RoleTokenLink.Check linked = tokenLink.check(grant, holder, at, inspectOnly);
        if (!linked.ok()) {
            throw refused(rid, "cannot be used: " + linked.general(), linked.refusal() + " (<role> " + r.ri() + ")");
        }
        return new VerifiedRole(grant.roleId(), "<role> " + r.ri() + " with token " + linked.tokenId());
    }

    /** The Role-IDs the tokens assign in any permission (whether a permission applies is the engine's to decide). */
    private static Set<String> assignedBy(List<? extends GrantingToken> tokens) {
        if (tokens.isEmpty()) {
            return Set.of();
        }
        Set<String> ids = new HashSet<>();
        for (GrantingToken t : tokens) {
            for (GrantedPermission p : t.grantedPermissions()) {
                ids.addAll(p.roleIds());
            }
        }
        return ids;
    }

    /**
     * 4103 for {@code rid}: {@code general} is what the originator reads after "role R-x presented in rids",
     * {@code detail} what the audit log and explain show.
     */
    private static CredentialRefusal refused(String rid, String general, String detail) {
        return new CredentialRefusal("role " + Excerpt.of(rid) + " presented in rids " + general,
                "rids refused: " + detail);
    }
}
