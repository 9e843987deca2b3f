package io.bastion.cse.group;

import io.bastion.core.resource.ResourceTypes;
import io.bastion.cse.resource.StoredUpgrade;

/**
 * Rewrites the memberType of groups stored by earlier versions, which took 24 for "mixed": TS-0004 table
 * 6.3.4.2.11-1 says mixed is 0 and 24 is semanticDescriptor. This CSE has never served semanticDescriptor, so a
 * stored {@code mt} of 24 always meant mixed and becomes {@link GroupBehaviour#MIXED}; nothing else changes.
 */
public final class LegacyMixedGroups {
    static final int LEGACY_MIXED = 24;

    /** The start-up upgrade of groups stored with memberType 24 for mixed. */
    public static final StoredUpgrade UPGRADE = new StoredUpgrade(ResourceTypes.GRP,
            "stored group(s) had memberType 24 for mixed; now 0 (TS-0004 table 6.3.4.2.11-1)",
            g -> g.getLong("mt", GroupBehaviour.MIXED) == LEGACY_MIXED,
            a -> a.put("mt", GroupBehaviour.MIXED));

    private LegacyMixedGroups() {
    }
}
