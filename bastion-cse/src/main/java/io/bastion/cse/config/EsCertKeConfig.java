package io.bastion.cse.config;

import java.time.Duration;
import java.util.Objects;

/**
 * This CSE as an ESCertKE Terminating End-Point (TS-0003 8.7): how long a pairwiseE2EKey it established stays usable as
 * a pairwiseESPrimKey, and how many it keeps at once.
 *
 * @param keyLifetime {@code e2e.escertke.key-lifetime-s}: the pairwiseESPrimKeyLifetime of an established key (TS-0003
 *        8.4.2 A allows one; 8.7 sets none); after it the key is forgotten and ESPrim with it is 4112 until the peer
 *        runs ESCertKE again
 * @param maxKeys {@code e2e.escertke.max-keys}: established keys held at once; beyond it the one expiring first is
 *        dropped, so that a flood of handshakes cannot grow the memory without bound
 */
public record EsCertKeConfig(Duration keyLifetime, int maxKeys) {
    public EsCertKeConfig {
        Objects.requireNonNull(keyLifetime, "keyLifetime");
        if (keyLifetime.compareTo(Duration.ofSeconds(10)) < 0) {
            throw new IllegalArgumentException("e2e.escertke.key-lifetime-s must be at least 10 s");
        }
        if (maxKeys < 1) {
            throw new IllegalArgumentException("e2e.escertke.max-keys must be at least 1, not " + maxKeys);
        }
    }

    /** A day per key, 10 000 keys. */
    public static EsCertKeConfig defaults() {
        return new EsCertKeConfig(Duration.ofDays(1), 10_000);
    }
}
