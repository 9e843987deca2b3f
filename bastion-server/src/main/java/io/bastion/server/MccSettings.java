package io.bastion.server;

import io.bastion.cse.config.MccConfig;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.Set;

/** The keys of this CSE's place among CSEs: {@code cse.type}, {@code registration.allowed-cses} ({@link MccConfig}). */
final class MccSettings {
    static final Set<String> KEYS = Set.of("cse.type", "registration.allowed-cses");

    private MccSettings() {
    }

    static MccConfig load(Properties p) {
        MccConfig d = MccConfig.defaults();
        MccConfig.CseType type = p.containsKey("cse.type") ? MccConfig.CseType.of(p.getProperty("cse.type"))
                : d.cseType();
        List<String> allowed = Arrays.stream(p.getProperty("registration.allowed-cses", "").split(","))
                .map(String::trim).filter(v -> !v.isEmpty()).toList();
        return new MccConfig(type, allowed);
    }
}
