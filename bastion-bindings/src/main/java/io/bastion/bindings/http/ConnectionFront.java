package io.bastion.bindings.http;

import io.netty.channel.socket.SocketChannel;

/**
 * The handlers between a connection's socket and the HTTP codec, e.g. TLS. The same HTTP codec and request
 * pipeline then serve plain and secured connections; a front that authenticates its peer records it with
 * {@link ChannelIdentity#set} before passing on application data.
 */
public interface ConnectionFront {
    /** Plain HTTP: nothing in front of the codec. */
    ConnectionFront NONE = new ConnectionFront() {
        @Override
        public void install(SocketChannel ch) {
        }

        @Override
        public String name() {
            return "HTTP";
        }
    };

    /** Adds this front's handlers at the end of {@code ch}'s pipeline (the HTTP codec is added after them). */
    void install(SocketChannel ch);

    /** For log lines, e.g. {@code HTTP}, {@code TLS-PSK}. */
    String name();
}
