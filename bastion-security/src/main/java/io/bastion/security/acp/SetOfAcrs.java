package io.bastion.security.acp;

import java.util.List;

/**
 * {@code m2m:setOfAcrs}: the value of {@code pv} or {@code pvs} (TS-0004 6.3.5.26), rules in written order (kept as
 * a {@link RuleList}, laid out for the decision's scan).
 */
public record SetOfAcrs(List<AccessControlRule> rules) {
    /** The empty set (allowed for {@code pv}, TS-0001 9.6.2). */
    public static final SetOfAcrs EMPTY = new SetOfAcrs(List.of());

    public SetOfAcrs {
        rules = RuleList.of(rules);
    }

    /** {@link #rules()} with the columns a decision scans. */
    RuleList compiled() {
        return (RuleList) rules;
    }
}
