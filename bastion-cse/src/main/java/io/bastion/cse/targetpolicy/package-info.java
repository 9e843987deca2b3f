/**
 * Notification target policies (TS-0001 9.6.31 to 9.6.34 and 10.2.10.8, TS-0004 7.4.30 to 7.4.33): which targets of a
 * subscription follow which {@code <notificationTargetPolicy>} ({@code <notificationTargetMgmtPolicyRef>},
 * {@link io.bastion.cse.targetpolicy.PolicyRefBehaviour}), the rules of a policy ({@code <policyDeletionRules>},
 * {@link io.bastion.cse.targetpolicy.DeletionRulesBehaviour}, {@link io.bastion.cse.targetpolicy.DeletionRules}), and
 * the removal a notification target asks for by deleting the subscription's {@code ntsr}
 * ({@link io.bastion.cse.targetpolicy.TargetRemoval}).
 */
package io.bastion.cse.targetpolicy;
