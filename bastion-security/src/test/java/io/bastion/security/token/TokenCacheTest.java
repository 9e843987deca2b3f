package io.bastion.security.token;

import static io.bastion.security.token.TokenFixtures.DAS;
import static io.bastion.security.token.TokenFixtures.NOW;
import static io.bastion.security.token.TokenFixtures.PARSER;
import static io.bastion.security.token.TokenFixtures.SECRET;
import static io.bastion.security.token.TokenFixtures.claims;
import static io.bastion.security.token.TokenFixtures.expect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bastion.core.time.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The cache of verified tokens: hits skip verification, but never holder, time or exact-string checks. */
class TokenCacheTest {
    private final AtomicReference<TrustedIssuer> trusted = new AtomicReference<>(
            new TrustedIssuer(DAS, List.of(new IssuerKey.Hmac(null, SECRET))));
    /** Issuers the test can withdraw: a hit after withdrawal proves no verification ran. */
    private final TrustedIssuers issuers = id -> Optional.ofNullable(trusted.get())
            .filter(i -> i.issuerId().equals(id));
    private final MutableClock clock = new MutableClock(NOW);
    private final TokenCache cache = new TokenCache(new TokenVerifier(issuers, PARSER), 3, clock);
    private final TokenSigner signer = TokenSigner.hs256(SECRET, null);

    @Test
    void aCachedTokenIsNotVerifiedAgain() throws Exception {
        String jwt = signer.sign(claims());
        VerifiedToken first = cache.verify(jwt, expect("Cae1", NOW));
        trusted.set(null); // the issuer is no longer trusted: only a cache hit can still accept the token
        assertThat(cache.verify(new String(jwt.toCharArray()), expect("Cae1", NOW.plusSeconds(1)))).isSameAs(first);
        assertThat(cache.byTokenId("tk-1@das.example", expect("Cae1", NOW))).containsSame(first);
        assertThat(cache.size()).isEqualTo(1);
    }

    @Test
    void aForgedTokenWithAKnownTokenIdIsVerifiedAndRefused() throws Exception {
        cache.verify(signer.sign(claims()), expect("Cae1", NOW));
        TokenSigner forger = TokenSigner.hs256("forged-secret-forged-secret-xxxx".getBytes(StandardCharsets.UTF_8),
                null);
        assertThatThrownBy(() -> cache.verify(forger.sign(claims()), expect("Cae1", NOW)))
                .hasMessageStartingWith("token signature does not verify");
    }

    @Test
    void aHitStillChecksTheHolderAndTheTime() throws Exception {
        String jwt = signer.sign(claims());
        cache.verify(jwt, expect("Cae1", NOW));
        assertThatThrownBy(() -> cache.verify(jwt, expect("Cmallory", NOW)))
                .hasMessage("token holder Cae1 is not the originator");
        assertThat(cache.byTokenId("tk-1@das.example", expect("Cmallory", NOW))).isEmpty();
        assertThatThrownBy(() -> cache.verify(jwt, expect("Cae1", NOW.minusSeconds(61))))
                .hasMessageStartingWith("token tk-1@das.example is not valid before");
        clock.advance(Duration.ofSeconds(60));
        assertThatThrownBy(() -> cache.verify(jwt, expect("Cae1", clock.instant())))
                .hasMessageStartingWith("token tk-1@das.example expired at");
        assertThat(cache.size()).as("an expired token is dropped when met").isZero();
    }

    @Test
    void aFullCacheDropsExpiredThenSoonestExpiringTokens() throws Exception {
        for (int i = 0; i < 3; i++) {
            cache.verify(signer.sign(token("t" + i, 10 + i)), expect("Cae1", NOW));
        }
        assertThat(cache.size()).isEqualTo(3);
        cache.verify(signer.sign(token("t3", 100)), expect("Cae1", NOW));
        assertThat(cache.size()).isEqualTo(3);
        assertThat(cache.byTokenId("t0", expect("Cae1", NOW))).as("soonest to expire").isEmpty();
        assertThat(cache.byTokenId("t3", expect("Cae1", NOW))).isPresent();
        clock.advance(Duration.ofSeconds(13));
        cache.verify(signer.sign(token("t4", 100)), expect("Cae1", clock.instant()));
        assertThat(cache.byTokenId("t1", expect("Cae1", clock.instant()))).isEmpty();
        assertThat(cache.byTokenId("t2", expect("Cae1", clock.instant()))).isEmpty();
        assertThat(cache.size()).as("both expired ones were dropped").isEqualTo(2);
        cache.invalidate("t4");
        assertThat(cache.byTokenId("t4", expect("Cae1", clock.instant()))).isEmpty();
    }

    private static TokenClaims token(String id, int seconds) {
        return new TokenClaims("1", id, "Cae1", DAS, NOW.minusSeconds(1), NOW.plusSeconds(seconds), null,
                List.of("/id-in"), null, null);
    }
}
