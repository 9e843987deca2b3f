package io.bastion.security.e2e;

import io.bastion.security.credential.EditablePskStore;
import io.bastion.security.credential.PskStore;
import java.time.Instant;
import java.util.Optional;
import java.util.function.BiPredicate;

/**
 * Provisioned pairwiseESPrimKeys (SUID 13) kept by a PSK store in a namespace of their own: an entry's identity is
 * the key ID and its one allowed ID the entity (AE-ID or CSE-ID) the key belongs to. Changes reach a running CSE as
 * PSK changes do; the key is read on each lookup (the store caches it).
 */
public final class ProvisionedPairwiseKeys implements PairwiseKeyStore {
    private final PskStore store;

    public ProvisionedPairwiseKeys(PskStore store) {
        this.store = store;
    }

    /** Found by its entity only in a store that lists its entries (the operator's, {@code credentials e2e}). */
    @Override
    public Optional<PairwiseKey> forEntity(String entity, BiPredicate<String, String> sameEntity,
                                           Instant now) {
        if (!(store instanceof EditablePskStore editable)) {
            return Optional.empty();
        }
        return editable.entries().stream()
                .filter(e -> e.allowedIds().size() == 1 && sameEntity.test(e.allowedIds().iterator().next(), entity))
                .map(e -> lookup(e.identity())).flatMap(Optional::stream).filter(k -> k.validAt(now)).findFirst();
    }

    @Override
    public Optional<PairwiseKey> lookup(String keyId) {
        if (keyId == null) {
            return Optional.empty();
        }
        return store.lookup(keyId).filter(c -> c.allowedIds().size() == 1)
                .map(c -> new PairwiseKey(keyId, c.key(), c.allowedIds().iterator().next()));
    }
}
