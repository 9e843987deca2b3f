package io.bastion.security.acp;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.RandomAccess;

/**
 * The detailed {@link AccessDecision.Deny}: every candidate rule with every condition it failed, plus notes on
 * missing or empty policies and on group resolution.
 *
 * <p>The reasons are text, and a deny over a large policy would spend most of its time writing text nobody reads:
 * the CSE answers 4103 with {@link AccessDecision#summary()} alone. So the decision records only what cannot be
 * recomputed later, which rules' {@code acor} matched the originator (that took group lookups and role checks, which
 * are I/O and must not run twice), and the reasons are written when {@link AccessDecision.Deny#failures()} is first
 * read (by {@code explain()}, for instance). Everything else a reason says is a pure function of the rule and the
 * request's facts, both immutable, so the text is the same whenever it is written. The notes are few and written at
 * once.
 */
final class DenyTrail {
    static final String NO_POLICY = "no accessControlPolicy applies";
    static final String INDETERMINATE = "indeterminate (evaluation differed from the permit path), treated as deny";

    private final RequestFacts facts;
    private final String canonicalOriginator;
    private final List<AccessControlPolicy> policies;
    private final PrivilegeSet which;
    private final BitSet originatorMatched;
    private final int acpCount;
    private final AppliedGrants applied;

    private DenyTrail(RequestFacts facts, String canonicalOriginator, List<AccessControlPolicy> policies,
                      PrivilegeSet which, BitSet originatorMatched, int acpCount, AppliedGrants applied) {
        this.facts = facts;
        this.canonicalOriginator = canonicalOriginator;
        this.policies = policies;
        this.which = which;
        this.originatorMatched = originatorMatched;
        this.acpCount = acpCount;
        this.applied = applied;
    }

    /**
     * The deny of a decision that evaluated every rule of {@code policies}.
     *
     * @param canonicalOriginator the originator as {@link OriginatorMatcher#matchable} returned it
     * @param originatorMatched the rules, numbered across all policies in order, whose {@code acor} includes the
     *     originator (they failed on something else); empty when none
     * @param groupNotes what went wrong while resolving groups
     * @param acpCount how many of {@code policies} are the target's own; the rest were added by {@code applied}
     * @param applied the grants of the decision, or null
     */
    static AccessDecision.Deny deny(RequestFacts facts, String canonicalOriginator,
                                    List<AccessControlPolicy> policies, PrivilegeSet which, BitSet originatorMatched,
                                    List<String> groupNotes, int acpCount, AppliedGrants applied) {
        // The caller's list may change later; the policies themselves are immutable.
        List<AccessControlPolicy> snapshot = List.copyOf(policies);
        List<String> notes = new ArrayList<>();
        if (acpCount == 0) {
            notes.add(NO_POLICY);
        }
        int ruleCount = 0;
        for (int p = 0; p < snapshot.size(); p++) {
            AccessControlPolicy acp = snapshot.get(p);
            int n = acp.rules(which).rules().size();
            if (n == 0 && p < acpCount) {
                notes.add("accessControlPolicy " + acp.ri() + " has no rules in " + which.shortName());
            }
            ruleCount += n;
        }
        notes.addAll(groupNotes);
        if (applied != null) {
            notes.addAll(applied.notes);
        }
        DenyTrail trail = new DenyTrail(facts, canonicalOriginator, snapshot, which, originatorMatched, acpCount,
                applied);
        return new AccessDecision.Deny(new Failures(trail, ruleCount), notes);
    }

    /** Every rule's failure, in order; run when the failures are first read. */
    private List<AccessDecision.RuleFailure> build() {
        PreparedFacts prepared = new PreparedFacts(facts, canonicalOriginator);
        String originatorFailure = OriginatorMatcher.failure(facts, canonicalOriginator);
        if (applied != null && applied.hasRoles() && canonicalOriginator != null) {
            originatorFailure += ", nor is any verified role (" + String.join(", ", applied.roleIds()) + ")";
        }
        List<AccessDecision.RuleFailure> out = new ArrayList<>();
        int g = 0;
        for (int p = 0; p < policies.size(); p++) {
            AccessControlPolicy acp = policies.get(p);
            List<AccessControlRule> rules = acp.rules(which).rules();
            for (int k = 0; k < rules.size(); k++, g++) {
                List<String> reasons = reasons(rules.get(k), prepared, originatorMatched.get(g), originatorFailure);
                out.add(p < acpCount ? new AccessDecision.RuleFailure(acp.ri(), which, k, reasons)
                        : new AccessDecision.RuleFailure(acp.ri(), which, k, reasons,
                                applied.origins.get(p - acpCount).where()));
            }
        }
        return List.copyOf(out);
    }

    /** The failed conditions of one rule, in the order of TS-0003 7.1.5. */
    private static List<String> reasons(AccessControlRule rule, PreparedFacts facts, boolean originatorMatched,
                                        String originatorFailure) {
        List<String> reasons = new ArrayList<>(2);
        if (!RuleChecks.authenticationOk(rule, facts.facts())) {
            reasons.add(RuleChecks.AUTHN_REQUIRED);
        }
        if (!originatorMatched) {
            reasons.add(originatorFailure);
        }
        if (!RuleChecks.operationOk(rule, facts)) {
            reasons.add(RuleChecks.operationFailure(rule, facts.facts()));
        }
        if (!ContextEvaluator.satisfied(rule.contexts(), facts)) {
            reasons.addAll(ContextEvaluator.failures(rule.contexts(), facts));
        }
        if (!RuleChecks.objectDetailsOk(rule, facts.facts())) {
            reasons.add(RuleChecks.objectDetailsFailure(rule, facts.facts()));
        }
        if (reasons.isEmpty()) {
            // Unreachable while the permit path and this trail agree; if they ever do not, stay on the deny side.
            reasons.add(INDETERMINATE);
        }
        return reasons;
    }

    /**
     * The failures of a deny as an immutable list whose size is known at once and whose elements are built on first
     * access. Safe to read from any thread: the built list is immutable and published through a volatile field, and
     * two threads racing to build it build equal lists.
     */
    static final class Failures extends AbstractList<AccessDecision.RuleFailure> implements RandomAccess {
        private final DenyTrail trail;
        private final int size;
        private volatile List<AccessDecision.RuleFailure> built;

        private Failures(DenyTrail trail, int size) {
            this.trail = trail;
            this.size = size;
        }

        @Override
        public AccessDecision.RuleFailure get(int index) {
            List<AccessDecision.RuleFailure> b = built;
            if (b == null) {
                b = trail.build();
                built = b;
            }
            return b.get(index);
        }

        @Override
        public int size() {
            return size;
        }
    }
}
