package io.bastion.cse.dynamic;

import io.bastion.security.acp.DynamicGrant;
import io.bastion.security.acp.GrantingToken;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The results of DAS consultations, per {@link ConsultationKey}, each until it lapses: granted privileges
 * ({@link DynamicGrant}, until the granted lifetime ends), tokens the DAS returned (until their notAfter), and refusals
 * or failures (for the configured negative lifetime, so that a denied originator cannot make the CSE call the DAS on
 * every request).
 *
 * <p>In memory only: a restart forgets every grant, and the next request consults the DAS again. That is the safe
 * direction (nothing outlives what the DAS can confirm), and it keeps dynamic grants out of the resource tree, where
 * TS-0004 7.5.1.2.10 would put them as child {@code <accessControlPolicy>} resources of the target: not every target
 * type may hold one, and linking it would change the target's {@code acpi}, which is the owner's.
 *
 * <p>Bounded: past {@link #MAX_ENTRIES} lapsed entries are swept, and if that is not enough new refusals are not
 * remembered (grants still are, since dropping them would only cost a consultation).
 */
public final class DynamicGrants {
    static final int MAX_ENTRIES = 100_000;

    private final Map<ConsultationKey, Entry> entries = new ConcurrentHashMap<>();

    /** What is remembered for one key. */
    public sealed interface Entry permits Granted, Refused {
        /** When the entry lapses. */
        Instant until();
    }

    /** Privileges and tokens granted; lapses when the last of them does. */
    public record Granted(List<DynamicGrant> grants, List<GrantingToken> tokens, Instant until) implements Entry {
        public Granted {
            grants = List.copyOf(grants);
            tokens = List.copyOf(tokens);
        }
    }

    /** A refusal or failure, and why. */
    public record Refused(String reason, Instant until) implements Entry {
    }

    /** The live entry for {@code key} at {@code now}, or null. */
    public Entry get(ConsultationKey key, Instant now) {
        Entry e = entries.get(key);
        if (e == null) {
            return null;
        }
        if (!now.isBefore(e.until())) {
            entries.remove(key, e);
            return null;
        }
        return e;
    }

    /**
     * The entry for {@code key} if it is live at {@code now}, or null, without dropping a lapsed one: decisions read
     * through this, so that asking about another time ({@code explain --at}) cannot remove a grant live now.
     */
    public Entry peek(ConsultationKey key, Instant now) {
        Entry e = entries.get(key);
        return e == null || !now.isBefore(e.until()) ? null : e;
    }

    /** The live grants for {@code key} at {@code now} (empty when none). */
    public List<DynamicGrant> grants(ConsultationKey key, Instant now) {
        return peek(key, now) instanceof Granted g ? g.grants() : List.of();
    }

    /** The live DAS tokens for {@code key} at {@code now} (empty when none). */
    public List<GrantingToken> tokens(ConsultationKey key, Instant now) {
        return peek(key, now) instanceof Granted g ? g.tokens() : List.of();
    }

    public void grant(ConsultationKey key, List<DynamicGrant> grants, List<GrantingToken> tokens, Instant now) {
        Instant until = now;
        for (DynamicGrant g : grants) {
            until = g.expires().isAfter(until) ? g.expires() : until;
        }
        for (GrantingToken t : tokens) {
            until = t.notAfter().isAfter(until) ? t.notAfter() : until;
        }
        if (until.isAfter(now)) {
            room(now, true);
            entries.put(key, new Granted(grants, tokens, until));
        }
    }

    public void refuse(ConsultationKey key, String reason, Instant until, Instant now) {
        if (until.isAfter(now) && room(now, false)) {
            entries.put(key, new Refused(reason, until));
        }
    }

    /** Forgets everything (tests; an operator who changed the DAS rules). */
    public void clear() {
        entries.clear();
    }

    public int size() {
        return entries.size();
    }

    /** Whether nothing is remembered: then a decision need not build a key to look for a grant. */
    public boolean isEmpty() {
        return entries.isEmpty();
    }

    private boolean room(Instant now, boolean always) {
        if (entries.size() < MAX_ENTRIES) {
            return true;
        }
        List<ConsultationKey> lapsed = new ArrayList<>();
        entries.forEach((k, e) -> {
            if (!now.isBefore(e.until())) {
                lapsed.add(k);
            }
        });
        lapsed.forEach(entries::remove);
        return always || entries.size() < MAX_ENTRIES;
    }
}
