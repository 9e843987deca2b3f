package io.bastion.security.e2e;

import io.bastion.security.credential.PskStore;
import java.util.Optional;

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

    @Override
    public Optional<PairwiseKey> lookup(String keyId) {
        if (keyId == null) {
            return Optional.empty();
        }
        return store.lookup(keyId).filter(c -> c.allowedIds().size() == 1)
                .map(c -> new PairwiseKey(keyId, c.key(), c.allowedIds().iterator().next()));
    }
}
