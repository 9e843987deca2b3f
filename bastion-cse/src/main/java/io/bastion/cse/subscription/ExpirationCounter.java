package io.bastion.cse.subscription;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bastion.core.resource.Resource;
import io.bastion.cse.resource.ResourceLocks;
import io.bastion.store.ResourceStore;
import io.bastion.store.WriteBatch;
import java.util.Optional;

/**
 * The {@code expirationCounter} ({@code exc}) of a subscription or a crossResourceSubscription: each NOTIFY sent
 * successfully decrements it (TS-0004 7.5.1.2.2 step 5.0, 7.5.1.2.18), and at zero the resource is to be deleted.
 */
public final class ExpirationCounter {
    private final ResourceStore store;
    private final ResourceLocks locks;

    /** @param locks the locks resource writes take, so that a decrement never overwrites a concurrent UPDATE */
    public ExpirationCounter(ResourceStore store, ResourceLocks locks) {
        this.store = store;
        this.locks = locks;
    }

    /**
     * One NOTIFY sent for the resource {@code ri}: decrements its {@code exc}; returns the resource when the counter
     * ran out (for the caller to delete), empty otherwise. Never revives a resource deleted meanwhile.
     */
    public Optional<Resource> countSent(String ri) {
        locks.lock(ri);
        try {
            Resource r = store.get(ri).orElse(null);
            if (r == null || r.get("exc") == null) {
                return Optional.empty();
            }
            long left = r.getLong("exc", 1) - 1;
            if (left <= 0) {
                return Optional.of(r);
            }
            ObjectNode a = r.attrsCopy();
            a.put("exc", left);
            store.write(new WriteBatch().amend(r.withAttrs(a, r.expiry()))); // never revives a deleted one
            return Optional.empty();
        } finally {
            locks.unlock(ri);
        }
    }
}
