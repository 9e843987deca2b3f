package io.bastion.server;

import io.bastion.core.binding.RequestTransport;
import io.bastion.core.codec.Serialization;
import io.bastion.core.primitive.Request;
import io.bastion.core.primitive.Response;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * This CSE's requests to other CSEs, sent by the origin of the point of access: the registrar's origin (scheme, host,
 * port of {@code registrar.url}) through the registrar's transport with its own binding (TLS-PSK or certificates),
 * any other {@code https://} point of access (a registree's {@code poa}) through the peers' transport, and an
 * {@code http://} one only when {@code plainAllowed} ({@link MccTransports} decides that).
 */
final class ByOriginTransport implements RequestTransport, AutoCloseable {
    private final String registrarOrigin;
    private final RequestTransport registrar;
    private final RequestTransport peers;
    private final boolean plainAllowed;
    private final RequestTransport mqtt;

    /**
     * @param registrarUrl {@code registrar.url}, or null when this CSE has no registrar
     * @param registrar the transport to it, or null when this CSE has none
     * @param peers the transport to every other point of access
     * @param plainAllowed whether {@code http://} points of access other than the registrar's are sent to
     */
    ByOriginTransport(String registrarUrl, RequestTransport registrar, RequestTransport peers, boolean plainAllowed) {
        this(registrarUrl, registrar, peers, plainAllowed, null);
    }

    /** @param mqtt the MQTT door's transport for {@code mqtt://} points of access on the CSE's broker, or null */
    ByOriginTransport(String registrarUrl, RequestTransport registrar, RequestTransport peers, boolean plainAllowed,
                      RequestTransport mqtt) {
        this.registrarOrigin = registrar == null ? null : origin(registrarUrl);
        this.registrar = registrar;
        this.peers = peers;
        this.plainAllowed = plainAllowed;
        this.mqtt = mqtt;
    }

    @Override
    public boolean supports(String poa) {
        RequestTransport t = choose(poa);
        return t != null && t.supports(poa);
    }

    @Override
    public CompletableFuture<Response> send(String poa, Request rq, Serialization serialization, Duration timeout) {
        RequestTransport t = choose(poa);
        if (t == null) {
            // Retargeting asks supports() first; this is a caller that did not
            return CompletableFuture.failedFuture(new IllegalStateException("plain http to " + poa
                    + " is not sent: it would be neither authenticated nor confidential (mcc.plain.allow is empty)"));
        }
        return t.send(poa, rq, serialization, timeout);
    }

    /** The registrar's transport for its origin, the peers' for https, for http only when allowed, else null. */
    private RequestTransport choose(String poa) {
        if (mqtt != null && mqtt.supports(poa)) {
            return mqtt;
        }
        String origin = origin(poa);
        if (origin == null) {
            return null;
        }
        if (origin.equals(registrarOrigin)) {
            return registrar;
        }
        return origin.startsWith("https://") || plainAllowed ? peers : null;
    }

    /** {@code scheme://host:port}, lower case, the scheme's default port made explicit; null when not http(s). */
    static String origin(String poa) {
        if (poa == null) {
            return null;
        }
        URI u;
        try {
            u = URI.create(poa.trim());
        } catch (IllegalArgumentException e) {
            return null;
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || u.getHost() == null) {
            return null;
        }
        int port = u.getPort() >= 0 ? u.getPort() : scheme.equals("https") ? 443 : 80;
        return scheme + "://" + u.getHost().toLowerCase(Locale.ROOT) + ":" + port;
    }

    /** Closes the peers' transport; the registrar's belongs to whoever made it. */
    @Override
    public void close() throws Exception {
        if (peers instanceof AutoCloseable c) {
            c.close();
        }
    }
}
