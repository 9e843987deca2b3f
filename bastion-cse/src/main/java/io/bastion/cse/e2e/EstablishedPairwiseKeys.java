package io.bastion.cse.e2e;

import io.bastion.security.credential.PreSharedKey;
import io.bastion.security.e2e.PairwiseKey;
import io.bastion.security.e2e.PairwiseKeyStore;
import io.bastion.security.escertke.PairwiseE2EKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiPredicate;

/**
 * The pairwiseESPrimKeys this CSE established by ESCertKE (TS-0003 8.7, then 8.4.2 A): in memory only (never written to
 * the store, the log or the audit), each until its lifetime ends, at most {@code max} at once (the one expiring first
 * makes room). A key established again with the same peer does not replace the earlier one: both stay valid until
 * they expire, as an originator may still hold a session with the first. Thread-safe.
 */
public final class EstablishedPairwiseKeys implements PairwiseKeyStore {
    private final Clock clock;
    private final Duration lifetime;
    private final int max;
    private final Map<String, PairwiseKey> keys = new ConcurrentHashMap<>();

    public EstablishedPairwiseKeys(Clock clock, Duration lifetime, int max) {
        this.clock = clock;
        this.lifetime = lifetime;
        this.max = max;
    }

    /**
     * Keeps {@code established} as the pairwiseESPrimKey of its entity, its ID the pairwiseE2EKeyID (no further
     * derivation: 8.7.1 names none), until now plus the lifetime.
     */
    public PairwiseKey add(PairwiseE2EKey established) {
        byte[] bytes = established.bytes();
        PairwiseKey key;
        try {
            key = new PairwiseKey(established.keyId(), PreSharedKey.of(bytes), established.entity(),
                    clock.instant().plus(lifetime));
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
        synchronized (keys) {
            Instant now = clock.instant();
            if (keys.size() >= max) {
                keys.values().removeIf(k -> !k.validAt(now));
            }
            while (keys.size() >= max) {
                keys.values().stream().min(Comparator.comparing(PairwiseKey::notAfter))
                        .ifPresent(k -> keys.remove(k.keyId()));
            }
            keys.put(key.keyId(), key);
        }
        return key;
    }

    @Override
    public Optional<PairwiseKey> lookup(String keyId) {
        PairwiseKey k = keyId == null ? null : keys.get(keyId);
        if (k != null && !k.validAt(clock.instant())) {
            keys.remove(keyId, k); // not destroyed: a request that looked it up a moment before may still use it
            return Optional.empty();
        }
        return Optional.ofNullable(k);
    }

    /** The established key with {@code entity} that lasts longest (several may be held: none replaces another). */
    @Override
    public Optional<PairwiseKey> forEntity(String entity, BiPredicate<String, String> sameEntity,
                                           Instant now) {
        return keys.values().stream().filter(k -> k.validAt(now) && sameEntity.test(k.entity(), entity))
                .max(Comparator.comparing(PairwiseKey::notAfter));
    }

    /** How many keys are held now (expired ones included until looked up or pushed out). */
    public int size() {
        return keys.size();
    }

    /** The provisioned keys first, then these: an ID of either kind finds its key. */
    public PairwiseKeyStore after(PairwiseKeyStore provisioned) {
        EstablishedPairwiseKeys established = this;
        return new PairwiseKeyStore() {
            @Override
            public Optional<PairwiseKey> lookup(String id) {
                return provisioned.lookup(id).or(() -> established.lookup(id));
            }

            @Override
            public Optional<PairwiseKey> forEntity(String entity, BiPredicate<String, String> same,
                                                   Instant now) {
                return provisioned.forEntity(entity, same, now).or(() -> established.forEntity(entity, same, now));
            }
        };
    }
}
