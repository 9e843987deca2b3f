package io.bastion.bindings.http;

import io.netty.channel.Channel;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;

/**
 * A protocol a connection of an HTTP-family door may switch to by an HTTP/1.1 Upgrade (RFC 9110 7.8), e.g. WebSocket
 * (TS-0020 6.2). The door looks at the first request of a connection only (a WebSocket client sends its handshake on
 * the connection it opened for it, RFC 6455 4.1), and asks {@link #wanted} only when it carries an {@code Upgrade}
 * header, so keep-alive requests pay nothing; the upgrade then owns the connection: it answers the request (switching, or
 * refusing and closing) and installs its own handlers behind the door's transport security, whose
 * {@link ChannelIdentity} it keeps.
 */
public interface ConnectionUpgrade {

    /** Whether {@code headers} (of a request that has an {@code Upgrade} header) ask for this protocol. */
    boolean wanted(HttpHeaders headers);

    /**
     * Takes the connection over, on its event loop: the door's request handlers are already removed, its HTTP codec
     * and body aggregator still in place for the answer to {@code request}. The upgrade releases nothing of
     * {@code request}; the door does.
     *
     * @param identity what the connection's transport security proved, as the door's requests would have seen it
     */
    void upgrade(Channel channel, FullHttpRequest request, ChannelIdentity identity);

    /** Whether a request's headers carry an {@code Upgrade} field at all: the door's only cost for plain requests. */
    static boolean asked(HttpHeaders headers) {
        return headers.contains(HttpHeaderNames.UPGRADE);
    }
}
