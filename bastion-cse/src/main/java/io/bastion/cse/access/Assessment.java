package io.bastion.cse.access;

import io.bastion.core.resource.Resource;
import io.bastion.security.acp.AccessDecision;
import io.bastion.security.acp.PrivilegeSet;
import java.util.List;

/**
 * An access decision together with where its rules came from, for {@code explain}: made by the same code as the
 * decision of a real request ({@link AccessControl#assess}).
 *
 * @param decision the decision
 * @param decidedOn the resource whose rules governed it: the target (for {@code fopt}, the group), or for a
 *        contentInstance its container
 * @param source which rules were consulted
 * @param privileges {@code pv} or {@code pvs} when policies were consulted, else null
 * @param policies the resource IDs of the policies consulted, in {@code acpi} order
 * @param missing IDs listed in {@code acpi} that name no (unexpired) accessControlPolicy
 * @param location when a consulted rule has a location region, what the location source knows of the originator
 *        (its position, source, age and whether it is trusted), else null
 */
public record Assessment(AccessDecision decision, Resource decidedOn, Source source, PrivilegeSet privileges,
                         List<String> policies, List<String> missing, String location) {

    public Assessment {
        policies = policies == null ? List.of() : List.copyOf(policies);
        missing = missing == null ? List.of() : List.copyOf(missing);
    }

    /** Where the rules of a decision came from. */
    public enum Source {
        /** The admin originator is always permitted; no policy is consulted. */
        ADMIN,
        /** The resource has no acpi: its creator alone is permitted. */
        CREATOR,
        /** {@code pv} of the policies in the resource's acpi. */
        ACPI,
        /** {@code pvs} of the policies in the resource's acpi (an UPDATE that changes acpi). */
        ACPI_SELF,
        /** {@code pv} of the policies in the group's membersAccessControlPolicyIDs (a request to its fopt). */
        MACP,
        /** {@code pvs} of the accessControlPolicy itself (the target is an ACP). */
        SELF,
        /** The registree rule of a type that belongs to its registree (a pollingChannel): no policy is consulted. */
        REGISTREE,
        /** None: the originator hosts the original of the announced target (TS-0001 10.2.13.6, 10.2.13.11). */
        ANNOUNCEMENT
    }

    /** One line, e.g. {@code pv of acp1, acp2 (acpi of cnt7)} or {@code pv of acp3 (macp of grp2)}. */
    public String describe() {
        String on = decidedOn == null ? "?" : decidedOn.ri();
        return switch (source) {
            case ADMIN -> "none: the admin originator is always permitted";
            case CREATOR -> "none: " + on + " has no acpi, so only its creator (" + decidedOn.creator()
                    + ") is permitted";
            case ACPI, ACPI_SELF, MACP -> privileges.shortName() + " of "
                    + (policies.isEmpty() ? "(none that exists)" : String.join(", ", policies))
                    + " (" + (source == Source.MACP ? "macp" : "acpi") + " of " + on + ")"
                    + (missing.isEmpty() ? "" : "; missing: " + String.join(", ", missing));
            case SELF -> "pvs of the accessControlPolicy " + on + " itself";
            case REGISTREE -> "none: a pollingChannel belongs to its registree; its creator alone uses it, and only the "
                    + "AE-ID of its AE creates it (TS-0004 7.4.21.2, 7.4.22.2.2)";
            case ANNOUNCEMENT -> "none: " + on + " is announced and the originator hosts its original (lnk)";
        };
    }
}
