package io.bastion.security.maf;

import io.bastion.security.credential.PreSharedKey;
import java.time.Instant;
import java.util.Objects;

/**
 * What a MAF answered to a Key Retrieval (TS-0003 8.8.2.8, table 8.8.2.8-2): the key value Kc, its expiry (the Kc
 * Lifetime, 8.2.2.3), the Source MAF Client ID and the SUID. Never prints the key.
 */
public record RetrievedKey(PreSharedKey kc, Instant expiry, String sourceId, int suid) {
    public RetrievedKey {
        Objects.requireNonNull(kc, "kc");
        Objects.requireNonNull(expiry, "expiry");
        Objects.requireNonNull(sourceId, "sourceId");
    }
}
