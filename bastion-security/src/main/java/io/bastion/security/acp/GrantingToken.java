package io.bastion.security.acp;

import java.time.Instant;
import java.util.List;

/**
 * A token whose security and content the caller has verified (TS-0003 7.3.2.5: signature, issuer, holder,
 * audience, validity), as the engine reads it. Implemented by {@code io.bastion.security.token.VerifiedToken}. The
 * engine checks the validity window again against the request time, since a cached token may have expired since.
 */
public interface GrantingToken {

    /** {@code tkid}. */
    String tokenId();

    /** {@code tknb}. */
    Instant notBefore();

    /** {@code tkna}. */
    Instant notAfter();

    /** {@code tkps.pm}, in order; empty when the token carries no permissions. */
    List<? extends GrantedPermission> grantedPermissions();
}
