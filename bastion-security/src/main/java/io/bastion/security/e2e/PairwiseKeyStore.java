package io.bastion.security.e2e;

import java.util.Optional;

/**
 * Where an ESPrim end finds its pairwiseESPrimKeys by ID: provisioned ones (the server's store over the secure
 * environment), ones established by ESCertKE, an application's own. Implementations are thread-safe and see changes
 * without a restart.
 */
@FunctionalInterface
public interface PairwiseKeyStore {
    /** The key with this pairwiseESPrimKeyID, or empty. */
    Optional<PairwiseKey> lookup(String keyId);
}
