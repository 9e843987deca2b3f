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
 */
public record HttpBindingConfig(
        String bindAddress,
        int port,
        int maxBodyBytes,
        Executor worker,
        int ioThreads,
        Duration idleTimeout) {

    public static final int DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);

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
    }

    /** A configuration with the defaults: 1 MiB bodies, one I/O thread per processor, 60 s idle timeout. */
    public static HttpBindingConfig of(String bindAddress, int port, Executor worker) {
        return new HttpBindingConfig(bindAddress, port, DEFAULT_MAX_BODY_BYTES, worker, 0, DEFAULT_IDLE_TIMEOUT);
    }

    public HttpBindingConfig withMaxBodyBytes(int bytes) {
        return new HttpBindingConfig(bindAddress, port, bytes, worker, ioThreads, idleTimeout);
    }

    public HttpBindingConfig withIoThreads(int threads) {
        return new HttpBindingConfig(bindAddress, port, maxBodyBytes, worker, threads, idleTimeout);
    }

    public HttpBindingConfig withIdleTimeout(Duration timeout) {
        return new HttpBindingConfig(bindAddress, port, maxBodyBytes, worker, ioThreads, timeout);
    }
}
