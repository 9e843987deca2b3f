package io.bastion.security.acp;

import io.bastion.core.text.Excerpt;

/**
 * {@code res_origs} (TS-0003 7.1.5): does a rule's {@code acor} include the originator? Split in two so the engine
 * can try every rule without I/O before it looks up any group: {@link #matchesWithoutLookup} covers {@code all},
 * exact IDs, wildcards, SP domains and roles; {@link #matchesThroughGroup} covers group membership.
 */
final class OriginatorMatcher {
    private final RoleMatcher roles;

    OriginatorMatcher(RoleMatcher roles) {
        this.roles = roles;
    }

    /** Matches without group lookups; the originator is absolute and non-null. */
    boolean matchesWithoutLookup(AccessControlRule rule, String canonicalOriginator, RequestFacts facts) {
        var entries = rule.originators();
        for (int i = 0; i < entries.size(); i++) {
            AcorEntry e = entries.get(i);
            if (e.matchesDirectly(canonicalOriginator)) {
                return true;
            }
            if (e instanceof AcorEntry.Literal l && roles.holdsRole(l.raw(), facts)) {
                return true;
            }
        }
        return false;
    }

    /** True when the rule has an entry that might name a group (only literal IDs can, TS-0003 7.1.3). */
    static boolean mayNameGroup(AccessControlRule rule) {
        var entries = rule.originators();
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i) instanceof AcorEntry.Literal) {
                return true;
            }
        }
        return false;
    }

    /** Matches through membership of a group named by a literal entry. */
    boolean matchesThroughGroup(AccessControlRule rule, String canonicalOriginator, GroupResolver resolver) {
        for (AcorEntry e : rule.originators()) {
            if (e instanceof AcorEntry.Literal l && resolver.isMember(l.raw(), canonicalOriginator)) {
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

    /** The whole of {@code res_origs}; a null (missing or unmatchable) originator matches nothing. */
    boolean matches(AccessControlRule rule, String canonicalOriginator, RequestFacts facts, GroupResolver resolver) {
        return canonicalOriginator != null
                && (matchesWithoutLookup(rule, canonicalOriginator, facts)
                    || matchesThroughGroup(rule, canonicalOriginator, resolver));
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
