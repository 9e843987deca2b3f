package io.bastion.cse.token;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Local-Token-IDs (TS-0001 7.1.16, 11.5.3 steps 7.2 and 8; TS-0003 7.3.2.3): short NCNames this CSE assigns to tokens
 * it accepted, returned in {@code ati}, so that later requests may carry {@code ltids} instead of the token.
 *
 * <p>An assignment is bound to the originator that presented the token (a Local-Token-ID presented by anyone else is
 * unknown) and lapses with the token's notAfter. The same originator presenting the same token again gets the same
 * Local-Token-ID. IDs are {@code lt} followed by 16 characters from 80 random bits: local to this CSE, never reused
 * while assigned, and not guessable. In memory only and bounded: a full table first drops lapsed assignments, then
 * those that lapse soonest; a forgotten Local-Token-ID is refused, and the originator falls back to the token.
 * Thread-safe.
 */
public final class LocalTokenIds {
    /** The default bound on the number of assignments. */
    public static final int DEFAULT_MAX_ENTRIES = 10_000;
    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();

    /** One assignment: the Local-Token-ID, the token it names and who may use it until when. */
    public record Assignment(String lti, String tokenId, String originator, String compact, Instant notAfter) {
    }

    private record Holding(String originator, String tokenId) {
    }

    private final int maxEntries;
    private final SecureRandom random;
    private final Map<String, Assignment> byLti = new ConcurrentHashMap<>();
    private final Map<Holding, Assignment> byHolding = new ConcurrentHashMap<>();

    public LocalTokenIds(int maxEntries, SecureRandom random) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be at least 1");
        }
        this.maxEntries = maxEntries;
        this.random = random;
    }

    /**
     * The Local-Token-ID of the token {@code compact} (tokenID {@code tokenId}, valid until {@code notAfter}) for
     * {@code originator}: the one assigned before, or a new one.
     */
    public synchronized Assignment assign(String originator, String tokenId, String compact, Instant notAfter,
                                          Instant now) {
        Holding h = new Holding(originator, tokenId);
        Assignment a = byHolding.get(h);
        if (a != null && now.isBefore(a.notAfter()) && a.compact().equals(compact)) {
            return a;
        }
        if (a != null) {
            remove(a);
        }
        if (byLti.size() >= maxEntries) {
            makeRoom(now);
        }
        String lti;
        do {
            lti = fresh();
        } while (byLti.containsKey(lti));
        a = new Assignment(lti, tokenId, originator, compact, notAfter);
        byLti.put(lti, a);
        byHolding.put(h, a);
        return a;
    }

    /** The live assignment of {@code lti} to {@code originator}; empty when unknown, lapsed or another's. */
    public Optional<Assignment> find(String lti, String originator, Instant now) {
        Assignment a = lti == null ? null : byLti.get(lti);
        if (a == null || !a.originator().equals(originator)) {
            return Optional.empty();
        }
        if (!now.isBefore(a.notAfter())) {
            synchronized (this) {
                remove(a);
            }
            return Optional.empty();
        }
        return Optional.of(a);
    }

    /** As {@link #find}, without dropping a lapsed assignment (for {@code explain}, at a time it asks about). */
    public Optional<Assignment> peek(String lti, String originator, Instant now) {
        Assignment a = lti == null ? null : byLti.get(lti);
        if (a == null || !a.originator().equals(originator) || !now.isBefore(a.notAfter())) {
            return Optional.empty();
        }
        return Optional.of(a);
    }

    /** Forgets every assignment of the token with this tokenID (its {@code <token>} was deleted). */
    public synchronized void forget(String tokenId) {
        byLti.values().stream().filter(a -> a.tokenId().equals(tokenId)).toList().forEach(this::remove);
    }

    public int size() {
        return byLti.size();
    }

    private void remove(Assignment a) {
        byLti.remove(a.lti(), a);
        byHolding.remove(new Holding(a.originator(), a.tokenId()), a);
    }

    /**
     * Drops lapsed assignments, then the soonest to lapse until an eighth of the room is free: one sort per
     * {@code maxEntries / 8} assignments instead of a scan per assignment once full.
     */
    private void makeRoom(Instant now) {
        List<Assignment> live = new ArrayList<>(byLti.size());
        for (Assignment a : byLti.values()) {
            if (now.isBefore(a.notAfter())) {
                live.add(a);
            } else {
                remove(a);
            }
        }
        int keep = maxEntries - Math.max(1, maxEntries / 8);
        if (live.size() > keep) {
            live.sort(Comparator.comparing(Assignment::notAfter));
            for (int i = 0, drop = live.size() - keep; i < drop; i++) {
                remove(live.get(i));
            }
        }
    }

    /** {@code lt} and 16 base32 characters: an NCName (it starts with a letter). */
    private String fresh() {
        byte[] b = new byte[10];
        random.nextBytes(b);
        StringBuilder s = new StringBuilder(18).append("lt");
        long bits = 0;
        int n = 0;
        for (byte x : b) {
            bits = (bits << 8) | (x & 0xff);
            n += 8;
            while (n >= 5) {
                n -= 5;
                s.append(ALPHABET[(int) ((bits >> n) & 31)]);
            }
        }
        return s.toString();
    }
}
