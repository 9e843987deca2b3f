package io.bastion.cse.config;

import io.bastion.security.dynamic.DasAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How this CSE consults Dynamic Authorization Servers (TS-0003 7.3.2.2).
 *
 * @param defaultDac resource ID (or address) of the system default {@code <dynamicAuthorizationConsultation>} that
 *        applies when neither the target nor any ancestor links an existing one (TS-0001 9.6.1.3); null for none
 * @param timeout the longest one consultation may take, connection included: a slow DAS costs this much once
 * @param failureThreshold after this many consecutive failures a DAS is skipped (its circuit opens)
 * @param coolDown how long an open circuit skips its DAS before one request may try it again
 * @param negativeTtl how long a refusal (or a failure) of the DAS is remembered per originator, target and
 *        operation, so that repeating a denied request does not make the CSE call the DAS every time
 * @param maxGrant the longest lifetime a dynamic grant is kept, whatever the DAS says
 * @param dasIssuers the token issuer ID of each DAS, by its point of access (a {@code dap} entry): a token in a DAS's
 *        answer is accepted only when its {@code iss} is this ID (TS-0003 7.3.2.2 "the issuer is the DAS") and the
 *        issuer is trusted in {@code token-issuers.json}; a DAS missing here gets its tokens refused. TS-0003 leaves
 *        open how a CSE learns a DAS's identity: here the operator says it, next to the DAS's address
 * @param dasTrust a file of CA certificates (PEM bundle or DER) one of which a DAS's TLS server certificate must chain
 *        to when it is consulted over HTTPS; null: the JDK's default trust store. The host name (or IP address) of the
 *        {@code dap} is always checked against the certificate
 * @param dasClientCertificate whether this CSE presents its own TLS certificate (the key and chain of its HTTPS door)
 *        as a client certificate to a DAS consulted over HTTPS, so that the DAS can authenticate it (mutual TLS)
 */
public record DynamicAuthorizationConfig(String defaultDac, Duration timeout, int failureThreshold,
                                         Duration coolDown, Duration negativeTtl, Duration maxGrant,
                                         Map<URI, String> dasIssuers, Path dasTrust, boolean dasClientCertificate) {

    public DynamicAuthorizationConfig {
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(coolDown, "coolDown");
        Objects.requireNonNull(negativeTtl, "negativeTtl");
        Objects.requireNonNull(maxGrant, "maxGrant");
        if (timeout.isNegative() || timeout.isZero() || failureThreshold < 1 || maxGrant.isNegative()
                || negativeTtl.isNegative() || coolDown.isNegative()) {
            throw new IllegalArgumentException("dynamic authorization: timeout and threshold must be positive, "
                    + "durations non-negative");
        }
        defaultDac = defaultDac == null || defaultDac.isBlank() ? null : defaultDac.trim();
        dasIssuers = dasIssuers == null ? Map.of() : Map.copyOf(dasIssuers);
    }

    /** Over TLS with the JDK's trust and no client certificate. */
    public DynamicAuthorizationConfig(String defaultDac, Duration timeout, int failureThreshold, Duration coolDown,
                                      Duration negativeTtl, Duration maxGrant, Map<URI, String> dasIssuers) {
        this(defaultDac, timeout, failureThreshold, coolDown, negativeTtl, maxGrant, dasIssuers, null, false);
    }

    /** Without DAS token issuers. */
    public DynamicAuthorizationConfig(String defaultDac, Duration timeout, int failureThreshold, Duration coolDown,
                                      Duration negativeTtl, Duration maxGrant) {
        this(defaultDac, timeout, failureThreshold, coolDown, negativeTtl, maxGrant, Map.of());
    }

    /** No default dac; 2 s per consultation; 3 failures open a circuit for 30 s; refusals kept 10 s; grants 1 day. */
    public static DynamicAuthorizationConfig defaults() {
        return new DynamicAuthorizationConfig(null, Duration.ofSeconds(2), 3, Duration.ofSeconds(30),
                Duration.ofSeconds(10), Duration.ofDays(1), Map.of());
    }

    /** With {@code file} as the CAs a DAS's server certificate must chain to (null: the JDK's trust store). */
    public DynamicAuthorizationConfig withDasTrust(Path file) {
        return new DynamicAuthorizationConfig(defaultDac, timeout, failureThreshold, coolDown, negativeTtl, maxGrant,
                dasIssuers, file, dasClientCertificate);
    }

    /** Whether the CSE presents its TLS certificate to a DAS consulted over HTTPS. */
    public DynamicAuthorizationConfig withDasClientCertificate(boolean present) {
        return new DynamicAuthorizationConfig(defaultDac, timeout, failureThreshold, coolDown, negativeTtl, maxGrant,
                dasIssuers, dasTrust, present);
    }

    /** The issuer ID configured for the DAS at {@code das}, or null. */
    public String issuerOf(URI das) {
        return das == null ? null : dasIssuers.get(das);
    }

    public DynamicAuthorizationConfig withDefaultDac(String ri) {
        return new DynamicAuthorizationConfig(ri, timeout, failureThreshold, coolDown, negativeTtl, maxGrant,
                dasIssuers, dasTrust, dasClientCertificate);
    }

    public DynamicAuthorizationConfig withTimeout(Duration t) {
        return new DynamicAuthorizationConfig(defaultDac, t, failureThreshold, coolDown, negativeTtl, maxGrant,
                dasIssuers, dasTrust, dasClientCertificate);
    }

    public DynamicAuthorizationConfig withCircuit(int threshold, Duration coolDownTime) {
        return new DynamicAuthorizationConfig(defaultDac, timeout, threshold, coolDownTime, negativeTtl, maxGrant,
                dasIssuers, dasTrust, dasClientCertificate);
    }

    public DynamicAuthorizationConfig withNegativeTtl(Duration ttl) {
        return new DynamicAuthorizationConfig(defaultDac, timeout, failureThreshold, coolDown, ttl, maxGrant,
                dasIssuers, dasTrust, dasClientCertificate);
    }

    public DynamicAuthorizationConfig withMaxGrant(Duration max) {
        return new DynamicAuthorizationConfig(defaultDac, timeout, failureThreshold, coolDown, negativeTtl, max,
                dasIssuers, dasTrust, dasClientCertificate);
    }

    /** With {@code issuer} as the token issuer ID of the DAS at {@code das} (a {@code dap} entry). */
    public DynamicAuthorizationConfig withDasIssuer(String das, String issuer) {
        if (issuer == null || issuer.isBlank()) {
            throw new IllegalArgumentException("the token issuer ID of the DAS at " + das + " is empty");
        }
        URI uri;
        try {
            uri = DasAddress.parse(das);
        } catch (io.bastion.core.primitive.OneM2MException e) {
            throw new IllegalArgumentException(e.getMessage().replace("dynamicAuthorizationPoA (dap)", "DAS address"));
        }
        java.util.Map<URI, String> m = new java.util.LinkedHashMap<>(dasIssuers);
        m.put(uri, issuer.trim());
        return new DynamicAuthorizationConfig(defaultDac, timeout, failureThreshold, coolDown, negativeTtl, maxGrant,
                m, dasTrust, dasClientCertificate);
    }
}
