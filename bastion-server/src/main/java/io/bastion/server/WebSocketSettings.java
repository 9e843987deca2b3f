package io.bastion.server;

import io.bastion.bindings.ws.WebSocketConfig;
import java.time.Duration;
import java.util.Properties;
import java.util.Set;

/**
 * The WebSocket binding (TS-0020) on the HTTP, HTTPS and TLS-PSK doors ({@code ws.*} keys): reached by an Upgrade on
 * their ports, with their transport security and door policy.
 *
 * @param enabled whether the doors switch a connection to WebSocket on request ({@code ws.enabled}, default true);
 *        off, an Upgrade header is ignored and the request served as HTTP
 * @param binding the limits and timers ({@code ws.max-frame-bytes} default 65536, {@code ws.max-message-bytes}
 *        default 1048576, {@code ws.idle-timeout-s} default 120, {@code ws.ping-interval-s} default 30,
 *        {@code ws.max-in-flight} default 16)
 */
public record WebSocketSettings(boolean enabled, WebSocketConfig binding) {
    static final Set<String> KEYS = Set.of("ws.enabled", "ws.max-frame-bytes", "ws.max-message-bytes",
            "ws.idle-timeout-s", "ws.ping-interval-s", "ws.max-in-flight");

    public WebSocketSettings {
        if (binding == null) {
            binding = WebSocketConfig.defaults();
        }
    }

    public static WebSocketSettings defaults() {
        return new WebSocketSettings(true, WebSocketConfig.defaults());
    }

    static WebSocketSettings load(Properties p) {
        WebSocketConfig d = WebSocketConfig.defaults();
        String enabled = p.getProperty("ws.enabled", "true").trim();
        if (!enabled.equals("true") && !enabled.equals("false")) {
            throw new IllegalArgumentException("ws.enabled must be true or false");
        }
        try {
            return new WebSocketSettings(enabled.equals("true"), new WebSocketConfig(
                    positive(p, "ws.max-frame-bytes", d.maxFrameBytes()),
                    positive(p, "ws.max-message-bytes", d.maxMessageBytes()),
                    Duration.ofSeconds(positive(p, "ws.idle-timeout-s", (int) d.idleTimeout().toSeconds())),
                    Duration.ofSeconds(positive(p, "ws.ping-interval-s", (int) d.pingInterval().toSeconds())),
                    positive(p, "ws.max-in-flight", d.maxInFlight())));
        } catch (IllegalArgumentException e) {
            throw e.getMessage().startsWith("ws.") ? e : new IllegalArgumentException("ws.*: " + e.getMessage(), e);
        }
    }

    public WebSocketSettings withEnabled(boolean on) {
        return new WebSocketSettings(on, binding);
    }

    public WebSocketSettings withBinding(WebSocketConfig c) {
        return new WebSocketSettings(enabled, c);
    }

    private static int positive(Properties p, String key, int dflt) {
        String v = p.getProperty(key);
        if (v == null) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new IllegalArgumentException(key + " must be a whole number from 1 to " + Integer.MAX_VALUE);
    }
}
