package io.bastion.security.acp;

import java.util.List;

/**
 * One {@code acco} entry: the AND of its conditions ({@code res_context(k,m) = res_time AND res_ip AND res_loc},
 * TS-0003 7.1.5). A rule's entries are OR-ed. The parser never builds an entry without a condition.
 */
public record AccessControlContext(List<ContextCondition> conditions) {
    public AccessControlContext {
        conditions = List.copyOf(conditions);
    }
}
