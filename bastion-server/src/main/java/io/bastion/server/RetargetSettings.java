package io.bastion.server;

import io.bastion.cse.config.RetargetingConfig;
import java.time.Duration;
import java.util.Properties;
import java.util.Set;

/** The {@code mcc.forward.*} keys: limits of retargeting ({@link RetargetingConfig}). */
final class RetargetSettings {
    static final Set<String> KEYS = Set.of("mcc.forward.max-in-flight", "mcc.forward.timeout-ms");

    private RetargetSettings() {
    }

    static RetargetingConfig load(Properties p) {
        RetargetingConfig d = RetargetingConfig.defaults();
        long inFlight = ServerConfig.number(p, "mcc.forward.max-in-flight", d.maxInFlight());
        return new RetargetingConfig((int) Math.clamp(inFlight, 0, Integer.MAX_VALUE),
                Duration.ofMillis(ServerConfig.number(p, "mcc.forward.timeout-ms", d.timeout().toMillis())));
    }
}
