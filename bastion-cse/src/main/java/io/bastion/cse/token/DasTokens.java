package io.bastion.cse.token;

import io.bastion.core.text.Excerpt;
import io.bastion.cse.dynamic.DasFailure;
import io.bastion.cse.dynamic.DasTokenCheck;
import io.bastion.cse.config.DynamicAuthorizationConfig;
import io.bastion.security.acp.GrantingToken;
import io.bastion.security.token.TokenExpectations;
import io.bastion.security.token.TokenRefusedException;
import io.bastion.security.token.VerifiedToken;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Verifies the tokens a DAS returned in {@code dres.tkns} (TS-0003 7.3.2.2, processing of the response): each must
 * pass {@link TokenVerification} for the originator at the request time (trusted issuer, key and signature; holder is
 * the originator; valid now; the audience names this CSE, without wildcards: the DAS token profile addresses the
 * hosting CSE alone), and its issuer must be the DAS that returned it, i.e. the issuer ID configured for that DAS's
 * point of access ({@link DynamicAuthorizationConfig#dasIssuers}). Any refused token fails the whole answer: it counts
 * as a failure of that DAS and grants nothing. Verified tokens are cached like any other.
 */
public final class DasTokens implements DasTokenCheck {
    private final DynamicAuthorizationConfig settings;
    private final TokenVerification verification;

    public DasTokens(DynamicAuthorizationConfig settings, TokenVerification verification) {
        this.settings = settings;
        this.verification = verification;
    }

    @Override
    public List<GrantingToken> verify(List<String> tkns, URI das, String holder, Instant at) throws DasFailure {
        String issuer = settings.issuerOf(das);
        if (issuer == null) {
            throw new DasFailure("the DAS at " + das + " returned tokens, and no token issuer is configured for it "
                    + "(das.issuers)");
        }
        TokenExpectations expect = verification.expect(holder, at, false);
        List<GrantingToken> out = new ArrayList<>(tkns.size());
        for (int i = 0; i < tkns.size(); i++) {
            VerifiedToken t;
            try {
                t = verification.verify(tkns.get(i), expect);
            } catch (TokenRefusedException e) {
                throw new DasFailure("token " + (i + 1) + " from the DAS at " + das + " is refused: " + e.getMessage());
            }
            if (!issuer.equals(t.claims().issuer())) {
                throw new DasFailure("token " + (i + 1) + " from the DAS at " + das + " is refused: it was issued by "
                        + Excerpt.of(t.claims().issuer()) + ", not by the DAS (" + issuer + ")");
            }
            out.add(t);
        }
        return out;
    }
}
