package io.bastion.bindings.http;

import java.time.Duration;
import java.util.concurrent.Executor;

/**
 * Settings of the HTTP door.
 *
 * @param bindAddress host name or IP address to listen on (e.g. {@code 127.0.0.1}, {@code 0.0.0.0})
 * @param port TCP port; 0 picks a free one (see {@link HttpBinding#port()})
 * @param maxBodyBytes largest request body accepted; larger ones get 4000 BAD_REQUEST and the connection closes
 * @param worker runs {@code RequestProcessor.process} (which may block on the store); null means the binding
 *     creates, and on stop shuts down, an executor with one virtual thread per request
 * @param ioThreads Netty event-loop threads for connections; 0 means one per available processor
 * @param idleTimeout a connection with no request in flight and no bytes read for this long is closed
 * @param headTimeout the longest a client may take to send a request head (and, on a new connection, to complete its
 *     TLS handshake and send the first head), however it trickles the bytes ({@link HeadDeadline})
 * @param connections the connection budget of this door, shared with the other doors given the same instance
 */
public record HttpBindingConfig(
        String bindAddress,
        int port,
        int maxBodyBytes,
        Executor worker,
        int ioThreads,
        Duration idleTimeout,
        Duration headTimeout,
        ConnectionLimits connections) {

    public static final int DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration DEFAULT_HEAD_TIMEOUT = Duration.ofSeconds(20);

    public HttpBindingConfig {
        if (bindAddress == null || bindAddress.isBlank()) {
            throw new IllegalArgumentException("bindAddress is required");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (maxBodyBytes <= 0) {
            throw new IllegalArgumentException("maxBodyBytes must be positive: " + maxBodyBytes);
        }
        if (ioThreads < 0) {
            throw new IllegalArgumentException("ioThreads must not be negative: " + ioThreads);
        }
        if (idleTimeout == null) {
            idleTimeout = DEFAULT_IDLE_TIMEOUT;
        } else if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("idleTimeout must be positive: " + idleTimeout);
        }
        if (headTimeout == null) {
            headTimeout = DEFAULT_HEAD_TIMEOUT;
        } else if (headTimeout.isNegative() || headTimeout.isZero()) {
            throw new IllegalArgumentException("headTimeout must be positive: " + headTimeout);
        }
        if (connections == null) {
            connections = ConnectionLimits.defaults();
        }
    }

    /**
     * A configuration with the defaults: 1 MiB bodies, one I/O thread per processor, 60 s idle timeout, 20 s for a
     * request head, the default connection limits of its own.
     */
    public static HttpBindingConfig of(String bindAddress, int port, Executor worker) {
        return new HttpBindingConfig(bindAddress, port, DEFAULT_MAX_BODY_BYTES, worker, 0, DEFAULT_IDLE_TIMEOUT,
                DEFAULT_HEAD_TIMEOUT, ConnectionLimits.defaults());
    }

    public HttpBindingConfig withMaxBodyBytes(int bytes) {
        return new HttpBindingConfig(bindAddress, port, bytes, worker, ioThreads, idleTimeout, headTimeout,
                connections);
    }

    public HttpBindingConfig withIoThreads(int threads) {
        return new HttpBindingConfig(bindAddress, port, maxBodyBytes, worker, threads, idleTimeout, headTimeout,
                connections);
    }

    public HttpBindingConfig withIdleTimeout(Duration timeout) {
        return new HttpBindingConfig(bindAddress, port, maxBodyBytes, worker, ioThreads, timeout, headTimeout,
                connections);
    }

    public HttpBindingConfig withHeadTimeout(Duration timeout) {
        return new HttpBindingConfig(bindAddress, port, maxBodyBytes, worker, ioThreads, idleTimeout, timeout,
                connections);
    }

    /** The connection budget; give several doors the same instance to share one. */
    public HttpBindingConfig withConnections(ConnectionLimits limits) {
        return new HttpBindingConfig(bindAddress, port, maxBodyBytes, worker, ioThreads, idleTimeout, headTimeout,
                limits);
    }
}
