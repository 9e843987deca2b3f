package io.bastion.core.resource;

/**
 * A virtual child a resource type declares (TS-0001 9.6.27 to 9.6.29, later {@code pcu} of a pollingChannel): a name
 * below a resource of that type that addresses no stored resource, and that no stored resource may take.
 *
 * @param rn the name in an address, e.g. {@code la}
 * @param pathBelow whether the address may go on after it ({@code fopt/...} addresses the members' children); when
 *        false the name must be the address's last segment
 */
public record VirtualChild(String rn, boolean pathBelow) {
}
