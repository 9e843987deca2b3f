package io.bastion.server;

import io.bastion.cse.config.NonBlockingConfig;
import java.time.Duration;
import java.util.Properties;
import java.util.Set;

/** The {@code nonblocking.*} keys: limits and timing of non-blocking requests ({@link NonBlockingConfig}). */
final class NonBlockingSettings {
    static final Set<String> KEYS = Set.of("nonblocking.max-pending", "nonblocking.workers",
            "nonblocking.result-lifetime-s", "nonblocking.max-result-lifetime-s", "nonblocking.hold-ms");

    private NonBlockingSettings() {
    }

    static NonBlockingConfig load(Properties p) {
        NonBlockingConfig d = NonBlockingConfig.defaults();
        return new NonBlockingConfig(
                whole(p, "nonblocking.max-pending", d.maxPending()),
                whole(p, "nonblocking.workers", d.workers()),
                Duration.ofSeconds(ServerConfig.number(p, "nonblocking.result-lifetime-s",
                        d.resultLifetime().toSeconds())),
                Duration.ofSeconds(ServerConfig.number(p, "nonblocking.max-result-lifetime-s",
                        d.maxResultLifetime().toSeconds())),
                Duration.ofMillis(ServerConfig.number(p, "nonblocking.hold-ms", d.hold().toMillis())));
    }

    private static int whole(Properties p, String key, int dflt) {
        return Math.clamp(ServerConfig.number(p, key, dflt), Integer.MIN_VALUE, Integer.MAX_VALUE);
    }
}
