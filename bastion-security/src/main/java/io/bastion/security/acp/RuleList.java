package io.bastion.security.acp;

import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;

/**
 * The rules of one set ({@link SetOfAcrs#rules()}): an immutable list in the order written that also keeps, column
 * by column, what a decision tests about every rule before it needs the rule itself: {@code acop}, a few flags,
 * the summary of the literal IDs' hashes ({@link AcorList}), a hint about its wildcard, and the contexts list.
 * Built once, with the set.
 *
 * <p>Why columns: a decision scans every rule of a large policy, and a rule is a small graph of objects spread
 * over memory. Reading one rule's objects costs a wait for memory for each, and in a policy of a thousand rules
 * those waits, not the tests, made each rule cost more than in a small policy. The columns are a few bytes per rule, side by side, read in
 * order; the rule itself is read only for what the columns cannot settle (an originator whose hash summary
 * matches, a wildcard, {@code acod} on a CREATE, the role and group steps, the explanations).
 *
 * <p>Equal to any list holding the same rules in the same order.
 */
final class RuleList extends AbstractList<AccessControlRule> implements RandomAccess {
    private static final int AUTHENTICATION_REQUIRED = 1;
    private static final int OBJECT_DETAILS = 2;
    private static final int ALL = 4;
    private static final int PATTERNS = 8;
    private static final int LITERALS = 16;

    private final AccessControlRule[] rules;
    private final int[] operations;
    private final byte[] flags;
    private final long[] literalHashBits;
    /**
     * For a rule with exactly one wildcard or domain: the length of its fixed start ({@link AcorList}) and that
     * start's last character, as {@code length << 16 | character}. An originator that has another character there
     * cannot match it, which turns most originators away without reading the pattern. -1 for other rules.
     */
    private final int[] patternHint;
    private final List<AccessControlContext>[] contexts;
    /** Whether any rule has a location region: decided once, asked on every decision. */
    private final boolean usesLocation;

    @SuppressWarnings("unchecked")
    private RuleList(AccessControlRule[] rules) {
        this.rules = rules;
        int n = rules.length;
        this.operations = new int[n];
        this.flags = new byte[n];
        this.literalHashBits = new long[n];
        this.patternHint = new int[n];
        this.contexts = (List<AccessControlContext>[]) new List<?>[n];
        for (int k = 0; k < n; k++) {
            AccessControlRule rule = rules[k];
            AcorList acor = rule.acor();
            operations[k] = rule.operations();
            flags[k] = (byte) ((rule.authenticationRequired() ? AUTHENTICATION_REQUIRED : 0)
                    | (rule.objectDetails().isEmpty() ? 0 : OBJECT_DETAILS)
                    | (acor.namesAll() ? ALL : 0)
                    | (acor.patternCount() > 0 ? PATTERNS : 0)
                    | (acor.literalCount() > 0 ? LITERALS : 0));
            literalHashBits[k] = acor.literalHashBits();
            String start = acor.onlyPatternStart(); // never empty: it begins with '//'
            patternHint[k] = start == null ? -1 : start.length() << 16 | start.charAt(start.length() - 1);
            contexts[k] = rule.contexts();
        }
        this.usesLocation = anyLocationRegion(rules);
    }

    private static boolean anyLocationRegion(AccessControlRule[] rules) {
        for (AccessControlRule rule : rules) {
            for (AccessControlContext context : rule.contexts()) {
                for (ContextCondition condition : context.conditions()) {
                    if (condition instanceof LocationRegion) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** Whether a decision over these rules needs the originator's location. */
    boolean usesLocation() {
        return usesLocation;
    }

    /** The rules as a {@code RuleList}; refuses null rules, as {@link List#copyOf} does. */
    static RuleList of(List<AccessControlRule> rules) {
        if (rules instanceof RuleList prepared) {
            return prepared;
        }
        return new RuleList(List.copyOf(rules).toArray(new AccessControlRule[0]));
    }

    @Override
    public AccessControlRule get(int index) {
        return rules[index];
    }

    @Override
    public int size() {
        return rules.length;
    }

    /**
     * {@code res_ops}, {@code res_authn} and {@code res_objd} of rule {@code k} ({@link RuleChecks}); only
     * {@code acod} on a CREATE reads the rule.
     */
    boolean cheapConditionsHold(int k, PreparedFacts facts) {
        int f = flags[k];
        return RuleChecks.operationOk(operations[k], facts.operationBit())
                && RuleChecks.authenticationOk((f & AUTHENTICATION_REQUIRED) != 0, facts.authenticated())
                && ((f & OBJECT_DETAILS) == 0 || !facts.isCreate()
                    || RuleChecks.objectDetailsOk(rules[k], facts.facts()));
    }

    /**
     * Some entry of rule {@code k} matches the originator without lookup ({@link AcorList#matchesDirectly}).
     * {@code all} is settled here; the entries are read only when a literal's hash may be the originator's or a
     * wildcard or domain may match it.
     */
    boolean matchesDirectly(int k, PreparedFacts facts) {
        int f = flags[k];
        if ((f & ALL) != 0) {
            return true;
        }
        boolean literalMayMatch = (literalHashBits[k] & facts.originatorHashBit()) != 0;
        boolean patternMayMatch = (f & PATTERNS) != 0 && patternMayMatch(k, facts.originator());
        return (literalMayMatch || patternMayMatch)
                && rules[k].acor().matchesDirectly(facts.originator(), facts.originatorHash());
    }

    private boolean patternMayMatch(int k, String originator) {
        int hint = patternHint[k];
        if (hint < 0) {
            return true; // several patterns: no hint
        }
        int length = hint >>> 16;
        return originator.length() >= length && originator.charAt(length - 1) == (char) hint;
    }

    /** Rule {@code k} has literal entries, the only ones that may name a group or a role. */
    boolean mayNameGroup(int k) {
        return (flags[k] & LITERALS) != 0;
    }

    /** {@code acco} of rule {@code k}. */
    List<AccessControlContext> contexts(int k) {
        return contexts[k];
    }
}
