package io.bastion.bindings.http;

import io.bastion.core.primitive.Authentication;
import io.bastion.core.primitive.Peer;
import io.bastion.security.credential.SecurityAssociation;
import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.util.Objects;

/**
 * What a connection's transport security proved, as a channel attribute: set by a TLS handler in front of the HTTP
 * codec once its handshake has completed, read by the HTTP side for each request's {@link Peer}. A channel without
 * the attribute is plain HTTP: door {@code http}, no authentication.
 *
 * <p>An authenticated connection carries its {@link SecurityAssociation}, so that {@link #authentication()} follows
 * the credential sources while the connection is open: a credential removed, re-keyed, no longer trusted or revoked
 * since the handshake makes it {@link Authentication.Revoked}, and the HTTP side then answers the request with 4107
 * (through the CSE, which audits it) and closes the connection.
 */
public final class ChannelIdentity {
    public static final AttributeKey<ChannelIdentity> KEY = AttributeKey.valueOf(ChannelIdentity.class, "identity");
    static final ChannelIdentity PLAIN_HTTP = fixed("http", Authentication.none());

    private final String door;
    private final Authentication fixed;
    private final SecurityAssociation association;

    private ChannelIdentity(String door, Authentication fixed, SecurityAssociation association) {
        this.door = Objects.requireNonNull(door, "door");
        this.fixed = fixed;
        this.association = association;
    }

    /** A connection whose authentication cannot change, e.g. TLS without a client certificate. */
    public static ChannelIdentity fixed(String door, Authentication authentication) {
        return new ChannelIdentity(door, Objects.requireNonNull(authentication, "authentication"), null);
    }

    /** A connection authenticated by {@code association}, which is checked again as its credentials change. */
    public static ChannelIdentity of(String door, SecurityAssociation association) {
        return new ChannelIdentity(door, null, Objects.requireNonNull(association, "association"));
    }

    /** The door's name for {@link Peer#door()} (e.g. {@code psk}). */
    public String door() {
        return door;
    }

    /**
     * What the connection authenticates now. Cheap (a volatile read or two) unless a credential source changed since
     * the last call; the same instance while nothing changed.
     */
    public Authentication authentication() {
        return association == null ? fixed : association.authentication();
    }

    /** Records what the handshake of {@code ch} proved; call before any application data is passed on. */
    public static void set(Channel ch, ChannelIdentity identity) {
        ch.attr(KEY).set(identity);
    }

    /** The identity of {@code ch}: as its handshake recorded it, else plain HTTP. */
    static ChannelIdentity on(Channel ch) {
        ChannelIdentity id = ch.attr(KEY).get();
        return id == null ? PLAIN_HTTP : id;
    }
}
