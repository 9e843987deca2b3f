package io.bastion.cse.request;

import io.bastion.core.resource.Resource;
import io.bastion.core.resource.VirtualChild;

/**
 * The resolved target of a request: a stored resource, or a virtual child of one.
 *
 * @param resource the stored resource addressed (for a virtual child such as {@code la} or {@code fopt}, the
 *        container or group it belongs to)
 * @param virtual the virtual child addressed, one of the resource type's ({@code ResourceType#virtualChildren}), or
 *        null for the resource itself
 * @param rest for a virtual child with a path below it ({@code fopt}): the path after it, to be appended to each
 *        member's address (may be empty); empty otherwise
 */
public record Target(Resource resource, VirtualChild virtual, String rest) {

    /** The stored resource itself. */
    public static Target of(Resource r) {
        return new Target(r, null, "");
    }

    /** Whether a virtual child of the resource is addressed rather than the resource. */
    public boolean isVirtual() {
        return virtual != null;
    }
}
