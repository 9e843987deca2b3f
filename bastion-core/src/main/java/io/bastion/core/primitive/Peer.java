package io.bastion.core.primitive;

import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * Who is at the other end of a request, as far as the transport (the "door") proved it.
 *
 * @param remote the remote socket address, or null when the door has none (in-process calls)
 * @param door the binding that received the request ("http", "https", "coap", "internal"…)
 * @param authentication what the transport authenticated
 */
public record Peer(InetSocketAddress remote, String door, Authentication authentication) {

    /** The remote IP address, or null when unknown (an unknown address never satisfies an IP rule). */
    public InetAddress address() {
        return remote == null ? null : remote.getAddress();
    }

    public boolean isLoopback() {
        InetAddress a = address();
        return a != null && a.isLoopbackAddress();
    }

    /** A peer for requests the CSE makes to itself (expiry, bootstrap). */
    public static Peer internal() {
        return new Peer(null, "internal", Authentication.none());
    }
}
