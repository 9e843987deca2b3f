package io.bastion.bindings.ws;

import java.time.Duration;

/**
 * Settings of the WebSocket binding (TS-0020), reached by an Upgrade on the HTTP-family doors.
 *
 * @param maxFrameBytes the largest payload of one frame; a larger frame closes the connection with 1009 (message too
 *     big, RFC 6455 7.4.1)
 * @param maxMessageBytes the largest message (one primitive, its frames together); a larger one closes with 1009
 * @param idleTimeout a connection from which nothing (not even a pong) arrives for this long is closed (1001)
 * @param pingInterval a ping is sent after this long without anything written, so that a live client's pong keeps
 *     the connection from {@code idleTimeout} and NATs in between keep it open
 * @param maxInFlight requests of one connection processed at once; the connection's input waits beyond it
 */
public record WebSocketConfig(int maxFrameBytes, int maxMessageBytes, Duration idleTimeout, Duration pingInterval,
                              int maxInFlight) {
    public static final int DEFAULT_MAX_FRAME_BYTES = 64 * 1024;
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 1024 * 1024;
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(120);
    public static final Duration DEFAULT_PING_INTERVAL = Duration.ofSeconds(30);
    public static final int DEFAULT_MAX_IN_FLIGHT = 16;

    public WebSocketConfig {
        if (maxFrameBytes <= 0 || maxMessageBytes <= 0) {
            throw new IllegalArgumentException("frame and message limits must be positive");
        }
        if (maxFrameBytes > maxMessageBytes) {
            throw new IllegalArgumentException("the frame limit (" + maxFrameBytes + ") exceeds the message limit ("
                    + maxMessageBytes + ")");
        }
        if (idleTimeout == null || idleTimeout.isNegative() || idleTimeout.isZero()
                || pingInterval == null || pingInterval.isNegative() || pingInterval.isZero()) {
            throw new IllegalArgumentException("idle timeout and ping interval must be positive");
        }
        if (maxInFlight <= 0) {
            throw new IllegalArgumentException("maxInFlight must be positive: " + maxInFlight);
        }
    }

    public static WebSocketConfig defaults() {
        return new WebSocketConfig(DEFAULT_MAX_FRAME_BYTES, DEFAULT_MAX_MESSAGE_BYTES, DEFAULT_IDLE_TIMEOUT,
                DEFAULT_PING_INTERVAL, DEFAULT_MAX_IN_FLIGHT);
    }

    public WebSocketConfig withLimits(int frameBytes, int messageBytes) {
        return new WebSocketConfig(frameBytes, messageBytes, idleTimeout, pingInterval, maxInFlight);
    }

    public WebSocketConfig withTimeouts(Duration idle, Duration ping) {
        return new WebSocketConfig(maxFrameBytes, maxMessageBytes, idle, ping, maxInFlight);
    }
}
