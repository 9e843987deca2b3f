package io.bastion.security.token;

import io.bastion.core.id.IdForms;
import java.time.Instant;
import java.util.Objects;

/**
 * What a token must fit to be accepted by this CSE for one request (TS-0003 7.3.2.5).
 *
 * @param cseId this CSE's CSE-ID ({@code /id-in}); a token's audience must name it
 * @param originator the request's originator as the authentication stage normalized it ({@link IdForms#normalize});
 *     the token's holder must be exactly this
 * @param now the request time; the token must satisfy {@code notBefore <= now < notAfter}
 * @param audienceWildcards whether {@code *} in audience entries is honoured (TS-0001 11.5.3 allows wildcards in the
 *     indirect case); {@code *} matches within one path segment only, never a {@code /}
 * @param forms how this CSE writes IDs: the holder and audience entries are normalized with it before comparing
 *     (so {@code //sp/id-in/Cabc}, {@code /id-in/Cabc} and {@code Cabc} are one holder); null compares exactly
 */
public record TokenExpectations(String cseId, String originator, Instant now, boolean audienceWildcards,
                                IdForms forms) {
    public TokenExpectations {
        Objects.requireNonNull(cseId, "cseId");
        Objects.requireNonNull(now, "now");
    }

    /** Expectations that compare holder and audience exactly as written. */
    public TokenExpectations(String cseId, String originator, Instant now, boolean audienceWildcards) {
        this(cseId, originator, now, audienceWildcards, null);
    }

    /** The same expectations for another originator and time (the CSE-wide part stays). */
    public TokenExpectations at(String otherOriginator, Instant otherNow) {
        return new TokenExpectations(cseId, otherOriginator, otherNow, audienceWildcards, forms);
    }

    /** {@code id} in the CSE's comparison form, or as written when there are no forms or it is not an ID. */
    String normalize(String id) {
        if (forms == null || id == null) {
            return id;
        }
        String n = forms.normalize(id);
        return n == null ? id : n;
    }
}
