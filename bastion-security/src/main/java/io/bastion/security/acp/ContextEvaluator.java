package io.bastion.security.acp;

import java.util.List;

/**
 * Evaluates a rule's {@code accessControlContexts} ({@code res_ctxts}, TS-0003 7.1.5). Contexts are parsed and
 * validated but not evaluated yet, so this fails closed: a rule with any context never permits. The next milestone
 * replaces {@link #satisfied} with an exhaustive switch over {@link ContextCondition}.
 */
final class ContextEvaluator {
    static final String NOT_EVALUATED = "accessControlContexts are not evaluated yet, the rule cannot permit";

    private ContextEvaluator() {
    }

    /** True when the contexts admit the request; no contexts admit every request (TS-0003 7.1.3, pairs). */
    static boolean satisfied(List<AccessControlContext> contexts, RequestFacts facts) {
        return contexts.isEmpty();
    }

    /** Why {@link #satisfied} said no; only called on a deny. */
    static String failure(List<AccessControlContext> contexts, RequestFacts facts) {
        return NOT_EVALUATED;
    }
}
