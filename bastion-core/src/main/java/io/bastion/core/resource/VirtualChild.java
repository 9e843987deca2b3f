package io.bastion.core.resource;

/**
 * A virtual child a resource type declares (TS-0001 9.6.27 to 9.6.29, 9.6.34, later {@code pcu} of a pollingChannel):
 * a name below a resource of that type that addresses no stored resource, and that no stored resource may take.
 *
 * @param rn the name in an address, e.g. {@code la}
 * @param pathBelow whether the address may go on after it ({@code fopt/...} addresses the members' children); when
 *        false the name must be the address's last segment
 * @param ownAccess whether the type's behaviour decides who may use it, instead of the policies of the resource it
 *        belongs to: the privileges of a subscription's {@code ntsr} are "fixed by the system" (TS-0001 9.6.1.3,
 *        accessControlPolicyIDs), since the notification targets that may use it hold no privilege on the
 *        subscription
 */
public record VirtualChild(String rn, boolean pathBelow, boolean ownAccess) {

    /** A virtual child decided by the policies of the resource it belongs to. */
    public VirtualChild(String rn, boolean pathBelow) {
        this(rn, pathBelow, false);
    }
}
