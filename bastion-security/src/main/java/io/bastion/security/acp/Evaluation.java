package io.bastion.security.acp;

import java.util.BitSet;
import java.util.List;

/**
 * One run of {@link AccessDecisionEngine#decide}: permit-overrides over every rule of every policy, in three steps
 * that each run only when the one before found no permit.
 * <ol>
 *   <li>Every rule without lookups, in order. Per rule the cheapest tests come first ({@link RuleChecks}: a few int
 *       comparisons on the columns of {@link RuleList}), then the entries that match without any call out
 *       ({@link AcorList}), then the contexts, and only for a rule that passed all of them the {@link RoleMatcher}.
 *       A rule that failed only on its originator but has literal entries, which may name groups, is remembered in
 *       a bit set (no list, no boxing, nothing allocated per rule).</li>
 *   <li>Group membership, for the remembered rules in order.</li>
 *   <li>The deny: which rules' {@code acor} includes the originator is settled now, as the permit path would; the
 *       rest of the trail is left for {@link DenyTrail} to write if it is ever read.</li>
 * </ol>
 * Rules are numbered across all policies in order ({@code g}) for the bit sets. Not thread-safe: one per decision.
 *
 * <p>With {@link Grants}, the rule sets they add (token permissions' {@code pv}, dynamic grants) follow the target's
 * policies in the same scan, and a literal {@code acor} entry that is a verified Role-ID ({@link AppliedGrants})
 * matches before any group is looked up. Without grants ({@code applied} null) nothing of this runs.
 */
final class Evaluation {
    /** How many distinct contexts lists {@link #contextsHold} remembers: policies alternate between a few. */
    private static final int CONTEXTS_REMEMBERED = 4;

    private final OriginatorMatcher originators;
    private final GroupMembers groups;
    private final LocalIdentity local;
    private final int maxGroupDepth;
    private final int maxGroupLookups;
    private final PreparedFacts facts;
    private final List<AccessControlPolicy> policies;
    private final PrivilegeSet which;
    /** The number of the target's own policies at the start of {@link #policies}; the rest came from grants. */
    private final int acpCount;
    /** The grants of this decision, or null when there are none. */
    private final AppliedGrants applied;
    /** The verified Role-ID through which the rule just found permitting matched, or null. */
    private String matchedRole;
    /** The rules that failed on their originator alone and whose literal entries may name a group; null if none. */
    private BitSet groupCandidates;
    private GroupResolver resolver;
    /** See {@link #contextsHold}: the lists last evaluated (by identity), their results, the slot to reuse next. */
    private Object[] seenContexts;
    private boolean[] contextsHeld;
    private int nextSeen;

    Evaluation(OriginatorMatcher originators, GroupMembers groups, LocalIdentity local, int maxGroupDepth,
               int maxGroupLookups, RequestFacts facts, List<AccessControlPolicy> policies, PrivilegeSet which) {
        this(originators, groups, local, maxGroupDepth, maxGroupLookups, facts, policies, which, policies.size(), null);
    }

    /**
     * @param policies the target's policies, then (from index {@code acpCount}) the rule sets {@code applied} added
     * @param applied the grants of the decision, or null
     */
    Evaluation(OriginatorMatcher originators, GroupMembers groups, LocalIdentity local, int maxGroupDepth,
               int maxGroupLookups, RequestFacts facts, List<AccessControlPolicy> policies, PrivilegeSet which,
               int acpCount, AppliedGrants applied) {
        this.originators = originators;
        this.groups = groups;
        this.local = local;
        this.maxGroupDepth = maxGroupDepth;
        this.maxGroupLookups = maxGroupLookups;
        this.facts = new PreparedFacts(facts, OriginatorMatcher.matchable(local, facts.originator()));
        this.policies = policies;
        this.which = which;
        this.acpCount = acpCount;
        this.applied = applied;
    }

    AccessDecision run() {
        if (facts.originator() != null) {
            AccessDecision permit = permitWithoutLookup();
            if (permit == null) {
                permit = permitThroughGroup();
            }
            if (permit != null) {
                return permit;
            }
        }
        return deny();
    }

    /** Step 1: the first rule that permits without any lookup, or null. */
    private AccessDecision permitWithoutLookup() {
        int first = 0;
        for (int p = 0; p < policies.size(); p++) {
            RuleList rules = rulesOf(p);
            for (int k = 0; k < rules.size(); k++) {
                if (permitsWithoutLookup(rules, k, first + k)) {
                    return permit(p, k);
                }
            }
            first += rules.size();
        }
        return null;
    }

