package io.bastion.cse.targetpolicy;

import io.bastion.cse.resource.TypeBehaviour;
import io.bastion.store.ResourceStore;
import java.time.Clock;
import java.util.List;

/**
 * The behaviours of the notification target policy types: {@code <notificationTargetMgmtPolicyRef>} and
 * {@code <policyDeletionRules>}; {@code <notificationTargetPolicy>} needs none beyond its descriptor, and the removal
 * itself ({@link TargetRemoval}) belongs to the subscription's {@code ntsr}.
 */
public final class TargetPolicyTypes {
    private TargetPolicyTypes() {
    }

    public static List<TypeBehaviour> behaviours(ResourceStore store, Clock clock) {
        return List.of(new PolicyRefBehaviour(store, clock), new DeletionRulesBehaviour(store, clock));
    }
}
