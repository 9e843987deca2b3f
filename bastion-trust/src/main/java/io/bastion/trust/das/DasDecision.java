package io.bastion.trust.das;

import java.time.Duration;
import java.time.Instant;

/** What the DAS decided for one request: a grant under one rule, or a denial with its reason. */
public sealed interface DasDecision {

    /**
     * A grant.
     *
     * @param rule the rule that matched (the first in file order)
     * @param lifetime how long the grant lasts: the rule's lifetime, or less when the proposed lifetime is shorter
     * @param notBefore when the grant starts (the decision time)
     * @param notAfter when it ends
     */
    record Grant(DasRule rule, Duration lifetime, Instant notBefore, Instant notAfter) implements DasDecision {
    }

    /** A denial; {@code reason} is for the audit log and the operator, never sent to the requester. */
    record Deny(String reason) implements DasDecision {
    }
}
