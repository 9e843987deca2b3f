package io.bastion.security.acp;

import io.bastion.core.text.Excerpt;

/**
 * {@code res_origs} (TS-0003 7.1.5): does a rule's {@code acor} include the originator? Split in three so the engine
 * can try every rule without I/O before it looks up any group, and try the entries that need no outside call
 * first: {@link #matchesDirectly} covers {@code all}, exact IDs, wildcards and SP domains; {@link #holdsRole} asks
 * the {@link RoleMatcher} about the literal entries; {@link #matchesThroughGroup} covers group membership.
 */
final class OriginatorMatcher {
    private final RoleMatcher roles;
    /** Roles are disabled ({@link RoleMatcher#NONE}): no entry can match as a Role-ID, so none is asked about. */
    private final boolean rolesDisabled;

    OriginatorMatcher(RoleMatcher roles) {
        this.roles = roles;
        this.rolesDisabled = roles == RoleMatcher.NONE;
    }

    /** Some entry matches without any lookup; the originator must be absolute and non-null. */
    static boolean matchesDirectly(AccessControlRule rule, PreparedFacts facts) {
        return rule.acor().matchesDirectly(facts.originator(), facts.originatorHash());
    }

    /** Some literal entry is a Role-ID the originator holds, as the {@link RoleMatcher} says. */
    boolean holdsRole(AccessControlRule rule, RequestFacts facts) {
        if (rolesDisabled) {
            return false;
        }
        AcorList acor = rule.acor();
        for (int i = 0; i < acor.literalCount(); i++) {
            if (roles.holdsRole(acor.literal(i), facts)) {
                return true;
            }
        }
        return false;
    }

    /** Matches through membership of a group named by a literal entry. */
    boolean matchesThroughGroup(AccessControlRule rule, String canonicalOriginator, GroupResolver resolver) {
        AcorList acor = rule.acor();
        for (int i = 0; i < acor.literalCount(); i++) {
            if (resolver.isMember(acor.literal(i), canonicalOriginator)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The absolute form of the request's originator when it can be matched at all, else null: a missing or empty
     * originator, or one that is not a well-formed ID ({@link AcorForms#isMatchableOriginator}), matches no entry,
     * not even {@code all}.
     */
    static String matchable(LocalIdentity local, String originator) {
        String canonical = local.canonical(originator);
        return AcorForms.isMatchableOriginator(canonical) ? canonical : null;
    }

    /** The whole of {@code res_origs}; an originator that cannot be matched (null) matches nothing. */
    boolean matches(AccessControlRule rule, PreparedFacts facts, GroupResolver resolver) {
        return facts.originator() != null
                && (matchesDirectly(rule, facts) || holdsRole(rule, facts.facts())
                    || matchesThroughGroup(rule, facts.originator(), resolver));
    }

    /** Why {@code res_origs} failed, given the originator as {@link #matchable} returned it. */
    static String failure(RequestFacts facts, String canonicalOriginator) {
        if (facts.originator() == null || facts.originator().isEmpty()) {
            return "the request has no originator, which no acor entry matches";
        }
        if (canonicalOriginator == null) {
            return "originator " + Excerpt.of(facts.originator())
                    + " is not a well-formed ID, which no acor entry matches";
        }
        return "originator " + facts.originator() + " not in acor";
    }
}
