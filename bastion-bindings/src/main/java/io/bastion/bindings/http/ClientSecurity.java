package io.bastion.bindings.http;

import io.netty.channel.socket.SocketChannel;
import io.netty.util.concurrent.Future;

/**
 * What secures a connection {@link ChannelRequestTransport} opens, in front of its HTTP codec: e.g. TLS-PSK with a key
 * from this CSE's PSK store ({@code bindings/tls}). Implementations never log key material.
 */
public interface ClientSecurity {

    /**
     * Adds the handler that secures {@code ch} first in its pipeline, before it connects; the future completes when
     * the handshake did, or fails with why it did not (no key, a refused handshake).
     */
    Future<?> install(SocketChannel ch);

    /** What it is, for messages: e.g. {@code TLS-PSK identity mn@op.example} (never a secret). */
    String describe();
}
