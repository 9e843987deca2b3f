package io.bastion.cse.access;

import io.bastion.core.primitive.Operation;
import io.bastion.core.resource.Resource;
import io.bastion.core.resource.ResourceType;
import io.bastion.core.resource.ResourceTypes;

/**
 * The message of an access-control refusal as the originator reads it ({@code m2m:dbg} of a 4103): which operation
 * was refused and why, in general terms. It names no resource ID, policy, rule or Dynamic Authorization Server: the
 * originator may not be allowed to see them (a contentInstance addressed by its path is decided by its container's
 * policies, a request to {@code fopt} by the group's {@code macp}). Those, with the trail of every rule that failed,
 * go to the audit log and to {@code explain}. What the message may name is what the originator gave itself (a member
 * of {@code mid}).
 */
final class Refusal {
    private static final String NO_POLICY = "no access control policy grants it to the originator";

    /** What dynamic authorization did after the policies denied, as the originator is told. */
    enum Dynamic {
        /** Not tried: no enabled dac applies, or none may for this target. */
        NONE(""),
        /** No DAS granted anything (it refused, or none could be consulted). */
        DENIED("; dynamic authorization did not grant it either"),
        /** A DAS granted privileges, but not for this request. */
        NOT_COVERED("; what dynamic authorization granted does not cover it"),
        /** The indirect flow: the response carries the Token Request Information instead of this message. */
        TOKENS("; the token request information (m2m:tqf) says where tokens may be requested");

        private final String text;

        Dynamic(String text) {
            this.text = text;
        }
    }

    private Refusal() {
    }

    /**
     * @param target the resource the decision was about (only its type is read)
     * @param what what needed the privilege when it is not the request's own operation on its target, else null
     */
    static String of(Operation op, Integer childTy, Resource target, PolicySource.Rules rules, String what,
                     Dynamic dynamic) {
        return operation(op, childTy, rules, what) + " refused: " + reason(target, rules) + dynamic.text;
    }

    private static String operation(Operation op, Integer childTy, PolicySource.Rules rules, String what) {
        String o = op == Operation.CREATE && childTy != null ? "CREATE of "
                + ResourceTypes.byTy(childTy).filter(t -> ResourceTypes.registry().allOf(childTy).size() == 1)
                .map(ResourceType::rootName).orElse("a resource of type " + childTy)
                : op.name();
        if (what != null) {
            return o + " of " + what;
        }
        return switch (rules) {
            case MACP -> o + " through the group's fanOutPoint (fopt)";
            case ACPI_SELF -> o + " of accessControlPolicyIDs (acpi)";
            case ACPI -> o;
        };
    }

    private static String reason(Resource target, PolicySource.Rules rules) {
        return switch (rules) {
            case MACP -> "the group's membersAccessControlPolicyIDs (macp), or its accessControlPolicyIDs when it "
                    + "has none, grant it not to the originator";
            case ACPI_SELF -> "it needs UPDATE in the selfPrivileges (pvs) of the policies linked now, which grant it "
                    + "not to the originator";
            case ACPI -> target.ty() == ResourceTypes.ACP
                    ? "the selfPrivileges (pvs) of the accessControlPolicy grant it not to the originator" : NO_POLICY;
        };
    }
}
