package io.bastion.server;

import io.bastion.cse.config.EsCertKeConfig;
import java.time.Duration;
import java.util.Properties;
import java.util.Set;

/** The {@code e2e.escertke.*} keys: the keys this CSE establishes as an ESCertKE end-point ({@link EsCertKeConfig}). */
final class EsCertKeSettings {
    static final Set<String> KEYS = Set.of("e2e.escertke.key-lifetime-s", "e2e.escertke.max-keys");

    private EsCertKeSettings() {
    }

    static EsCertKeConfig load(Properties p) {
        EsCertKeConfig d = EsCertKeConfig.defaults();
        long lifetime = ServerConfig.number(p, "e2e.escertke.key-lifetime-s", d.keyLifetime().toSeconds());
        long max = ServerConfig.number(p, "e2e.escertke.max-keys", d.maxKeys());
        return new EsCertKeConfig(Duration.ofSeconds(lifetime), (int) Math.clamp(max, 0, Integer.MAX_VALUE));
    }
}
