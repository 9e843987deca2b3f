package io.bastion.cse.token;

import io.bastion.core.id.IdForms;
import io.bastion.core.text.Excerpt;
import io.bastion.cse.config.CseConfig;
import io.bastion.security.acp.AcpParser;
import io.bastion.security.token.TokenCache;
import io.bastion.security.token.TokenExpectations;
import io.bastion.security.token.TokenRefusedException;
import io.bastion.security.token.TokenVerifier;
import io.bastion.security.token.TrustedIssuers;
import io.bastion.security.token.VerifiedToken;
import java.security.interfaces.ECPrivateKey;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The token verification of one CSE (TS-0003 7.3.2.5, 7.3.2.6.3): one {@link TokenCache} over one
 * {@link TokenVerifier}, for the tokens of requests ({@code tkns}, {@code tids}, {@code ltids}) and those a DAS returns
 * ({@code dres.tkns}), with the expectations this CSE has of every token: its own CSE-ID in the audience, the holder
 * equal to the originator as the authentication stage normalized it ({@link IdForms}), valid at the request time.
 *
 * <p>Which issuers are trusted is operator configuration, a source given at construction (e.g. a file re-read when it
 * changes); {@link TrustedIssuers#NONE} trusts nobody, so every token is refused with "issuer … is not trusted". A
 * cached token is used only while its issuer is still trusted, so that a removed issuer's tokens stop working at once.
 * Encrypted tokens (nested sign-then-encrypt JWE) are accepted when the operator gives the CSE a decryption key; without
 * one they are refused with a message that says so.
 */
public final class TokenVerification {
    private final String cseId;
    private final IdForms forms;
    private final TrustedIssuers issuers;
    private final TokenVerifier verifier;
    private final TokenCache cache;

    /** Without a decryption key: encrypted tokens are refused. */
    public TokenVerification(CseConfig config, AcpParser parser, Clock clock, int maxEntries, TrustedIssuers trusted) {
        this(config, parser, clock, maxEntries, trusted, null, null);
    }

    /**
     * @param trusted which token issuers are trusted, asked at every verification and every use of a cached token
     * @param decryptionKey this CSE's EC P-256 key, to which tokens may be encrypted as nested JWTs (TS-0003 7.3.2.6.3;
     *        see {@link TokenVerifier#withDecryptionKey}); null: encrypted tokens are refused
     * @param keyId the key's {@code kid}; when not null, a JWE header naming another {@code kid} is refused
     * @throws IllegalArgumentException when the key cannot be used for ECDH-ES
     */
    public TokenVerification(CseConfig config, AcpParser parser, Clock clock, int maxEntries, TrustedIssuers trusted,
                             ECPrivateKey decryptionKey, String keyId) {
        this.cseId = config.cseId();
        this.forms = new IdForms(config.spId(), config.cseId());
        this.issuers = Objects.requireNonNull(trusted, "trusted");
        TokenVerifier v = new TokenVerifier(issuers, parser);
        this.verifier = decryptionKey == null ? v : v.withDecryptionKey(decryptionKey, keyId);
        this.cache = new TokenCache(verifier, maxEntries, clock);
    }

    /**
     * What a token must fit for {@code originator} at {@code now}.
     *
     * @param audienceWildcards true for the tokens an originator presents (TS-0003 7.3.2.3 step 7.1.3 allows
     *     wildcards in the audience there), false for those a DAS returns in the direct case, whose audience TS-0003
     *     7.3.2.2 wants to be exactly this CSE
     */
    public TokenExpectations expect(String originator, Instant now, boolean audienceWildcards) {
        return new TokenExpectations(cseId, normalize(originator), now, audienceWildcards, forms);
    }

    /** The verified token, from the cache or verified now; the exception's message says why it was refused. */
    public VerifiedToken verify(String compact, TokenExpectations expect) throws TokenRefusedException {
        TokenCache c = cache;
        VerifiedToken t = c.verify(compact, expect);
        if (!stillTrusted(t)) {
            c.invalidate(t.tokenId());
            throw new TokenRefusedException("token issuer " + Excerpt.of(t.claims().issuer()) + " is not trusted");
        }
        return t;
    }

    /**
     * Verifies {@code compact} as {@link #verify} does, without reading or filling the cache: for {@code explain},
     * which must leave no trace, and for tokens that need a further check before they may be cached. A full
     * verification is never more lenient than a cache hit, which re-checks only holder and validity.
     */
    public VerifiedToken inspect(String compact, TokenExpectations expect) throws TokenRefusedException {
        return verifier.verify(compact, expect);
    }

    /** As {@link #cached}, without changing the cache (an entry expired at the time asked about stays). */
    public Optional<VerifiedToken> peekCached(String tokenId, TokenExpectations expect) {
        return cache.peekByTokenId(tokenId, expect).filter(this::stillTrusted);
    }

    /** A cached token with this tokenID that the expected originator holds and may use now. */
    public Optional<VerifiedToken> cached(String tokenId, TokenExpectations expect) {
        return cache.byTokenId(tokenId, expect).filter(this::stillTrusted);
    }

    /**
     * Whether the token's issuer is still trusted: the issuer file may have changed since the token was cached, and
     * an issuer the operator removed must stop granting at once (a map lookup; a key removed from an issuer that
     * stays trusted takes effect for new tokens only, cached ones live until they expire).
     */
    private boolean stillTrusted(VerifiedToken t) {
        return issuers.issuer(t.claims().issuer()).isPresent();
    }

    /** Forgets the cached token(s) with this tokenID. */
    public void forget(String tokenId) {
        cache.invalidate(tokenId);
    }

    /** The cache (sizes, tests, benchmarks). */
    public TokenCache cache() {
        return cache;
    }

    /** {@code id} in the form the CSE compares originators in; as given when it is no AE-ID or CSE-ID. */
    public String normalize(String id) {
        String n = forms.normalize(id);
        return n == null ? id : n;
    }
}
