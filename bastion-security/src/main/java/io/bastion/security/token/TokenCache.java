package io.bastion.security.token;

import io.bastion.core.text.Excerpt;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Verified tokens, so that a token presented again is not verified again (a signature check costs far more than an
 * access decision). Entries are keyed by the whole compact token string: a token is found only when every character
 * is the one that was verified, so a forged token reusing a known {@code tkid} is verified afresh and refused. A
 * second index by {@code tkid} serves the Token-IDs ({@code tids}) of a request.
 *
 * <p>A hit still checks what depends on the request: the holder must be the originator and the request time within
 * {@code notBefore..notAfter}; the security and audience checks were done once, for this CSE. An entry that has
 * expired is dropped when met. The cache holds at most {@code maxEntries}: inserting into a full cache first drops
 * the expired entries, then those that expire soonest. A hit allocates nothing and takes no lock.
 * Thread-safe.
 */
public final class TokenCache {
    /** The default bound on the number of tokens held. */
    public static final int DEFAULT_MAX_ENTRIES = 10_000;

    private final TokenVerifier verifier;
    private final int maxEntries;
    private final Clock clock;
    private final Map<String, Entry> byCompact = new ConcurrentHashMap<>();
    private final Map<String, Entry> byTokenId = new ConcurrentHashMap<>();

    /** What was verified, with the holder as the CSE compares originators and the CSE-wide expectations used. */
    private record Entry(VerifiedToken token, String holder, String cseId, boolean wildcards) {
    }

    /**
     * @param verifier verifies tokens not yet cached
     * @param maxEntries the most tokens held (at least 1)
     * @param clock used to find expired entries when the cache is full
     */
    public TokenCache(TokenVerifier verifier, int maxEntries, Clock clock) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be at least 1");
        }
        this.verifier = Objects.requireNonNull(verifier, "verifier");
        this.maxEntries = maxEntries;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * The verified token, from the cache or verified now (and then cached).
     *
     * @throws TokenRefusedException when the token is refused, by the verifier or, for a cached token, because the
     *     originator is not its holder or it is not valid at {@code expect.now()}
     */
    public VerifiedToken verify(String compact, TokenExpectations expect) throws TokenRefusedException {
        Entry e = compact == null ? null : byCompact.get(compact);
        if (e != null && e.cseId.equals(expect.cseId()) && e.wildcards == expect.audienceWildcards()) {
            return usable(e, expect);
        }
        VerifiedToken v = verifier.verify(compact, expect);
        put(new Entry(v, expect.normalize(v.claims().holder()), expect.cseId(), expect.audienceWildcards()));
        return v;
    }

    /**
     * The cached token with this {@code tkid}, when there is one that the originator of {@code expect} holds and that
     * is valid at its time; empty otherwise (the caller then fetches and verifies the token).
     */
    public Optional<VerifiedToken> byTokenId(String tokenId, TokenExpectations expect) {
        Entry e = tokenId == null ? null : byTokenId.get(tokenId);
        if (e == null || !e.cseId.equals(expect.cseId())) {
            return Optional.empty();
        }
        try {
            return Optional.of(usable(e, expect));
        } catch (TokenRefusedException refused) {
            return Optional.empty();
        }
    }

    /**
     * As {@link #byTokenId}, but never changes the cache: an entry expired at {@code expect.now()} is left in place
     * (that time may be one asked about by {@code explain}, not the present).
     */
    public Optional<VerifiedToken> peekByTokenId(String tokenId, TokenExpectations expect) {
        Entry e = tokenId == null ? null : byTokenId.get(tokenId);
        if (e == null || !e.cseId.equals(expect.cseId())) {
            return Optional.empty();
        }
        try {
            return Optional.of(usable(e, expect, false));
        } catch (TokenRefusedException refused) {
            return Optional.empty();
        }
    }

    /** Forgets the token(s) with this {@code tkid} (e.g. its {@code <token>} resource was deleted). */
    public void invalidate(String tokenId) {
        Entry e = byTokenId.remove(tokenId);
        if (e != null) {
            byCompact.remove(e.token.compact());
        }
        byCompact.values().removeIf(x -> x.token.tokenId().equals(tokenId));
    }

    /** The number of tokens held. */
    public int size() {
        return byCompact.size();
    }

    /** Forgets every token. */
    public void clear() {
        byCompact.clear();
        byTokenId.clear();
    }

    private VerifiedToken usable(Entry e, TokenExpectations expect) throws TokenRefusedException {
        return usable(e, expect, true);
    }

    private VerifiedToken usable(Entry e, TokenExpectations expect, boolean dropExpired) throws TokenRefusedException {
        TokenClaims c = e.token.claims();
        if (expect.originator() == null || !e.holder.equals(expect.originator())) {
            throw new TokenRefusedException("token holder " + Excerpt.of(c.holder()) + " is not the originator");
        }
        if (expect.now().isBefore(c.notBefore())) {
            throw new TokenRefusedException("token " + Excerpt.of(c.tokenId()) + " is not valid before "
                    + c.notBefore());
        }
        if (!expect.now().isBefore(c.notAfter())) {
            if (dropExpired) {
                remove(e);
            }
            throw new TokenRefusedException("token " + Excerpt.of(c.tokenId()) + " expired at " + c.notAfter());
        }
        return e.token;
    }

    private synchronized void put(Entry e) {
        if (byCompact.size() >= maxEntries && !byCompact.containsKey(e.token.compact())) {
            makeRoom();
        }
        byCompact.put(e.token.compact(), e);
        byTokenId.put(e.token.tokenId(), e);
    }

    /**
     * Drops expired entries, then the soonest to expire until an eighth of the room is free: one sort per
     * {@code maxEntries / 8} insertions instead of a scan per insertion once the cache is full (a flood of fresh
     * tokens would otherwise pay a full scan each, under this lock).
     */
    private void makeRoom() {
        Instant now = clock.instant();
        java.util.List<Entry> live = new java.util.ArrayList<>(byCompact.size());
        for (Entry e : byCompact.values()) {
            if (now.isBefore(e.token.claims().notAfter())) {
                live.add(e);
            } else {
                remove(e);
            }
        }
        int keep = maxEntries - Math.max(1, maxEntries / 8);
        if (live.size() > keep) {
            live.sort(java.util.Comparator.comparing((Entry e) -> e.token.claims().notAfter()));
            for (int i = 0, drop = live.size() - keep; i < drop; i++) {
                remove(live.get(i));
            }
        }
    }

    private void remove(Entry e) {
        byCompact.remove(e.token.compact(), e);
        byTokenId.remove(e.token.tokenId(), e);
    }
}
