package io.bastion.security.acp;

import java.util.Objects;

/**
 * A parsed {@code <accessControlPolicy>}: its resource ID and both rule sets.
 *
 * @param ri the ACP's resource ID, used in decisions and explanations
 * @param pv {@code privileges}: rules for resources that link this ACP through {@code acpi}
 * @param pvs {@code selfPrivileges}: rules for the ACP itself and for changing {@code acpi} of linked resources
 */
public record AccessControlPolicy(String ri, SetOfAcrs pv, SetOfAcrs pvs) {
    public AccessControlPolicy {
        Objects.requireNonNull(ri, "ri");
        Objects.requireNonNull(pv, "pv");
        Objects.requireNonNull(pvs, "pvs");
    }

    /** The rule set selected by {@code which}. */
    public SetOfAcrs rules(PrivilegeSet which) {
        return which == PrivilegeSet.PV ? pv : pvs;
    }

    /**
     * True when some rule of {@code which} has an {@code accessControlLocationRegion}, i.e. when a decision may
     * need the originator's location; lets the caller skip a costly {@link LocationSource} lookup otherwise.
     */
    public boolean usesLocation(PrivilegeSet which) {
        return rules(which).compiled().usesLocation();
    }
}
