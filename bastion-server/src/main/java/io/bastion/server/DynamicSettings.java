package io.bastion.server;

import io.bastion.cse.config.DynamicAuthorizationConfig;
import java.time.Duration;
import java.util.Properties;
import java.util.Set;

/**
 * The {@code das.*} keys of the configuration file: how the CSE consults Dynamic Authorization Servers
 * ({@link DynamicAuthorizationConfig}). Every key is optional; the defaults are those of
 * {@link DynamicAuthorizationConfig#defaults()}.
 *
 * <ul>
 *   <li>{@code das.default-dac}: resource ID of the system default {@code <dynamicAuthorizationConsultation>}</li>
 *   <li>{@code das.timeout-ms}: the longest one consultation may take (default 2000)</li>
 *   <li>{@code das.breaker-failures}: consecutive failures that open a DAS's circuit (default 3)</li>
 *   <li>{@code das.breaker-cooldown-s}: how long an open circuit skips its DAS (default 30)</li>
 *   <li>{@code das.refusal-ttl-s}: how long a refusal is remembered per originator, target and operation
 *       (default 10)</li>
 *   <li>{@code das.max-grant-s}: the longest a dynamic grant is kept, whatever the DAS says (default 86400)</li>
 *   <li>{@code das.issuers}: the token issuer ID of each DAS, {@code URI=issuer} pairs separated by commas, e.g.
 *       {@code http://127.0.0.1:8090/das=/id-das}; a DAS's tokens are accepted only from the issuer named here
 *       (split at the last {@code =}, since a URI may hold one)</li>
 *   <li>{@code das.trust}: a file of CA certificates (PEM bundle or DER) a DAS's TLS server certificate must chain to
 *       when a {@code dap} is {@code https://}; default: the JDK's trust store</li>
 *   <li>{@code das.client-certificate}: {@code none} (default) or {@code https}: present the HTTPS door's key and
 *       certificate ({@code https.keystore} or {@code https.pkcs11-config}) as the TLS client certificate to a DAS
 *       (see {@link ClientTls})</li>
 * </ul>
 */
final class DynamicSettings {
    static final Set<String> KEYS = Set.of("das.default-dac", "das.timeout-ms", "das.breaker-failures",
            "das.breaker-cooldown-s", "das.refusal-ttl-s", "das.max-grant-s", "das.issuers", "das.trust",
            "das.client-certificate");

    private DynamicSettings() {
    }

    static DynamicAuthorizationConfig load(Properties p) {
        DynamicAuthorizationConfig d = DynamicAuthorizationConfig.defaults();
        DynamicAuthorizationConfig c = d
                .withDefaultDac(p.getProperty("das.default-dac", ""))
                .withTimeout(Duration.ofMillis(positive(p, "das.timeout-ms", d.timeout().toMillis())))
                .withCircuit((int) positive(p, "das.breaker-failures", d.failureThreshold()),
                        Duration.ofSeconds(nonNegative(p, "das.breaker-cooldown-s", d.coolDown().toSeconds())))
                .withNegativeTtl(Duration.ofSeconds(nonNegative(p, "das.refusal-ttl-s", d.negativeTtl().toSeconds())))
                .withMaxGrant(Duration.ofSeconds(nonNegative(p, "das.max-grant-s", d.maxGrant().toSeconds())));
        String trust = p.getProperty("das.trust", "").trim();
        if (!trust.isEmpty()) {
            c = c.withDasTrust(java.nio.file.Path.of(trust));
        }
        c = c.withDasClientCertificate(switch (p.getProperty("das.client-certificate", "none").trim()) {
            case "none" -> false;
            case "https" -> true;
            default -> throw new IllegalArgumentException("das.client-certificate must be 'none' or 'https' (the "
                    + "HTTPS door's key and certificate)");
        });
        String issuers = p.getProperty("das.issuers", "").trim();
        if (!issuers.isEmpty()) {
            for (String pair : issuers.split(",")) {
                String t = pair.trim();
                int eq = t.lastIndexOf('=');
                if (eq <= 0 || eq == t.length() - 1) {
                    throw new IllegalArgumentException("das.issuers entries must look like URI=issuer, not '" + t
                            + "'");
                }
                c = c.withDasIssuer(t.substring(0, eq).trim(), t.substring(eq + 1).trim());
            }
        }
        return c;
    }

    private static long positive(Properties p, String key, long dflt) {
        long v = nonNegative(p, key, dflt);
        if (v < 1) {
            throw new IllegalArgumentException(key + " must be a positive whole number");
        }
        return v;
    }

    private static long nonNegative(Properties p, String key, long dflt) {
        String v = p.getProperty(key);
        if (v == null) {
            return dflt;
        }
        try {
            long n = Long.parseLong(v.trim());
            if (n < 0 || n > Integer.MAX_VALUE) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number from 0 to " + Integer.MAX_VALUE);
        }
    }
}
