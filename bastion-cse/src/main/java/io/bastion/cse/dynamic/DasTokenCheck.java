package io.bastion.cse.dynamic;

import io.bastion.security.acp.GrantingToken;
import java.net.URI;
import java.time.Instant;
import java.util.List;

/**
 * Verifies the tokens a DAS returned in {@code dres.tkns} (TS-0003 7.3.2.2: issuer is that DAS, the audience holds
 * this CSE, the holder is the originator, valid now). Implemented over the token verifier of
 * {@code io.bastion.security.token}; the consultation needs only this one question answered.
 */
@FunctionalInterface
public interface DasTokenCheck {

    /** No token is accepted: used when the CSE has no token verification configured. */
    DasTokenCheck REFUSE_ALL = (tkns, das, holder, at) -> {
        throw new DasFailure("the DAS at " + das + " returned tokens, and this CSE trusts no token issuer");
    };

    /**
     * @param tkns the compact tokens
     * @param das the DAS that returned them
     * @param holder the originator's absolute ID
     * @param at the request time
     * @return the verified tokens, in order
     * @throws DasFailure naming the first token refused and why
     */
    List<GrantingToken> verify(List<String> tkns, URI das, String holder, Instant at) throws DasFailure;
}
