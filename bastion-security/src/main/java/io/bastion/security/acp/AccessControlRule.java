package io.bastion.security.acp;

import java.util.List;

/**
 * One {@code m2m:accessControlRule} (TS-0004 6.3.5.27), parsed and validated.
 *
 * @param originators {@code acor}, in the order written (kept as an {@link AcorList}, prepared for matching)
 * @param operations {@code acop}: bit mask 1..63 (CREATE 1, RETRIEVE 2, UPDATE 4, DELETE 8, NOTIFY 16, DISCOVERY 32)
 * @param contexts {@code acco}; empty means any context is admissible
 * @param authenticationRequired {@code acaf}; false when absent
 * @param objectDetails {@code acod}; empty means the rule applies to all child types
 */
public record AccessControlRule(List<AcorEntry> originators, int operations, List<AccessControlContext> contexts,
                                boolean authenticationRequired, List<ObjectDetails> objectDetails) {
    public AccessControlRule {
        originators = AcorList.of(originators);
        contexts = List.copyOf(contexts);
        objectDetails = List.copyOf(objectDetails);
        if (operations < 1 || operations > 63) {
            throw new IllegalArgumentException("acop must be 1..63");
        }
    }

    /** {@link #originators()} with what matching needs prepared (see {@link AcorList}). */
    AcorList acor() {
        return (AcorList) originators;
    }
}
