package io.bastion.cse.access;

import io.bastion.cse.request.Exchange;
import io.bastion.cse.request.RequestCredentials;

/**
 * Verifies the tokens and roles a request presents ({@code tkns}, {@code tids}, {@code ltids}, {@code rids}); a
 * refusal is a {@code OneM2MException} (4103 naming the token or role and why), since TS-0003 7.3.2.3 step 7.1.4 makes
 * any token that cannot be retrieved or verified an error. May assign Local-Token-IDs ({@link Exchange#ati}).
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

    RequestCredentials verify(Exchange x);
}
