package io.bastion.server;

import io.bastion.cse.config.DistributedAuthorizationConfig;
import java.time.Duration;
import java.util.Properties;
import java.util.Set;

/**
 * The {@code pdp.*} keys: how this CSE as a Policy Enforcement Point asks the PDPs of {@code adri}, and how long its
 * own PDPs wait for their PRPs and PIPs (TS-0003 7.5; {@link DistributedAuthorizationConfig}). Every key is optional;
 * the defaults are those of {@link DistributedAuthorizationConfig#defaults()}.
 *
 * <ul>
 *   <li>{@code pdp.timeout-ms}: the longest one decision may take over every PDP in order (default 2000)</li>
 *   <li>{@code pdp.cache-ttl-s}: how long a PDP's PERMIT or DENY is remembered for the same request facts (default
 *       10; 0: not remembered, every request asks)</li>
 *   <li>{@code pdp.negative-ttl-s}: how long a consultation without a decision is remembered (default 5; 0: not)</li>
 *   <li>{@code pdp.breaker-failures}: consecutive failures after which a PDP is skipped (default 3)</li>
 *   <li>{@code pdp.breaker-cooldown-s}: how long a skipped PDP stays skipped (default 30)</li>
 * </ul>
 */
final class PdpSettings {
    static final Set<String> KEYS = Set.of("pdp.timeout-ms", "pdp.cache-ttl-s", "pdp.negative-ttl-s",
            "pdp.breaker-failures", "pdp.breaker-cooldown-s");

    private PdpSettings() {
    }

    static DistributedAuthorizationConfig load(Properties p) {
        DistributedAuthorizationConfig d = DistributedAuthorizationConfig.defaults();
        return new DistributedAuthorizationConfig(
                Duration.ofMillis(within(p, "pdp.timeout-ms", d.timeout().toMillis(), 1)),
                Duration.ofSeconds(within(p, "pdp.cache-ttl-s", d.cacheTtl().toSeconds(), 0)),
                Duration.ofSeconds(within(p, "pdp.negative-ttl-s", d.negativeTtl().toSeconds(), 0)),
                (int) within(p, "pdp.breaker-failures", d.failureThreshold(), 1),
                Duration.ofSeconds(within(p, "pdp.breaker-cooldown-s", d.coolDown().toSeconds(), 0)));
    }

    private static long within(Properties p, String key, long dflt, long least) {
        long v = ServerConfig.number(p, key, dflt);
        if (v < least || v > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(key + " must be a whole number from " + least + " to "
                    + Integer.MAX_VALUE);
        }
        return v;
    }
}
