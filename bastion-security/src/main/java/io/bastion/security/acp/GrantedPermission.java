package io.bastion.security.acp;

import java.util.List;

/**
 * One element of a token's permissions as the engine reads it (TS-0003 7.3.2.5; TS-0004 m2m:tokenPermission
 * {@code ris}, {@code pv}, {@code rids}). Implemented by {@code io.bastion.security.token.TokenPermission}.
 */
public interface GrantedPermission {

    /** {@code ris}: the resources the permission applies to; empty means every resource. */
    List<String> resourceIds();

    /** {@code pv}: rules applied as one more applicable policy; empty when absent. */
    List<AccessControlRule> privileges();

    /** {@code rids}: Role-IDs that count as verified roles of the holder; empty when absent. */
    List<String> roleIds();
}
