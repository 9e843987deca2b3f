package io.bastion.security.acp;

import java.util.Objects;

/**
 * A Role-ID the originator holds, already verified by the caller (TS-0003 7.4.3 step 4: issuer, holder, validity),
 * and how: {@code verifiedBy} names the {@code <role>} resource or the token it came from, for explanations.
 * Role-IDs match {@code acor} entries literally (no wildcard).
 */
public record VerifiedRole(String roleId, String verifiedBy) {
    public VerifiedRole {
        Objects.requireNonNull(roleId, "roleId");
        Objects.requireNonNull(verifiedBy, "verifiedBy");
    }
}
