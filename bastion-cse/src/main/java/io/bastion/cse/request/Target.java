package io.bastion.cse.request;

import io.bastion.core.resource.Resource;
import io.bastion.core.resource.VirtualChild;
import java.util.List;
import java.util.Optional;

/**
 * The resolved target of a request: a stored resource, or a virtual child of one, with the resource's ancestors as
 * the resolver read them (and found them all unexpired), so that later stages need not read them again.
 *
 * @param resource the stored resource addressed (for a virtual child such as {@code la} or {@code fopt}, the
 *        container or group it belongs to)
 * @param virtual the virtual child addressed, one of the resource type's ({@code ResourceType#virtualChildren}), or
 *        null for the resource itself
 * @param rest for a virtual child with a path below it ({@code fopt}): the path after it, to be appended to each
 *        member's address (may be empty); empty otherwise
 * @param ancestors the ancestors of {@code resource}, the CSEBase first and its parent last; empty for the CSEBase (of a
 *        resource nested deeper than 64 levels, the nearest 64)
 */
public record Target(Resource resource, VirtualChild virtual, String rest, List<Resource> ancestors) {

    public Target {
        ancestors = List.copyOf(ancestors);
    }

    /** The stored resource itself. */
    public static Target of(Resource r, List<Resource> ancestors) {
        return new Target(r, null, "", ancestors);
    }

    /** Whether a virtual child of the resource is addressed rather than the resource. */
    public boolean isVirtual() {
        return virtual != null;
    }

    /** The parent of {@code resource} as read while resolving; null for the CSEBase. */
    public Resource parent() {
        return ancestors.isEmpty() ? null : ancestors.get(ancestors.size() - 1);
    }

    /**
     * The ancestors of {@code r}, the CSEBase first, when {@code r} is this target's resource or one of its ancestors
     * (by resource ID); empty when the target does not know them, and then the caller reads them from the store.
     */
    public Optional<List<Resource>> ancestorsOf(Resource r) {
        if (r.ri().equals(resource.ri())) {
            return Optional.of(ancestors);
        }
        for (int i = ancestors.size() - 1; i >= 0; i--) {
            if (ancestors.get(i).ri().equals(r.ri())) {
                return Optional.of(ancestors.subList(0, i));
            }
        }
        return Optional.empty();
    }

    /** The resource {@code ri} when it is this target's resource or one of the ancestors read while resolving. */
    public Optional<Resource> known(String ri) {
        if (resource.ri().equals(ri)) {
            return Optional.of(resource);
        }
        for (int i = ancestors.size() - 1; i >= 0; i--) {
            if (ancestors.get(i).ri().equals(ri)) {
                return Optional.of(ancestors.get(i));
            }
        }
        return Optional.empty();
    }

    /**
     * The parent of {@code r} as read while resolving, when {@code r} is this target's resource or one of its
     * ancestors other than the CSEBase; empty otherwise.
     */
    public Optional<Resource> parentOf(Resource r) {
        return ancestorsOf(r).filter(a -> !a.isEmpty()).map(a -> a.get(a.size() - 1));
    }
}