    /**
     * Whether rule {@code k} of {@code rules} (rule {@code g} of the decision) permits without lookup; if only a
     * group could make it permit, remembers it.
     */
    private boolean permitsWithoutLookup(RuleList rules, int k, int g) {
        if (!rules.cheapConditionsHold(k, facts)) {
            return false;
        }
        boolean direct = rules.matchesDirectly(k, facts);
        if (!direct && !rules.mayNameGroup(k)) {
            return false; // only literal entries can be roles or groups: nothing else could match, skip the contexts
        }
        if (!contextsHold(rules.contexts(k))) {
            return false;
        }
        if (direct) {
            return true;
        }
        if (applied != null && applied.hasRoles()) {
            String role = applied.heldRole(rules.get(k).acor());
            if (role != null) {
                matchedRole = role;
                return true;
            }
        }
        if (originators.holdsRole(rules.get(k), facts.facts())) {
            return true;
        }
        if (groupCandidates == null) {
            groupCandidates = new BitSet(ruleCount());
        }
        groupCandidates.set(g);
        return false;
    }

    /** Step 2: the first remembered rule whose literal entries name a group the originator is in, or null. */
    private AccessDecision permitThroughGroup() {
        if (groupCandidates == null) {
            return null;
        }
        int p = 0;
        int first = 0;
        RuleList rules = rulesOf(0);
        for (int g = groupCandidates.nextSetBit(0); g >= 0; g = groupCandidates.nextSetBit(g + 1)) {
            if (!resolver().mayStillFindMembers()) {
                return null; // the lookups are used up and found no member: no later rule can match either
            }
            while (g >= first + rules.size()) {
                first += rules.size();
                rules = rulesOf(++p);
            }
            if (originators.matchesThroughGroup(rules.get(g - first), facts.originator(), resolver())) {
                return permit(p, g - first);
            }
        }
        return null;
    }

    /**
     * Step 3: settles for every rule whether its {@code acor} includes the originator, in rule order as before, so
     * that groups are looked up (and roles asked) exactly as the trail has always done; the remembered rules are
     * known not to. The text is left to {@link DenyTrail}.
     */
    private AccessDecision deny() {
        BitSet originatorMatched = new BitSet(0);
        if (facts.originator() != null) {
            int first = 0;
            for (int p = 0; p < policies.size(); p++) {
                RuleList rules = rulesOf(p);
                for (int k = 0; k < rules.size(); k++) {
                    int g = first + k;
                    boolean knownNotToMatch = groupCandidates != null && groupCandidates.get(g);
                    if (!knownNotToMatch && (holdsVerifiedRole(rules.get(k))
                            || originators.matches(rules.get(k), facts, resolver()))) {
                        originatorMatched.set(g);
                    }
                }
                first += rules.size();
            }
        }
        List<String> groupNotes = resolver == null ? List.of() : resolver.notes();
        return DenyTrail.deny(facts.facts(), facts.originator(), policies, which, originatorMatched, groupNotes,
                acpCount, applied);
    }

    /** The permit by rule {@code k} of policy {@code p}: an ACP's rule, or a granted one, possibly through a role. */
    private AccessDecision permit(int p, int k) {
        String role = matchedRole;
        if (p < acpCount && role == null) {
            return AccessDecision.byRule(policies.get(p).ri(), which, k);
        }
        AccessDecision.Ground rule = p < acpCount
                ? new AccessDecision.RuleGround(policies.get(p).ri(), which, k)
                : applied.origins.get(p - acpCount).ground(k);
        return role == null ? new AccessDecision.Permit(rule)
                : AccessDecision.byRole(role, applied.verifiedBy(role), rule);
    }

    private boolean holdsVerifiedRole(AccessControlRule rule) {
        return applied != null && applied.hasRoles() && applied.heldRole(rule.acor()) != null;
    }

    /**
     * {@code res_ctxts} of a rule, remembered for the last few distinct lists: rules of one policy share equal
     * {@code acco} lists (the parser shares them), and for one request a list's answer never changes.
     */
    private boolean contextsHold(List<AccessControlContext> contexts) {
        if (contexts.isEmpty()) {
            return true;
        }
        if (seenContexts == null) {
            seenContexts = new Object[CONTEXTS_REMEMBERED];
            contextsHeld = new boolean[CONTEXTS_REMEMBERED];
        }
        for (int i = 0; i < CONTEXTS_REMEMBERED; i++) {
            if (seenContexts[i] == contexts) {
                return contextsHeld[i];
            }
        }
        boolean held = ContextEvaluator.satisfied(contexts, facts);
        seenContexts[nextSeen] = contexts;
        contextsHeld[nextSeen] = held;
        nextSeen = (nextSeen + 1) % CONTEXTS_REMEMBERED;
        return held;
    }

    private RuleList rulesOf(int p) {
        return policies.get(p).rules(which).compiled();
    }

    private int ruleCount() {
        int n = 0;
        for (int p = 0; p < policies.size(); p++) {
            n += rulesOf(p).size();
        }
        return n;
    }

    private GroupResolver resolver() {
        if (resolver == null) {
            resolver = new GroupResolver(groups, local, maxGroupDepth, maxGroupLookups);
        }
        return resolver;
    }
}
