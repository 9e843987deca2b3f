package io.bastion.store;

import java.time.Instant;
import java.util.List;

/**
 * The conditions of a discovery the store can evaluate with its indexes, all combined with AND. It is a
 * pre-filter: the CSE re-checks every condition, applies filterOperation OR (by passing only root and level),
 * access control, offset and limit while visiting results.
 *
 * @param rootPath structured path of the discovery target; results are strictly below it
 * @param maxLevel how many levels below the root (null for unlimited)
 * @param types resource types, any of which matches (empty for all)
 * @param labels labels, any of which matches (empty for all)
 * @param rn resource name that must match exactly (null for any)
 * @param createdAfter ct strictly after
 * @param createdBefore ct strictly before
 * @param modifiedSince lt at or after
 * @param unmodifiedSince lt strictly before
 * @param expireBefore et strictly before
 * @param expireAfter et strictly after
 */
public record DiscoveryQuery(String rootPath, Integer maxLevel, List<Integer> types, List<String> labels,
                             String rn, Instant createdAfter, Instant createdBefore,
                             Instant modifiedSince, Instant unmodifiedSince, Instant expireBefore,
                             Instant expireAfter) {
    public DiscoveryQuery {
        types = types == null ? List.of() : List.copyOf(types);
        labels = labels == null ? List.of() : List.copyOf(labels);
    }
}
