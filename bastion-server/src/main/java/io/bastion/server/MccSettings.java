package io.bastion.server;

import io.bastion.cse.config.MccConfig;
import io.bastion.cse.config.RegistreeConfig;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.Set;

/**
 * The keys of this CSE's place among CSEs ({@link MccConfig}): {@code cse.type}, {@code registration.allowed-cses},
 * {@code mcc.plain.allow}, {@code mcc.trust}, {@code mcc.client-certificate}, and the registrar it registers with ({@code registrar.url}, {@code registrar.cse-id}, {@code registrar.name},
 * {@code registrar.psk-identity}, {@code registrar.trust}, {@code registrar.client-certificate}).
 */
final class MccSettings {
    static final Set<String> REGISTRAR_KEYS = Set.of("registrar.url", "registrar.cse-id", "registrar.name",
            "registrar.psk-identity", "registrar.trust", "registrar.client-certificate");
    /** How the registration is kept ({@link RegistreeConfig}); harmless without a registrar. */
    static final Set<String> REGISTREE_KEYS = Set.of("cse.poa", "registrar.retry-initial-ms",
            "registrar.retry-max-ms", "registrar.timeout-ms");
    static final Set<String> KEYS = union(union(Set.of("cse.type", "registration.allowed-cses", "mcc.plain.allow",
            "mcc.trust", "mcc.client-certificate"),
            REGISTRAR_KEYS), REGISTREE_KEYS);

    private MccSettings() {
    }

    /**
     * The settings of the CSE network.
     *
     * @param hasServerKey whether an HTTPS key is configured ({@code https.keystore} or a PKCS#11 key): then
     *        {@code mcc.client-certificate} defaults to {@code https}, else to {@code none}. A CSE that forwards down
     *        must prove itself to its registrees, or they refuse everything it forwards (4107, or 4106 for what its
     *        certificate does not prove): with a key at hand, presenting it adds authentication and takes none away,
     *        and a registree that does not accept the certificate refuses as it would without one. The key is the
     *        one the HTTPS door already shows to anyone who connects, so presenting it reveals nothing new; an
     *        operator who wants the CSE anonymous towards other CSEs says {@code none}.
     */
    static MccConfig load(Properties p, boolean hasServerKey) {
        MccConfig d = MccConfig.defaults();
        MccConfig.CseType type = p.containsKey("cse.type") ? MccConfig.CseType.of(p.getProperty("cse.type"))
                : d.cseType();
        String trust = p.getProperty("mcc.trust", "").trim();
        return new MccConfig(type, globs(p, "registration.allowed-cses"), registrar(p), globs(p, "mcc.plain.allow"),
                new MccConfig.PeerTls(trust.isEmpty() ? null : trust,
                        clientCertificate(p, "mcc.client-certificate", hasServerKey)));
    }

    /** {@code https} (present the HTTPS door's key) or {@code none}; {@code byDefault} when not set. */
    private static boolean clientCertificate(Properties p, String key, boolean byDefault) {
        String cert = p.getProperty(key, "").trim();
        if (!cert.isEmpty() && !cert.equals("https") && !cert.equals("none")) {
            throw new IllegalArgumentException(key + " must be 'https' (present the HTTPS key) or 'none'");
        }
        return cert.isEmpty() ? byDefault : cert.equals("https");
    }

    private static List<String> globs(Properties p, String key) {
        return Arrays.stream(p.getProperty(key, "").split(",")).map(String::trim).filter(v -> !v.isEmpty()).toList();
    }

    /** {@code cse.poa} (comma-separated URLs) and the {@code registrar.retry-*} and {@code .timeout-ms} timings. */
    static RegistreeConfig registree(Properties p) {
        RegistreeConfig d = RegistreeConfig.defaults();
        List<String> poa = Arrays.stream(p.getProperty("cse.poa", "").split(",")).map(String::trim)
                .filter(v -> !v.isEmpty()).toList();
        return new RegistreeConfig(poa,
                Duration.ofMillis(ServerConfig.number(p, "registrar.retry-initial-ms", d.retryInitial().toMillis())),
                Duration.ofMillis(ServerConfig.number(p, "registrar.retry-max-ms", d.retryMax().toMillis())),
                Duration.ofMillis(ServerConfig.number(p, "registrar.timeout-ms", d.timeout().toMillis())));
    }

    private static MccConfig.Registrar registrar(Properties p) {
        if (!p.containsKey("registrar.url")) {
            for (String k : REGISTRAR_KEYS) {
                if (p.containsKey(k)) {
                    throw new IllegalArgumentException(k + " is set without registrar.url");
                }
            }
            return null;
        }
        String cseId = p.getProperty("registrar.cse-id");
        String name = p.getProperty("registrar.name");
        if (cseId == null || name == null) {
            throw new IllegalArgumentException("registrar.url needs registrar.cse-id and registrar.name");
        }
        String psk = p.getProperty("registrar.psk-identity");
        String trust = p.getProperty("registrar.trust");
        return new MccConfig.Registrar(p.getProperty("registrar.url").trim(), cseId.trim(), name.trim(),
                psk == null || psk.isBlank() ? null : psk.trim(), trust == null || trust.isBlank() ? null : trust.trim(),
                clientCertificate(p, "registrar.client-certificate", false));
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).collect(java.util.stream.Collectors.toSet());
    }
}
