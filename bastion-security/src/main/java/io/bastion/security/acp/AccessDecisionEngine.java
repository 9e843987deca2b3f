package io.bastion.security.acp;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The access decision of TS-0003 7.1.4/7.1.5: permit-overrides over every rule of every given policy, where a rule
 * permits when {@code res_authn AND res_origs AND res_ops AND res_ctxts AND res_objd}. Pure and thread-safe; group
 * membership and roles come in through {@link GroupMembers} and {@link RoleMatcher}.
 *
 * <p>The permit path stops at the first permitting rule. Rules are first tried without any lookup; groups are
 * resolved only for rules that failed on their originator alone, and only if no rule permitted directly. What every
 * rule compares against (the originator's absolute form, the time in UTC fields, the source address) is derived
 * once per decision, and nothing is allocated per rule. A deny writes the text of its per-rule trail only when it is
 * read. The steps are in {@link Evaluation}.
 *
 * <p><b>Tokens, roles and dynamic grants</b> come in through {@link Grants}
 * ({@link #decide(RequestFacts, List, PrivilegeSet, Grants)}): the {@code pv} of each token permission that applies to
 * the target and the privileges of each live dynamic grant are applicable policies after the target's own
 * (permit-overrides over all of them), and the verified Role-IDs (from {@code <role>} resources and the {@code rids}
 * of applying permissions) match literal {@code acor} entries exactly (TS-0003 7.3.2.5, 7.4.3). The Role-IDs a
 * request merely claims ({@link RequestFacts#roleIds()}, {@code rids}) never match by themselves: only the
 * {@link RoleMatcher} given at construction reads them, and the CSE uses {@link RoleMatcher#NONE}.
 */
public final class AccessDecisionEngine {
    /** Nested groups are followed this many levels deep (the group named in acor is level 1). */
    public static final int DEFAULT_MAX_GROUP_DEPTH = 3;
    /** At most this many group lookups per decision, so a hostile group graph costs bounded I/O. */
    public static final int DEFAULT_MAX_GROUP_LOOKUPS = 32;
    /** The start of the note of a deny caused by an exception during the evaluation. */
    public static final String EVALUATION_FAILED = "the access decision could not be evaluated";

    private final LocalIdentity local;
    private final GroupMembers groups;
    private final OriginatorMatcher originators;
    private final int maxGroupDepth;
    private final int maxGroupLookups;

    /** An engine with the default bounds and roles disabled. */
    public AccessDecisionEngine(LocalIdentity local, GroupMembers groups) {
        this(local, groups, RoleMatcher.NONE, DEFAULT_MAX_GROUP_DEPTH, DEFAULT_MAX_GROUP_LOOKUPS);
    }

    public AccessDecisionEngine(LocalIdentity local, GroupMembers groups, RoleMatcher roles, int maxGroupDepth,
                                int maxGroupLookups) {
        if (maxGroupDepth < 1 || maxGroupLookups < 1) {
            throw new IllegalArgumentException("group bounds must be at least 1");
        }
        this.local = Objects.requireNonNull(local, "local");
        this.groups = Objects.requireNonNull(groups, "groups");
        this.originators = new OriginatorMatcher(Objects.requireNonNull(roles, "roles"));
        this.maxGroupDepth = maxGroupDepth;
        this.maxGroupLookups = maxGroupLookups;
    }

    /** The identity that relative originators are resolved against (must be the one the policies were parsed with). */
    public LocalIdentity local() {
        return local;
    }

    /**
     * Decides one request against the {@code which} rule set of {@code policies} (the target's acpi ACPs with
     * {@link PrivilegeSet#PV}, or the target ACP itself with {@link PrivilegeSet#PVS}). No policies means deny.
     *
     * <p>Never throws and never permits on bad data: a missing or malformed originator matches no rule, and if
     * anything fails during the evaluation (a null argument, a {@link RoleMatcher} or {@link GroupMembers} that
     * throws where the engine does not already absorb it, a bug) the whole decision is a deny whose note names the
     * exception's class: TS-0003 7.1.4, "not capable of deriving a final result ... shall be Deny".
     */
    public AccessDecision decide(RequestFacts facts, List<AccessControlPolicy> policies, PrivilegeSet which) {
        try {
            return evaluate(Objects.requireNonNull(facts, "facts"), Objects.requireNonNull(policies, "policies"),
                    Objects.requireNonNull(which, "which"));
        } catch (RuntimeException e) {
            return AccessDecision.deny(EVALUATION_FAILED + " (" + e.getClass().getSimpleName() + "), treated as deny");
        }
    }

    /**
     * {@link #decide(RequestFacts, List, PrivilegeSet)} with what the originator proved beyond the policies: verified
     * tokens, roles and dynamic grants (see {@link Grants}). With {@link Grants#NONE} (or null) this is exactly the
     * plain decision. A permit is grounded in the ACP rule, token permission rule or dynamic grant rule that
     * permitted, wrapped in a {@link AccessDecision.RoleGround} when it matched through a verified role; a deny's
     * trail covers the added rule sets and notes the tokens, permissions and grants that did not apply.
     */
    public AccessDecision decide(RequestFacts facts, List<AccessControlPolicy> policies, PrivilegeSet which,
                                 Grants grants) {
        if (grants == null || grants.isEmpty()) {
            return decide(facts, policies, which);
        }
        try {
            Objects.requireNonNull(facts, "facts");
            Objects.requireNonNull(policies, "policies");
            Objects.requireNonNull(which, "which");
            AppliedGrants applied = AppliedGrants.of(grants, local, facts.requestTime());
            List<AccessControlPolicy> all = policies;
            if (!applied.added.isEmpty()) {
                all = new ArrayList<>(policies.size() + applied.added.size());
                all.addAll(policies);
                all.addAll(applied.added);
            }
            return new Evaluation(originators, groups, local, maxGroupDepth, maxGroupLookups, facts, all, which,
                    policies.size(), applied).run();
        } catch (RuntimeException e) {
            return AccessDecision.deny(EVALUATION_FAILED + " (" + e.getClass().getSimpleName() + "), treated as deny");
        }
    }

    private AccessDecision evaluate(RequestFacts facts, List<AccessControlPolicy> policies, PrivilegeSet which) {
        return new Evaluation(originators, groups, local, maxGroupDepth, maxGroupLookups, facts, policies, which)
                .run();
    }
}
