package io.bastion.security.token;

import io.bastion.security.acp.GrantedPermission;
import io.bastion.security.acp.GrantingToken;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A token that passed {@link TokenVerifier#verify}: its claims and the compact string it came in. Hand it to the
 * access decision as a {@link GrantingToken} ({@code Grants.builder().token(verified)}).
 */
public record VerifiedToken(TokenClaims claims, String compact) implements GrantingToken {
    public VerifiedToken {
        Objects.requireNonNull(claims, "claims");
        Objects.requireNonNull(compact, "compact");
    }

    @Override
    public String tokenId() {
        return claims.tokenId();
    }

    @Override
    public Instant notBefore() {
        return claims.notBefore();
    }

    @Override
    public Instant notAfter() {
        return claims.notAfter();
    }

    @Override
    public List<? extends GrantedPermission> grantedPermissions() {
        return claims.permissions().permissions();
    }

    @Override
    public String toString() {
        return "VerifiedToken[tkid=" + claims.tokenId() + ", iss=" + claims.issuer() + ", holder=" + claims.holder()
                + ", until=" + claims.notAfter() + "]";
    }
}
