package io.bastion.security.token;

import io.bastion.security.acp.AccessControlRule;
import io.bastion.security.acp.GrantedPermission;
import io.bastion.security.acp.SetOfAcrs;
import java.util.List;

/**
 * One {@code m2m:tokenPermission} ({@code tkps.pm[i]}, TS-0004 6.3.5.53; TS-0003 7.3.2.5): the resources it applies
 * to ({@code ris}), the access control rules it grants ({@code pv}, an m2m:setOfAcrs, parsed by the
 * {@link io.bastion.security.acp.AcpParser} like any policy) and the Role-IDs it assigns ({@code rids}).
 *
 * <p>TS-0003 7.3.2.5 step 1: "If the privileges element is present, then [resourceIDs] shall be present": a
 * permission with rules and no {@code ris} is refused rather than read as "every resource". A permission with only
 * {@code rids} and no {@code ris} assigns its roles for every resource.
 *
 * @param resourceIds {@code ris}; empty when absent
 * @param privileges {@code pv} rules in order (kept prepared for the decision); empty when absent
 * @param roleIds {@code rids}; empty when absent
 */
public record TokenPermission(List<String> resourceIds, List<AccessControlRule> privileges, List<String> roleIds)
        implements GrantedPermission {
    public TokenPermission {
        resourceIds = resourceIds == null ? List.of() : List.copyOf(resourceIds);
        privileges = privileges == null ? List.of() : new SetOfAcrs(privileges).rules();
        roleIds = roleIds == null ? List.of() : List.copyOf(roleIds);
        if (!privileges.isEmpty() && resourceIds.isEmpty()) {
            throw new IllegalArgumentException("pv requires ris: privileges apply only to named resources "
                    + "(TS-0003 7.3.2.5)");
        }
    }
}
