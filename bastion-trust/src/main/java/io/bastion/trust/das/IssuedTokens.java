package io.bastion.trust.das;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tokens this DAS issued and that are still valid, by token ID, so that a Hosting CSE given only a token ID can
 * fetch the token (TS-0001 11.5.3 step 6). Held in memory only: after a restart the holders still have their
 * tokens, and a CSE asking for a forgotten ID gets nothing, which denies. Bounded: beyond {@code capacity} the
 * oldest entries go first. Thread-safe.
 */
public final class IssuedTokens {
    /** One issued token with what a lookup checks. */
    record Entry(String tokenId, String compact, String holder, List<String> audience, Instant notAfter) {
    }

    private final Clock clock;
    private final int capacity;
    private final LinkedHashMap<String, Entry> byId = new LinkedHashMap<>();

    public IssuedTokens(Clock clock, int capacity) {
        this.clock = clock;
        this.capacity = capacity;
    }

    synchronized void add(Entry e) {
        prune();
        byId.put(e.tokenId(), e);
        Iterator<Map.Entry<String, Entry>> it = byId.entrySet().iterator();
        while (byId.size() > capacity && it.hasNext()) {
            it.next();
            it.remove();
        }
    }

    /**
     * The compact tokens among {@code ids} that are still valid, were issued to {@code holder} and name
     * {@code audience} ("only those Token(s) which are applicable to the Hosting CSE", TS-0001 11.5.3 step 6.2).
     */
    synchronized List<Entry> lookup(List<String> ids, String holder, String audience) {
        prune();
        List<Entry> out = new ArrayList<>();
        for (String id : ids) {
            Entry e = byId.get(id);
            if (e != null && e.holder().equals(holder) && e.audience().contains(audience)) {
                out.add(e);
            }
        }
        return out;
    }

    synchronized int size() {
        prune();
        return byId.size();
    }

    private void prune() {
        Instant now = clock.instant();
        byId.values().removeIf(e -> !e.notAfter().isAfter(now));
    }
}
