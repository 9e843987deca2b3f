package io.bastion.server;

import io.bastion.bindings.http.ConnectionLimits;
import io.bastion.bindings.http.HttpBindingConfig;
import java.time.Duration;
import java.util.Properties;
import java.util.Set;

/**
 * What the HTTP-family doors (HTTP, HTTPS, TLS-PSK) allow a client before it is cut off ({@code http.*} keys): one
 * connection budget for the three doors together, and a deadline for each request head.
 *
 * @param maxConnections connections open at once through the three doors ({@code http.max-connections})
 * @param maxConnectionsPerAddress of those, from one IP address ({@code http.max-connections-per-address})
 * @param headTimeout the longest a client may take to send a request head; on a new connection this includes the
 *        TLS handshake ({@code http.head-timeout-s})
 */
public record DoorLimits(int maxConnections, int maxConnectionsPerAddress, Duration headTimeout) {
    static final Set<String> KEYS = Set.of("http.max-connections", "http.max-connections-per-address",
            "http.head-timeout-s");

    public DoorLimits {
        if (maxConnections < 1) {
            throw new IllegalArgumentException("http.max-connections must be at least 1");
        }
        if (maxConnectionsPerAddress < 1 || maxConnectionsPerAddress > maxConnections) {
            throw new IllegalArgumentException("http.max-connections-per-address must be 1.." + maxConnections
                    + " (at most http.max-connections)");
        }
        if (headTimeout == null || headTimeout.isNegative() || headTimeout.isZero()) {
            throw new IllegalArgumentException("http.head-timeout-s must be at least 1");
        }
    }

    public static DoorLimits defaults() {
        return new DoorLimits(ConnectionLimits.DEFAULT_MAX, ConnectionLimits.DEFAULT_MAX_PER_ADDRESS,
                HttpBindingConfig.DEFAULT_HEAD_TIMEOUT);
    }

    static DoorLimits load(Properties p) {
        DoorLimits d = defaults();
        return new DoorLimits(number(p, "http.max-connections", d.maxConnections()),
                number(p, "http.max-connections-per-address", d.maxConnectionsPerAddress()),
                Duration.ofSeconds(number(p, "http.head-timeout-s", (int) d.headTimeout().toSeconds())));
    }

    public DoorLimits withMaxConnections(int max, int perAddress) {
        return new DoorLimits(max, perAddress, headTimeout);
    }

    public DoorLimits withHeadTimeout(Duration timeout) {
        return new DoorLimits(maxConnections, maxConnectionsPerAddress, timeout);
    }

    /** A new budget with these limits, for the doors of one server to share. */
    ConnectionLimits connectionLimits() {
        return new ConnectionLimits(maxConnections, maxConnectionsPerAddress);
    }

    private static int number(Properties p, String key, int dflt) {
        return Math.clamp(ServerConfig.number(p, key, dflt), Integer.MIN_VALUE, Integer.MAX_VALUE);
    }
}
