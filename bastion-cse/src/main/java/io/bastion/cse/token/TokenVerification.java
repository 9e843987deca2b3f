package io.bastion.cse.token;

import io.bastion.core.id.IdForms;
import io.bastion.core.text.Excerpt;
import io.bastion.cse.config.CseConfig;
import io.bastion.security.acp.AcpParser;
import io.bastion.security.token.TokenCache;
import io.bastion.security.token.TokenExpectations;
import io.bastion.security.token.TokenRefusedException;
import io.bastion.security.token.TokenVerifier;
import io.bastion.security.token.TrustedIssuer;
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
 * <p>Which issuers are trusted is operator configuration ({@link #trustedIssuers}); until it is set nobody is, so
 * every token is refused with "issuer … is not trusted". Replacing the issuers forgets every cached token, and a
 * cached token is used only while its issuer is still trusted, so that a removed issuer's tokens stop working at
 * once. Encrypted tokens (nested sign-then-encrypt JWE) are accepted once the operator gives the CSE a decryption
 * key ({@link #decryptionKey}); until then they are refused with a message that says so.
 */
public final class TokenVerification {
    private final String cseId;
    private final IdForms forms;
    private final Switchable issuers = new Switchable();
    private final int maxEntries;
    private final Clock clock;
    /** Replaced as a whole when a decryption key is set, so that a cache never outlives its verifier. */
    private volatile TokenVerifier verifier;
    private volatile TokenCache cache;

    public TokenVerification(CseConfig config, AcpParser parser, Clock clock, int maxEntries) {
        this.cseId = config.cseId();
        this.forms = new IdForms(config.spId(), config.cseId());
        this.maxEntries = maxEntries;
        this.clock = clock;
        this.verifier = new TokenVerifier(issuers, parser);
        this.cache = new TokenCache(verifier, maxEntries, clock);
    }

    /**
     * From now on also accepts nested JWTs encrypted to this CSE's EC P-256 key (TS-0003 7.3.2.6.3; see
     * {@link TokenVerifier#withDecryptionKey}). Meant for start-up: the verified tokens cached so far are forgotten.
     *
     * @param keyId the key's {@code kid}; when not null, a JWE header naming another {@code kid} is refused
     * @throws IllegalArgumentException when the key cannot be used for ECDH-ES
     */
    public synchronized void decryptionKey(ECPrivateKey key, String keyId) {
        TokenVerifier v = verifier.withDecryptionKey(Objects.requireNonNull(key, "key"), keyId);
        TokenCache c = new TokenCache(v, maxEntries, clock);
        this.verifier = v;
        this.cache = c;
    }

    /** Replaces the trusted issuers (null trusts nobody) and forgets every verified token. */
    public void trustedIssuers(TrustedIssuers trusted) {
        issuers.current = trusted == null ? TrustedIssuers.NONE : trusted;
        cache.clear();
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

    /** Trusted issuers that can be replaced at run time. */
    private static final class Switchable implements TrustedIssuers {
        volatile TrustedIssuers current = TrustedIssuers.NONE;

        @Override
        public Optional<TrustedIssuer> issuer(String issuerId) {
            return Objects.requireNonNull(current).issuer(issuerId);
        }
    }
}
