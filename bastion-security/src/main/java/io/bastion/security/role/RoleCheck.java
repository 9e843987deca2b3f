package io.bastion.security.role;

import io.bastion.core.id.IdForms;
import io.bastion.core.text.Excerpt;
import io.bastion.security.acp.VerifiedRole;
import io.bastion.security.token.TokenClaims;
import io.bastion.security.token.TokenPermission;
import io.bastion.security.token.TrustedIssuers;
import java.time.Instant;

/**
 * The verification of a role before it takes part in an access decision (TS-0003 7.4.3 step 4): issued by a trusted
 * Authorization Authority ({@link TrustedIssuers}; a {@code <role>} carries no signature, so only its issuer's ID is
 * checked, and the repository it came from must be one the CSE trusts to hold roles), held by the originator, and
 * valid now ({@code notBefore <= now < notAfter}). Only roles that pass are used; the Role-ID then matches
 * {@code acor} entries literally.
 *
 * <p>A role with a {@code tokenLink} ({@code rltl}, TS-0003 7.4.2.3) is described by a token as well: it is used only
 * while that token verifies (the caller verifies its signature, issuer, audience, holder and validity) and
 * {@link #describedBy describes} the same assignment.
 */
public final class RoleCheck {
    private RoleCheck() {
    }

    /** Why a role cannot be used, in the general terms its holder may be told (the reason adds the particulars). */
    public enum Failure {
        ISSUER_NOT_TRUSTED("its issuer is not trusted by this CSE"),
        NOT_THE_HOLDER("it is not assigned to the originator"),
        NOT_YET_VALID("its assignment is not valid yet"),
        EXPIRED("its assignment has expired");

        private final String general;

        Failure(String general) {
            this.general = general;
        }

        /** The failure without issuer, holder or times, e.g. "its assignment has expired". */
        public String general() {
            return general;
        }
    }

    /**
     * The outcome: a verified role to hand to the engine, or why it cannot be used ({@code failure} in general terms,
     * {@code reason} with the particulars: issuer, holder, validity times).
     */
    public record Outcome(VerifiedRole role, Failure failure, String reason) {
        /** True when the role may be used. */
        public boolean ok() {
            return role != null;
        }
    }

    /** {@link #verify(RoleGrant, String, Instant, TrustedIssuers, IdForms, String)} comparing the holder exactly. */
    public static Outcome verify(RoleGrant role, String originator, Instant now, TrustedIssuers issuers) {
        return verify(role, originator, now, issuers, null, "role " + role.roleId());
    }

    /**
     * @param originator the originator as the CSE normalized it
     * @param forms normalizes the role's holder the same way before comparing; null compares exactly
     * @param verifiedBy how the role was found (e.g. {@code <role> /id-in/rol1}), for explanations
     */
    public static Outcome verify(RoleGrant role, String originator, Instant now, TrustedIssuers issuers,
                                 IdForms forms, String verifiedBy) {
        if (issuers.issuer(role.issuer()).isEmpty()) {
            return refused(Failure.ISSUER_NOT_TRUSTED, "role " + Excerpt.of(role.roleId()) + ": issuer "
                    + Excerpt.of(role.issuer()) + " is not trusted");
        }
        String holder = normalized(role.holder(), forms);
        if (originator == null || !holder.equals(originator)) {
            return refused(Failure.NOT_THE_HOLDER, "role " + Excerpt.of(role.roleId()) + ": holder "
                    + Excerpt.of(role.holder()) + " is not the originator");
        }
        if (now.isBefore(role.notBefore())) {
            return refused(Failure.NOT_YET_VALID, "role " + Excerpt.of(role.roleId()) + " is not valid before "
                    + role.notBefore());
        }
        if (!now.isBefore(role.notAfter())) {
            return refused(Failure.EXPIRED, "role " + Excerpt.of(role.roleId()) + " expired at " + role.notAfter());
        }
        return new Outcome(new VerifiedRole(role.roleId(), verifiedBy), null, null);
    }

    /**
     * Whether a token describes the role assignment {@code role} (TS-0003 7.4.2.3: "a token that contains the role
     * assigned to the Originator"): issued by the role's issuer, held by its holder, and carrying its Role-ID in the
     * {@code rids} of a permission without {@code ris}. A permission that names resources assigns the role for those
     * resources only, which is less than a {@code <role>} states, so it does not describe it. Issuer and holder are
     * compared after {@code forms} normalized them (null compares exactly). The token's signature, trust, audience
     * and validity are the caller's to verify.
     *
     * @return null when it does, otherwise the reason, naming the role
     */
    public static String describedBy(RoleGrant role, TokenClaims token, IdForms forms) {
        String what = "role " + Excerpt.of(role.roleId()) + ": its linked token " + Excerpt.of(token.tokenId());
        if (!normalized(token.issuer(), forms).equals(normalized(role.issuer(), forms))) {
            return what + " was issued by " + Excerpt.of(token.issuer()) + ", not by the role's issuer "
                    + Excerpt.of(role.issuer());
        }
        if (!normalized(token.holder(), forms).equals(normalized(role.holder(), forms))) {
            return what + " is held by " + Excerpt.of(token.holder()) + ", not by the role's holder "
                    + Excerpt.of(role.holder());
        }
        for (TokenPermission p : token.permissions().permissions()) {
            if (p.resourceIds().isEmpty() && p.roleIds().contains(role.roleId())) {
                return null;
            }
        }
        return what + " does not assign the role (no permission without ris has it in rids)";
    }

    private static String normalized(String id, IdForms forms) {
        String n = forms == null ? null : forms.normalize(id);
        return n == null ? id : n;
    }

    private static Outcome refused(Failure failure, String reason) {
        return new Outcome(null, failure, reason);
    }
}
