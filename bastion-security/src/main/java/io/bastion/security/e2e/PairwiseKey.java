package io.bastion.security.e2e;

import io.bastion.security.credential.PreSharedKey;
import java.time.Instant;
import java.util.Objects;

/**
 * A pairwiseESPrimKey (TS-0003 8.4.2 A): its ID ({@code kid} of ESPrim objects), the key, which never prints
 * ({@link PreSharedKey}: 16..64 bytes, copies only, destroyable), the identity the receiver associates with it (an
 * AE-ID or CSE-ID: the inner {@code fr} must be this, TS-0003 7.2.2) and its optional lifetime (none: it never
 * expires).
 *
 * @param keyId pairwiseESPrimKeyID; for provisioned keys Bastion uses the KpsaID form of TS-0003 10.5,
 *        {@code relative@issuer-fqdn} (TS-0003 leaves the form of a provisioned key's ID open)
 * @param key the key
 * @param entity the AE-ID or CSE-ID of the other end
 * @param notAfter pairwiseESPrimKeyLifetime, or null
 */
public record PairwiseKey(String keyId, PreSharedKey key, String entity, Instant notAfter) {
    public PairwiseKey {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(entity, "entity");
    }

    /** A key that never expires. */
    public PairwiseKey(String keyId, PreSharedKey key, String entity) {
        this(keyId, key, entity, null);
    }

    /** The Credential-ID of TS-0003 10.4 (type 13, pairwiseESPrimKeyID). */
    public String credentialId() {
        return "13-" + keyId;
    }

    public boolean validAt(Instant now) {
        return notAfter == null || now.isBefore(notAfter);
    }

    @Override
    public String toString() {
        return "PairwiseKey[" + keyId + " for " + entity + (notAfter == null ? "" : " until " + notAfter) + "]";
    }
}
