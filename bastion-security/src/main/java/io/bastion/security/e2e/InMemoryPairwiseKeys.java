package io.bastion.security.e2e;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiPredicate;

/** Pairwise keys held in memory (keys an application provisions itself, or established by ESCertKE); thread-safe. */
public final class InMemoryPairwiseKeys implements PairwiseKeyStore {
    private final ConcurrentHashMap<String, PairwiseKey> keys = new ConcurrentHashMap<>();

    /** Adds or replaces the key with its ID. */
    public void put(PairwiseKey key) {
        keys.put(key.keyId(), key);
    }

    /** Removes the key; true when there was one. */
    public boolean remove(String keyId) {
        return keys.remove(keyId) != null;
    }

    @Override
    public Optional<PairwiseKey> forEntity(String entity, BiPredicate<String, String> sameEntity,
                                           Instant now) {
        return keys.values().stream().filter(k -> k.validAt(now) && sameEntity.test(k.entity(), entity)).findFirst();
    }

    @Override
    public Optional<PairwiseKey> lookup(String keyId) {
        return Optional.ofNullable(keyId == null ? null : keys.get(keyId));
    }
}
