package io.bastion.cse.role;

import io.bastion.core.id.IdForms;
import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.resource.Resource;
import io.bastion.core.resource.ResourceTypes;
import io.bastion.core.text.Excerpt;
import io.bastion.cse.address.TargetResolver;
import io.bastion.cse.token.TokenVerification;
import io.bastion.security.role.RoleCheck;
import io.bastion.security.role.RoleGrant;
import io.bastion.security.token.TokenRefusedException;
import io.bastion.security.token.VerifiedToken;
import io.bastion.store.ResourceStore;
import java.time.Instant;
import java.util.Optional;

/**
 * The {@code tokenLink} ({@code rltl}) of a {@code <role>} (TS-0001 9.6.38; TS-0003 7.4.2.3 step 5): the address of
 * the {@code <token>} in which the Authorization Authority described the same role assignment.
 *
 * <p><b>What a link means here.</b> TS-0003 says only that the role "may also point to" its token. Bastion reads the
 * link as the role's signed form: a linked role counts only while its token verifies as if the originator had
 * presented it (signature by a trusted issuer, this CSE in the audience, holder equal to the originator, within its
 * validity) and describes the same assignment ({@link RoleCheck#describedBy}). So an Authorization Authority that
 * links a token can end the role early by deleting or letting the token lapse, and a role whose token was deleted,
 * expired or fails verification grants nothing (fail closed).
 *
 * <p><b>Only this CSE's token repository.</b> The link must name a {@code <token>} child of this CSEBase (by resource
 * ID, structured path, SP-relative or absolute address): fetching tokens from another CSE's repository (TS-0003 7.4.3
 * step 2 with a remote repository) is not implemented, so a link elsewhere is refused when written (4000) and never
 * followed. Resolving it costs one or two reads by key; the token's verification is cached by {@link TokenVerification}.
 */
public final class RoleTokenLink {
    private final ResourceStore store;
    private final TargetResolver resolver;
    private final String cseBaseRi;
    private final String cseBaseName;
    private final TokenVerification verification;
    private final IdForms forms;

    public RoleTokenLink(ResourceStore store, TargetResolver resolver, String cseBaseRi, String cseBaseName,
                         TokenVerification verification, IdForms forms) {
        this.store = store;
        this.resolver = resolver;
        this.cseBaseRi = cseBaseRi;
        this.cseBaseName = cseBaseName;
        this.verification = verification;
        this.forms = forms;
    }

    /**
     * The outcome of checking a linked token: its tokenID when the role may be used, otherwise why not, in general
     * terms ({@code general}, naming no link, token or issuer) and with the particulars ({@code refusal}).
     */
    public record Check(String tokenId, String general, String refusal) {
        static final String MISSING = "the token its assignment is linked to is missing";
        static final String NOT_VERIFIED = "the token its assignment is linked to does not verify";
        static final String NOT_DESCRIBING = "the token its assignment is linked to does not describe it";

        public boolean ok() {
            return refusal == null;
        }

        static Check refused(String general, String refusal) {
            return new Check(null, general, refusal);
        }
    }

    /** The unexpired {@code <token>} of this CSE's token repository that {@code rltl} addresses. */
    public Optional<Resource> resolve(String rltl, Instant at) {
        if (rltl == null || rltl.isEmpty()) {
            return Optional.empty();
        }
        String rel;
        try {
            rel = resolver.toCseRelative(rltl);
        } catch (OneM2MException e) {
            return Optional.empty(); // another SP or CSE: not this repository
        }
        Optional<Resource> r;
        int slash = rel.indexOf('/');
        if (slash < 0) {
            r = store.get(rel);
        } else {
            String first = rel.substring(0, slash);
            if (first.equals("-")) {
                rel = cseBaseName + rel.substring(slash);
            } else if (!first.equals(cseBaseName)) {
                return Optional.empty();
            }
            r = store.getByPath(rel);
        }
        return r.filter(t -> t.ty() == ResourceTypes.TK && cseBaseRi.equals(t.pi()) && !t.isExpired(at));
    }

    /** Refuses (4000) a {@code rltl} being written that does not address a {@code <token>} of this repository. */
    public void requireToken(String rltl, Instant at) {
        if (resolve(rltl, at).isEmpty()) {
            throw OneM2MException.badRequest("tokenLink (rltl) " + Excerpt.of(rltl) + " must be the address of a "
                    + "<token> in this CSE's token repository (links to other CSEs are not followed)");
        }
    }

    /**
     * Checks the token linked from {@code role} for {@code originator} at {@code at}.
     *
     * @param originator the originator as the CSE normalized it
     * @param inspectOnly verify without reading or filling the token cache (for {@code explain})
     */
    public Check check(RoleGrant role, String originator, Instant at, boolean inspectOnly) {
        String what = "role " + Excerpt.of(role.roleId());
        Optional<Resource> stored = resolve(role.tokenLink(), at);
        if (stored.isEmpty()) {
            return Check.refused(Check.MISSING, what + ": its tokenLink " + Excerpt.of(role.tokenLink())
                    + " names no <token> in this CSE's token repository (deleted or expired)");
        }
        String tkob = stored.get().getText("tkob");
        if (tkob == null || tkob.isEmpty()) {
            return Check.refused(Check.MISSING, what + ": its linked <token> " + stored.get().ri()
                    + " holds no token object");
        }
        VerifiedToken token;
        try {
            var expect = verification.expect(originator, at, true);
            token = inspectOnly ? verification.inspect(tkob, expect) : verification.verify(tkob, expect);
        } catch (TokenRefusedException e) {
            return Check.refused(Check.NOT_VERIFIED, what + ": its linked token is refused: " + e.getMessage()
                    + " (<token> " + stored.get().ri() + ")");
        }
        String why = RoleCheck.describedBy(role, token.claims(), forms);
        return why == null ? new Check(token.tokenId(), null, null) : Check.refused(Check.NOT_DESCRIBING, why);
    }
}
