package io.bastion.security.acp;

import io.bastion.core.primitive.Operation;

/**
 * The conditions of one rule that need no lookup: {@code res_authn}, {@code res_ops}, {@code res_ctxts} and
 * {@code res_objd} (TS-0003 7.1.5). Each has a cheap boolean test for the permit path and a reason for the deny
 * trail, kept side by side so they cannot drift apart.
 */
final class RuleChecks {
    static final String AUTHN_REQUIRED = "acaf requires an authenticated association";

    private RuleChecks() {
    }

    /** All four conditions hold. */
    static boolean passWithoutOriginator(AccessControlRule rule, RequestFacts facts) {
        return authenticationOk(rule, facts) && operationOk(rule, facts) && objectDetailsOk(rule, facts)
                && ContextEvaluator.satisfied(rule.contexts(), facts);
    }

    /** TS-0003 table 7.1.5-1: only acaf=TRUE demands rq_authn. */
    static boolean authenticationOk(AccessControlRule rule, RequestFacts facts) {
        return !rule.authenticationRequired() || facts.authenticated();
    }

    static boolean operationOk(AccessControlRule rule, RequestFacts facts) {
        return (rule.operations() & facts.operation().acopBit()) != 0;
    }

    static String operationFailure(AccessControlRule rule, RequestFacts facts) {
        return "acop " + rule.operations() + " lacks " + facts.operation().name();
    }

    /**
     * {@code res_objd}: CREATE only; no acod means every child type; otherwise some entry must allow the child type
     * and, where it names one, the target's type. A specialization constraint is not evaluated yet and never matches.
     */
    static boolean objectDetailsOk(AccessControlRule rule, RequestFacts facts) {
        if (facts.operation() != Operation.CREATE || rule.objectDetails().isEmpty()) {
            return true;
        }
        for (ObjectDetails d : rule.objectDetails()) {
            if (objectDetailMatches(d, facts)) {
                return true;
            }
        }
        return false;
    }

    private static boolean objectDetailMatches(ObjectDetails d, RequestFacts facts) {
        if (facts.childType() == null) {
            return false;
        }
        if (d.resourceType() != null && !d.resourceType().equals(facts.targetType())) {
            return false;
        }
        if (d.specialization() != null) {
            return false;
        }
        return d.childResourceTypes().contains(facts.childType());
    }

    static String objectDetailsFailure(AccessControlRule rule, RequestFacts facts) {
        if (facts.childType() == null) {
            return "acod needs the type of the resource to create, which the request lacks";
        }
        String why = "acod allows no CREATE of ty " + facts.childType() + " under a parent of ty "
                + (facts.targetType() == null ? "(unknown)" : facts.targetType());
        for (ObjectDetails d : rule.objectDetails()) {
            if (d.specialization() != null) {
                return why + " (specializationType is not evaluated yet, entries with spty cannot match)";
            }
        }
        return why;
    }
}
