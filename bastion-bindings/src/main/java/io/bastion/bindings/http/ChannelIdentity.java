package io.bastion.bindings.http;

import io.bastion.core.primitive.Authentication;
import io.bastion.core.primitive.Peer;
import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * What a connection's transport security proved, as a channel attribute: set by a TLS handler in front of the HTTP
 * codec once its handshake has completed, read by the HTTP side when it builds each request's {@link Peer}. A
 * channel without the attribute is plain HTTP: door {@code http}, no authentication.
 *
 * @param door the door's name for {@link Peer#door()} (e.g. {@code psk})
 * @param authentication what the handshake authenticated
 */
public record ChannelIdentity(String door, Authentication authentication) {
    public static final AttributeKey<ChannelIdentity> KEY = AttributeKey.valueOf(ChannelIdentity.class, "identity");
    static final ChannelIdentity PLAIN_HTTP = new ChannelIdentity("http", Authentication.none());

    public ChannelIdentity {
        Objects.requireNonNull(door, "door");
        Objects.requireNonNull(authentication, "authentication");
    }

    /** Records what the handshake of {@code ch} proved; call before any application data is passed on. */
    public static void set(Channel ch, ChannelIdentity identity) {
        ch.attr(KEY).set(identity);
    }

    /** The peer of a request on {@code ch}: its remote address with the door and authentication of the channel. */
    static Peer peerOf(Channel ch) {
        ChannelIdentity id = ch.attr(KEY).get();
        if (id == null) {
            id = PLAIN_HTTP;
        }
        return new Peer((InetSocketAddress) ch.remoteAddress(), id.door(), id.authentication());
    }
}
