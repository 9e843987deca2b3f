package io.bastion.cse.resource;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bastion.core.resource.Resource;
import io.bastion.store.DiscoveryQuery;
import io.bastion.store.ResourceStore;
import io.bastion.store.WriteBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A change that brings the resources of one type stored by earlier versions up to date, applied when the CSE starts
 * (before it serves any request), so that the rest of the code sees only what this version writes. Each upgrade is
 * idempotent: it selects only resources that still need it.
 *
 * @param ty the resource type it reads
 * @param done what it did, for the log, after the number of resources changed (e.g. "stored group(s) had …")
 * @param needed whether a stored resource needs the change
 * @param change rewrites the attributes of one (a copy, written back with the same expiry)
 */
public record StoredUpgrade(int ty, String done, Predicate<Resource> needed, Consumer<ObjectNode> change) {
    private static final Logger LOG = LoggerFactory.getLogger(StoredUpgrade.class);
    /** Resources written per transaction, so that a large store is not rewritten in one. */
    static final int BATCH = 500;

    /** Applies {@code upgrades} in order, and logs what each changed. */
    public static void applyAll(List<StoredUpgrade> upgrades, ResourceStore store, String cseBasePath) {
        for (StoredUpgrade upgrade : upgrades) {
            int n = upgrade.apply(store, cseBasePath);
            if (n > 0) {
                LOG.info("{} {}", n, upgrade.done());
            }
        }
    }

    /**
     * Rewrites every resource of {@link #ty} below the CSEBase that needs it.
     *
     * @return how many were rewritten
     */
    public int apply(ResourceStore store, String cseBasePath) {
        DiscoveryQuery all = new DiscoveryQuery(cseBasePath, null, List.of(ty), List.of(), null, null, null, null,
                null, null, null);
        List<Resource> stale = new ArrayList<>();
        store.discover(all, r -> {
            if (r.ty() == ty && needed.test(r)) {
                stale.add(r);
            }
            return true;
        });
        for (int from = 0; from < stale.size(); from += BATCH) {
            WriteBatch batch = new WriteBatch();
            for (Resource r : stale.subList(from, Math.min(from + BATCH, stale.size()))) {
                ObjectNode a = r.attrsCopy();
                change.accept(a);
                batch.amend(r.withAttrs(a, r.expiry()));
            }
            store.write(batch);
        }
        return stale.size();
    }
}
