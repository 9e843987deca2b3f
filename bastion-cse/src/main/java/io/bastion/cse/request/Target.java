package io.bastion.cse.request;

import io.bastion.core.resource.Resource;

/**
 * The resolved target of a request: a stored resource, or a virtual resource on top of one.
 *
 * @param resource the stored resource addressed (for {@code la}/{@code ol}/{@code fopt}, the parent container or
 *        group)
 * @param virtual which virtual child was addressed, if any
 * @param rest for {@code fopt}: the path after it, to be appended to each member's address (may be empty)
 */
public record Target(Resource resource, Virtual virtual, String rest) {

    /** The virtual resources of TS-0001 9.6.27-29. */
    public enum Virtual { NONE, LATEST, OLDEST, FAN_OUT_POINT }

    public static Target of(Resource r) {
        return new Target(r, Virtual.NONE, "");
    }
}
