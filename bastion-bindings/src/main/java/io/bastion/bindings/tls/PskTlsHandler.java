package io.bastion.bindings.tls;

import io.bastion.bindings.http.ChannelIdentity;
import io.bastion.core.log.RateLimitedLog;
import io.bastion.core.text.Excerpt;
import io.bastion.security.credential.PskCredential;
import io.bastion.security.credential.SecurityAssociation;
import io.netty.channel.ChannelHandlerContext;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsServerProtocol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server side of TLS-PSK in a Netty pipeline ({@link TlsProtocolHandler} over a {@link TlsServerProtocol}), in
 * front of the HTTP codec. All methods run on the channel's event loop.
 *
 * <p>When the handshake completes, the channel's {@link ChannelIdentity} becomes door {@code psk} with
 * {@code Authentication.Verified("12-<KpsaID>", the AE-IDs/CSE-IDs of the credential)}, before any request is passed
 * on. It is a {@link SecurityAssociation} of the store: should the identity be removed or re-keyed while the
 * connection is open, its next request is refused (4107) and the connection closed; should its IDs change, its
 * requests get the new ones. A refused handshake sends its alert, writes one log line (the identity, never a key,
 * and whether it is provisioned: the client's alert does not say) and closes.
 */
final class PskTlsHandler extends TlsProtocolHandler<TlsServerProtocol> {
    private static final Logger log = LoggerFactory.getLogger(PskTlsHandler.class);
    private static final RateLimitedLog LIMITED = RateLimitedLog.of(log);
    static final String DOOR = "psk";

    private final PskTlsServer server;

    PskTlsHandler(PskTlsServer server) {
        super(new TlsServerProtocol());
        this.server = server;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) throws Exception {
        protocol.accept(server); // non-blocking: returns at once, offerInput advances it
    }

    @Override
    boolean handshakeCompleted(ChannelHandlerContext ctx) {
        PskCredential c = server.authenticated();
        SecurityAssociation association = server.association();
        if (c == null || association == null) {
            fail(ctx, new TlsFatalAlert(AlertDescription.internal_error, "handshake without a credential"));
            return false;
        }
        ChannelIdentity.set(ctx.channel(), ChannelIdentity.of(DOOR, association));
        log.debug("TLS-PSK session from {}: identity {}, {}, SNI {}", ctx.channel().remoteAddress(),
                c.identity(), server.describeSession(), server.serverName());
        return true;
    }

    /** A failed write closes the connection (with close_notify when the session still stands), logging nothing. */
    @Override
    void writeFailed(ChannelHandlerContext ctx, Exception e) {
        ctx.close();
    }

    /** One log line: the identity (never a key), and whether it is provisioned, which the client's alert hides. */
    @Override
    void failing(ChannelHandlerContext ctx, Exception e) {
        short alert = server.fatalAlert() >= 0 ? server.fatalAlert()
                : e instanceof TlsFatalAlert f ? f.getAlertDescription() : AlertDescription.internal_error;
        String who = server.presentedIdentity() == null ? "no PSK identity"
                : (server.identityKnown() ? "identity '" : "unknown identity '") + Excerpt.of(server.presentedIdentity())
                        + "'";
        String why = AlertDescription.getText(alert);
        boolean keyCheck = alert == AlertDescription.bad_record_mac || alert == AlertDescription.decrypt_error;
        if (!established() && keyCheck) {
            // the client cannot tell these apart (RFC 4279 section 2); the operator can
            why += server.identityKnown() ? " (wrong key?)"
                    : " (the identity is not provisioned; answered as a wrong key)";
        }
        if (established()) {
            LIMITED.info("TLS-PSK session from {} ({}) failed: {}", ctx.channel().remoteAddress(), who, why);
        } else {
            LIMITED.info("TLS-PSK handshake from {} refused: {}: {}", ctx.channel().remoteAddress(), who, why);
        }
        log.debug("TLS-PSK failure detail", e);
    }
}
