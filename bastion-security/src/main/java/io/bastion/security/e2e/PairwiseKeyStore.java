package io.bastion.security.e2e;

import java.time.Instant;
import java.util.Optional;
import java.util.function.BiPredicate;

/**
 * Where an ESPrim end finds its pairwiseESPrimKeys by ID: provisioned ones (the server's store over the secure
 * environment), ones established by ESCertKE, an application's own. Implementations are thread-safe and see changes
 * without a restart.
 */
@FunctionalInterface
public interface PairwiseKeyStore {
    /** The key with this pairwiseESPrimKeyID, or empty. */
    Optional<PairwiseKey> lookup(String keyId);

    /**
     * A valid key this end shares with {@code entity} (an AE-ID or CSE-ID in the form {@code sameEntity} compares), to
     * originate ESPrim with; empty when there is none or the store cannot tell (the default).
     */
    default Optional<PairwiseKey> forEntity(String entity, BiPredicate<String, String> sameEntity,
                                            Instant now) {
        return Optional.empty();
    }
}
