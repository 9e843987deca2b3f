package io.bastion.security.acp;

import io.bastion.core.primitive.Operation;

/**
 * The conditions of one rule that need no lookup and no context: {@code res_authn}, {@code res_ops} and
 * {@code res_objd} (TS-0003 7.1.5). Each has a cheap boolean test and a reason for the deny trail, kept side by
 * side so they cannot drift apart. The tests also come in a form over plain values, which {@link RuleList} applies
 * to the columns it keeps for the scan, so the permit path and the trail share one definition.
 */
final class RuleChecks {
    static final String AUTHN_REQUIRED = "acaf requires an authenticated association";

    private RuleChecks() {
    }

    /** TS-0003 table 7.1.5-1: only acaf=TRUE demands rq_authn. */
    static boolean authenticationOk(boolean required, boolean authenticated) {
        return !required || authenticated;
    }

    static boolean authenticationOk(AccessControlRule rule, RequestFacts facts) {
        return authenticationOk(rule.authenticationRequired(), facts.authenticated());
    }

    /** {@code res_ops}: the operation's bit is in {@code acop}. */
    static boolean operationOk(int acop, int operationBit) {
        return (acop & operationBit) != 0;
    }

    static boolean operationOk(AccessControlRule rule, PreparedFacts facts) {
        return operationOk(rule.operations(), facts.operationBit());
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
