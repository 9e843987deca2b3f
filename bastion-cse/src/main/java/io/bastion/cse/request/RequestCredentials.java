package io.bastion.cse.request;

import io.bastion.security.acp.GrantingToken;
import io.bastion.security.acp.VerifiedRole;
import java.util.List;

/**
 * What the originator of one request proved beyond the policies, verified once per request: the tokens of its
 * {@code tkns}, {@code tids} and {@code ltids} (TS-0003 7.3.2.3 step 7) and the roles of its {@code rids} (TS-0003
 * 7.4.3). A token or role that fails verification never gets here: the request is refused instead.
 */
public record RequestCredentials(List<GrantingToken> tokens, List<VerifiedRole> roles) {
    public static final RequestCredentials NONE = new RequestCredentials(List.of(), List.of());

    public RequestCredentials {
        tokens = List.copyOf(tokens);
        roles = List.copyOf(roles);
    }

    public boolean isEmpty() {
        return tokens.isEmpty() && roles.isEmpty();
    }

    /** The verified Role-IDs, for {@code orid} of a DAS request. */
    public List<String> roleIds() {
        return roles.stream().map(VerifiedRole::roleId).distinct().toList();
    }
}
