package io.bastion.cse.location;

import io.bastion.core.resource.Resource;
import io.bastion.core.resource.ResourceTypes;
import io.bastion.cse.resource.ResourceEvent;
import io.bastion.store.ResourceStore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Which {@code <locationPolicy>} holds whose positions: the policy's {@code locationTargetID} ({@code lot}) names the
 * originator (the only link between a policy and an originator the texts give, TS-0003 F.2.1), its
 * {@code locationContainerID} ({@code loi}) the container of the positions. Read from the store at start and kept in
 * step with every committed change (expiry included), so that finding an originator's container costs no store read.
 * At most one policy names an originator ({@link LocationPolicyBehaviour} refuses a second).
 */
public final class LocationPolicies implements Consumer<List<ResourceEvent>> {

    /**
     * One policy.
     *
     * @param policy the locationPolicy's resource ID
     * @param container the resource ID of its location container
     */
    public record Entry(String policy, String container) {
    }

    private final Map<String, Entry> byTarget = new ConcurrentHashMap<>();

    private LocationPolicies() {
    }

    /** The policies below the CSEBase, as stored now. */
    public static LocationPolicies load(ResourceStore store, String cseBaseRi) {
        LocationPolicies p = new LocationPolicies();
        store.children(cseBaseRi, ResourceTypes.LCP).forEach(p::put);
        return p;
    }

    /** The policy whose {@code lot} is {@code originator}, or null. */
    public Entry of(String originator) {
        return originator == null ? null : byTarget.get(originator);
    }

    @Override
    public void accept(List<ResourceEvent> events) {
        for (ResourceEvent e : events) {
            Resource r = e.resource();
            if (r.ty() != ResourceTypes.LCP) {
                continue;
            }
            if (e.kind() == ResourceEvent.Kind.DELETED) {
                String lot = r.getText("lot");
                if (lot != null) {
                    byTarget.computeIfPresent(lot, (k, v) -> v.policy().equals(r.ri()) ? null : v);
                }
            } else {
                put(r);
            }
        }
    }

    private void put(Resource policy) {
        String lot = policy.getText("lot");
        String loi = policy.getText("loi");
        if (lot != null && loi != null) {
            byTarget.put(lot, new Entry(policy.ri(), loi));
        }
    }
}
