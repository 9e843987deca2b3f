package io.bastion.security.acp;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds the detailed {@link AccessDecision.Deny}: every candidate rule with every condition it failed, plus notes
 * on missing or empty policies and on group resolution. Runs only on a deny, so it may allocate freely.
 */
final class DenyTrail {
    static final String NO_POLICY = "no accessControlPolicy applies";

    private DenyTrail() {
    }

    static AccessDecision.Deny build(RequestFacts facts, String canonicalOriginator, List<AccessControlPolicy> policies,
                                     PrivilegeSet which, OriginatorMatcher originators, GroupResolver resolver) {
        List<AccessDecision.RuleFailure> failures = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        if (policies.isEmpty()) {
            notes.add(NO_POLICY);
        }
        for (AccessControlPolicy acp : policies) {
            List<AccessControlRule> rules = acp.rules(which).rules();
            if (rules.isEmpty()) {
                notes.add("accessControlPolicy " + acp.ri() + " has no rules in " + which.shortName());
            }
            for (int k = 0; k < rules.size(); k++) {
                failures.add(new AccessDecision.RuleFailure(acp.ri(), which, k,
                        reasons(rules.get(k), facts, canonicalOriginator, originators, resolver)));
            }
        }
        notes.addAll(resolver.notes());
        return new AccessDecision.Deny(failures, notes);
    }

    /** The failed conditions of one rule, in the order of TS-0003 7.1.5. */
    private static List<String> reasons(AccessControlRule rule, RequestFacts facts, String canonicalOriginator,
                                        OriginatorMatcher originators, GroupResolver resolver) {
        List<String> reasons = new ArrayList<>(2);
        if (!RuleChecks.authenticationOk(rule, facts)) {
            reasons.add(RuleChecks.AUTHN_REQUIRED);
        }
        if (!originators.matches(rule, canonicalOriginator, facts, resolver)) {
            reasons.add(OriginatorMatcher.failure(facts, canonicalOriginator));
        }
        if (!RuleChecks.operationOk(rule, facts)) {
            reasons.add(RuleChecks.operationFailure(rule, facts));
        }
        if (!ContextEvaluator.satisfied(rule.contexts(), facts)) {
            reasons.addAll(ContextEvaluator.failures(rule.contexts(), facts));
        }
        if (!RuleChecks.objectDetailsOk(rule, facts)) {
            reasons.add(RuleChecks.objectDetailsFailure(rule, facts));
        }
        if (reasons.isEmpty()) {
            // Unreachable while the permit path and this trail agree; if they ever do not, stay on the deny side.
            reasons.add("indeterminate (evaluation differed from the permit path), treated as deny");
        }
        return reasons;
    }
}
