package io.bastion.cse.access;

import io.bastion.cse.request.RequestContext;
import io.bastion.cse.request.RequestCredentials;
import io.bastion.cse.role.RoleRepository;
import io.bastion.cse.token.RequestTokens;
import io.bastion.security.acp.GrantingToken;
import java.util.List;

/**
 * Verifies the tokens and roles a request presents ({@code tkns}, {@code tids}, {@code ltids}, {@code rids}); a
 * refusal is a {@code OneM2MException} (4103 naming the token or role and why), since TS-0003 7.3.2.3 step 7.1.4 makes
 * any token that cannot be retrieved or verified an error. May assign Local-Token-IDs ({@link RequestContext#ati}).
 */
@FunctionalInterface
public interface CredentialVerifier {

    /** Accepts no token and no role: any presented one is refused. */
    CredentialVerifier NONE = x -> {
        if (!x.request().tkns().isEmpty() || !x.request().tids().isEmpty() || !x.request().ltids().isEmpty()
                || !x.request().rids().isEmpty()) {
            throw io.bastion.core.primitive.OneM2MException.noPrivilege(
                    "this CSE verifies no tokens or roles; remove tkns, tids, ltids and rids");
        }
        return RequestCredentials.NONE;
    };

    RequestCredentials verify(RequestContext x);

    /**
     * Verifies over the token and role repositories of a CSE: tokens first ({@link RequestTokens#verify}), since a
     * Role-ID that a presented token assigns needs no {@code <role>} ({@link RoleRepository#verify}). {@code explain}
     * verifies the same way without side effects ({@code CredentialInspection}).
     */
    static CredentialVerifier of(RequestTokens tokens, RoleRepository roles) {
        return x -> {
            List<GrantingToken> presented = RequestTokens.presents(x) ? tokens.verify(x) : List.of();
            return new RequestCredentials(presented, roles.verify(x.request().rids(), x.originator(), x.received(),
                    presented));
        };
    }
}
