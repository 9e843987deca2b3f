package io.bastion.cse.explain;

import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.primitive.ResponseStatusCode;
import io.bastion.cse.request.CredentialRefusal;
import io.bastion.cse.request.RequestCredentials;
import io.bastion.cse.request.RequestContext;
import io.bastion.cse.role.RoleRepository;
import io.bastion.cse.token.RequestTokens;
import io.bastion.security.acp.GrantingToken;
import io.bastion.security.acp.VerifiedRole;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The tokens ({@code tkns}, {@code tids}, {@code ltids}) and roles ({@code rids}) of an explained request, verified by
 * the same code as a real request's ({@link RequestTokens#inspect}, {@link RoleRepository#verify}) but without side
 * effects, and with every refusal collected where a real request stops at the first.
 */
public final class CredentialInspection {
    /** Verifies no token or role: any presented one is refused, as {@code CredentialVerifier.NONE} does. */
    public static final CredentialInspection NONE = new CredentialInspection(null, null);

    private final RequestTokens tokens;
    private final RoleRepository roles;

    public CredentialInspection(RequestTokens tokens, RoleRepository roles) {
        this.tokens = tokens;
        this.roles = roles;
    }

    /**
     * What was found.
     *
     * @param credentials the tokens and roles that verified, as the decision uses them
     * @param accepted one line per verified token or role
     * @param refused one line per refused token or role: any of them refuses the request (4103)
     * @param unresolved one line per tokenID a real request would ask a DAS for
     */
    public record Findings(RequestCredentials credentials, List<String> accepted, List<String> refused,
                           List<String> unresolved) {
        public Findings {
            accepted = List.copyOf(accepted);
            refused = List.copyOf(refused);
            unresolved = List.copyOf(unresolved);
        }
    }

    /**
     * @throws OneM2MException 4000 for what a real request would be refused as malformed (too many tokens or roles)
     */
    public Findings inspect(RequestContext x) {
        List<String> accepted = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        List<String> unresolved = new ArrayList<>();
        if (x.admin()) {
            return new Findings(RequestCredentials.NONE, accepted, refused, unresolved);
        }
        RequestTokens.Findings t = null;
        if (RequestTokens.presents(x)) {
            if (tokens == null) {
                refused.add("this CSE verifies no tokens; remove tkns, tids and ltids");
            } else {
                t = tokens.inspect(x);
                accepted.addAll(t.accepted());
                refused.addAll(t.refused());
                unresolved.addAll(t.unresolved());
            }
        }
        List<VerifiedRole> verified = roles(x, t == null ? List.of() : t.tokens(), accepted, refused);
        return new Findings(new RequestCredentials(t == null ? List.of() : t.tokens(), verified), accepted, refused,
                unresolved);
    }

    /** All roles at once, as a request does; when one is refused, each alone, to name every refused one. */
    private List<VerifiedRole> roles(RequestContext x, List<GrantingToken> presented, List<String> accepted,
                                     List<String> refused) {
        List<String> rids = x.request().rids();
        if (rids.isEmpty()) {
            return List.of();
        }
        if (roles == null) {
            refused.add("this CSE verifies no roles; remove rids");
            return List.of();
        }
        Set<String> refusedIds = new HashSet<>();
        List<VerifiedRole> out;
        try {
            out = roles.verify(rids, x.originator(), x.received(), presented, true);
        } catch (OneM2MException e) {
            if (e.status() != ResponseStatusCode.ORIGINATOR_HAS_NO_PRIVILEGE) {
                throw e;
            }
            out = new ArrayList<>();
            for (String rid : new LinkedHashSet<>(rids)) {
                try {
                    out.addAll(roles.verify(List.of(rid), x.originator(), x.received(), presented, true));
                } catch (OneM2MException one) {
                    if (one.status() != ResponseStatusCode.ORIGINATOR_HAS_NO_PRIVILEGE) {
                        throw one;
                    }
                    refused.add(CredentialRefusal.audited(one)); // the operator sees the detail
                    refusedIds.add(rid);
                }
            }
        }
        for (VerifiedRole r : out) {
            accepted.add("role " + r.roleId() + " verified by " + r.verifiedBy());
        }
        for (String rid : new LinkedHashSet<>(rids)) {
            if (!refusedIds.contains(rid) && out.stream().noneMatch(r -> r.roleId().equals(rid))) {
                accepted.add("role " + rid + " assigned by a presented token (applied within that token's scope)");
            }
        }
        return out;
    }
}
