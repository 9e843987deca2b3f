package io.bastion.cse.group;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bastion.core.resource.Resource;
import io.bastion.core.resource.ResourceTypes;
import io.bastion.store.DiscoveryQuery;
import io.bastion.store.ResourceStore;
import io.bastion.store.WriteBatch;
import java.util.ArrayList;
import java.util.List;

/**
 * Rewrites the memberType of groups stored by earlier versions, which took 24 for "mixed": TS-0004 table
 * 6.3.4.2.11-1 says mixed is 0 and 24 is semanticDescriptor. This CSE has never served semanticDescriptor, so a
 * stored {@code mt} of 24 always meant mixed and becomes {@link GroupBehaviour#MIXED}; nothing else changes.
 */
public final class LegacyMixedGroups {
    static final int LEGACY_MIXED = 24;

    private LegacyMixedGroups() {
    }

    /**
     * Upgrades every group below the CSEBase in one write.
     *
     * @return how many groups were rewritten
     */
    public static int upgrade(ResourceStore store, String cseBasePath) {
        DiscoveryQuery groups = new DiscoveryQuery(cseBasePath, null, List.of(ResourceTypes.GRP), List.of(), null,
                null, null, null, null, null, null);
        List<Resource> legacy = new ArrayList<>();
        store.discover(groups, g -> {
            if (g.ty() == ResourceTypes.GRP && g.getLong("mt", GroupBehaviour.MIXED) == LEGACY_MIXED) {
                legacy.add(g);
            }
            return true;
        });
        if (legacy.isEmpty()) {
            return 0;
        }
        WriteBatch batch = new WriteBatch();
        for (Resource g : legacy) {
            ObjectNode a = g.attrsCopy();
            a.put("mt", GroupBehaviour.MIXED);
            batch.put(g.withAttrs(a, g.expiry()));
        }
        store.write(batch);
        return legacy.size();
    }
}
