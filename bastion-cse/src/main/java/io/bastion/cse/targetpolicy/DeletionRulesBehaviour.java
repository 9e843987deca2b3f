package io.bastion.cse.targetpolicy;

import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.primitive.ResponseStatusCode;
import io.bastion.core.resource.ResourceType;
import io.bastion.core.resource.ResourceTypes;
import io.bastion.cse.resource.CreateContext;
import io.bastion.cse.resource.TypeBehaviour;
import io.bastion.store.ResourceStore;
import java.time.Clock;

/**
 * {@code <policyDeletionRules>} (TS-0001 9.6.33, TS-0004 7.4.32): {@code dr} checked ({@link DeletionRules#timeOfDay}),
 * and at most two under one policy (TS-0001 table 9.6.32-1: 0..2; TS-0004 7.4.32.2.1: a further one is 4105 CONFLICT,
 * checked under the policy's lock that every child create takes).
 */
public final class DeletionRulesBehaviour implements TypeBehaviour {
    static final int MAX_PER_POLICY = 2;

    private final ResourceStore store;
    private final Clock clock;

    public DeletionRulesBehaviour(ResourceStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @Override
    public ResourceType type() {
        return ResourceTypes.get(ResourceTypes.PDR);
    }

    @Override
    public void beforeCreate(CreateContext c) {
        DeletionRules.timeOfDay(c.attrs.get("dr"));
        long existing = store.children(c.parent.ri(), ResourceTypes.PDR).stream()
                .filter(r -> !r.isExpired(clock.instant())).count();
        if (existing >= MAX_PER_POLICY) {
            throw new OneM2MException(ResponseStatusCode.CONFLICT, "a notificationTargetPolicy has at most "
                    + MAX_PER_POLICY + " policyDeletionRules");
        }
    }
}
