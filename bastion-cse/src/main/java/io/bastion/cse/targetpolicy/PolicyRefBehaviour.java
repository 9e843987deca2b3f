package io.bastion.cse.targetpolicy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.primitive.ResponseStatusCode;
import io.bastion.core.resource.Resource;
import io.bastion.core.resource.ResourceType;
import io.bastion.core.resource.ResourceTypes;
import io.bastion.core.text.Excerpt;
import io.bastion.cse.request.RequestContext;
import io.bastion.cse.resource.CreateContext;
import io.bastion.cse.resource.TypeBehaviour;
import io.bastion.store.ResourceStore;
import io.bastion.store.WriteBatch;
import java.time.Clock;

/**
 * {@code <notificationTargetMgmtPolicyRef>} (TS-0001 9.6.31, TS-0004 7.4.30): a notification target listed in its
 * {@code ntu} may be listed by no other of the subscription's policy references (TS-0004 7.4.30.2.1: 4105 CONFLICT;
 * applied to an UPDATE of {@code ntu} too, so that a target never has two policies). {@code npi} must name an existing
 * {@code <notificationTargetPolicy>} (the descriptor's link, 4000). A target of {@code ntu} that the subscription's
 * {@code nu} does not list is accepted: the default policy applies to it (TS-0001 table 9.6.31-2).
 */
public final class PolicyRefBehaviour implements TypeBehaviour {
    private final ResourceStore store;
    private final Clock clock;

    public PolicyRefBehaviour(ResourceStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @Override
    public ResourceType type() {
        return ResourceTypes.get(ResourceTypes.NTPR);
    }

    @Override
    public void beforeCreate(CreateContext c) {
        refuseListedElsewhere(c.parent.ri(), null, c.attrs.get("ntu"));
    }

    @Override
    public void beforeUpdate(RequestContext x, Resource current, ObjectNode changes, ObjectNode merged,
                             WriteBatch batch) {
        if (changes.hasNonNull("ntu")) {
            refuseListedElsewhere(current.pi(), current.ri(), changes.get("ntu"));
        }
    }

    private void refuseListedElsewhere(String subscriptionRi, String self, JsonNode ntu) {
        if (ntu == null || ntu.isEmpty()) {
            throw OneM2MException.badRequest("notificationTargetURI (ntu) must list at least one target");
        }
        for (Resource sibling : store.children(subscriptionRi, ResourceTypes.NTPR)) {
            if (sibling.ri().equals(self) || sibling.isExpired(clock.instant())) {
                continue;
            }
            for (JsonNode t : ntu) {
                if (sibling.getList("ntu").contains(t.asText())) {
                    throw new OneM2MException(ResponseStatusCode.CONFLICT, "notification target "
                            + Excerpt.of(t.asText()) + " already has a policy reference in this subscription");
                }
            }
        }
    }
}
