package io.bastion.bindings.tls;

import io.bastion.bindings.http.ChannelIdentity;
import io.bastion.core.log.RateLimitedLog;
import io.bastion.core.text.Excerpt;
import io.bastion.security.credential.PskCredential;
import io.bastion.security.credential.SecurityAssociation;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.UnsupportedMessageTypeException;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsServerProtocol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TLS-PSK in a Netty pipeline, in place of {@code SslHandler}: Bouncy Castle's {@link TlsServerProtocol} in its
 * non-blocking mode ({@code offerInput}/{@code readOutput}) turns socket bytes into application bytes for the HTTP
 * codec behind it, and the codec's output into TLS records. All methods run on the channel's event loop.
 *
 * <p>When the handshake completes, the channel's {@link ChannelIdentity} becomes door {@code psk} with
 * {@code Authentication.Verified("12-<KpsaID>", the AE-IDs/CSE-IDs of the credential)}, before any request is passed
 * on. It is a {@link SecurityAssociation} of the store: should the identity be removed or re-keyed while the
 * connection is open, its next request is refused (4107) and the connection closed; should its IDs change, its
 * requests get the new ones. A refused handshake sends its alert, writes one log line (the identity, never a key,
 * and whether it is provisioned: the client's alert does not say) and closes.
 */
final class PskTlsHandler extends ChannelDuplexHandler {
    private static final Logger log = LoggerFactory.getLogger(PskTlsHandler.class);
    private static final RateLimitedLog LIMITED = RateLimitedLog.of(log);
    static final String DOOR = "psk";

    private final PskTlsServer server;
    private final TlsServerProtocol protocol = new TlsServerProtocol();
    private boolean identified;
    private boolean failed;

    PskTlsHandler(PskTlsServer server) {
        this.server = server;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) throws Exception {
        protocol.accept(server); // non-blocking: returns at once, the handshake advances with offerInput
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf in)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (failed) {
            in.release();
            return;
        }
        byte[] bytes;
        try {
            bytes = new byte[in.readableBytes()];
            in.readBytes(bytes);
        } finally {
            in.release();
        }
        try {
            protocol.offerInput(bytes);
        } catch (IOException | RuntimeException e) {
            refuse(ctx, e);
            return;
        }
        flushOutput(ctx);
        if (!identified && !protocol.isHandshaking() && protocol.isConnected()) {
            PskCredential c = server.authenticated();
            SecurityAssociation association = server.association();
            if (c == null || association == null) {
                refuse(ctx, new TlsFatalAlert(AlertDescription.internal_error, "handshake without a credential"));
                return;
            }
            ChannelIdentity.set(ctx.channel(), ChannelIdentity.of(DOOR, association));
            identified = true;
            log.debug("TLS-PSK session from {}: identity {}, {}, SNI {}", ctx.channel().remoteAddress(),
                    c.identity(), server.describeSession(), server.serverName());
        }
        int n = protocol.getAvailableInputBytes();
        if (n > 0) {
            if (!identified) {
                refuse(ctx, new TlsFatalAlert(AlertDescription.unexpected_message, "data before the handshake"));
                return;
            }
            byte[] app = new byte[n];
            protocol.readInput(app, 0, n);
            ctx.fireChannelRead(Unpooled.wrappedBuffer(app));
        }
        if (protocol.isClosed()) {
            ctx.close(); // the client sent close_notify (answered above)
        }
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (!(msg instanceof ByteBuf buf)) {
            ReferenceCountUtil.release(msg);
            promise.setFailure(new UnsupportedMessageTypeException(msg, ByteBuf.class));
            return;
        }
        try {
            if (!buf.isReadable()) {
                ctx.write(Unpooled.EMPTY_BUFFER, promise);
                return;
            }
            byte[] plain = new byte[buf.readableBytes()];
            buf.readBytes(plain);
            protocol.writeApplicationData(plain, 0, plain.length);
            ctx.write(takeOutput(), promise);
        } catch (IOException | RuntimeException e) {
            promise.setFailure(e);
            ctx.close();
        } finally {
            buf.release();
        }
    }

    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
        if (!failed && protocol.isConnected() && !protocol.isClosed()) {
            try {
                protocol.close(); // queues close_notify
                ctx.writeAndFlush(takeOutput()).addListener(f -> ctx.close(promise));
                return;
            } catch (IOException | RuntimeException e) {
                log.debug("TLS-PSK close_notify to {} failed: {}", ctx.channel().remoteAddress(), e.toString());
            }
        }
        ctx.close(promise);
    }

    private void flushOutput(ChannelHandlerContext ctx) {
        if (protocol.getAvailableOutputBytes() > 0) {
            ctx.writeAndFlush(takeOutput());
        }
    }

    private ByteBuf takeOutput() {
        int n = protocol.getAvailableOutputBytes();
        if (n == 0) {
            return Unpooled.EMPTY_BUFFER;
        }
        byte[] out = new byte[n];
        protocol.readOutput(out, 0, n);
        return Unpooled.wrappedBuffer(out);
    }

    /** Sends what the protocol has queued (its alert), logs one line and closes. */
    private void refuse(ChannelHandlerContext ctx, Exception e) {
        failed = true;
        short alert = server.fatalAlert() >= 0 ? server.fatalAlert()
                : e instanceof TlsFatalAlert f ? f.getAlertDescription() : AlertDescription.internal_error;
        String who = server.presentedIdentity() == null ? "no PSK identity"
                : (server.identityKnown() ? "identity '" : "unknown identity '") + Excerpt.of(server.presentedIdentity())
                        + "'";
        String why = AlertDescription.getText(alert);
        boolean keyCheck = alert == AlertDescription.bad_record_mac || alert == AlertDescription.decrypt_error;
        if (!identified && keyCheck) {
            // the client cannot tell these apart (RFC 4279 section 2); the operator can
            why += server.identityKnown() ? " (wrong key?)"
                    : " (the identity is not provisioned; answered as a wrong key)";
        }
        if (identified) {
            LIMITED.info("TLS-PSK session from {} ({}) failed: {}", ctx.channel().remoteAddress(), who, why);
        } else {
            LIMITED.info("TLS-PSK handshake from {} refused: {}: {}", ctx.channel().remoteAddress(), who, why);
        }
        log.debug("TLS-PSK failure detail", e);
        if (protocol.getAvailableOutputBytes() > 0) {
            ctx.writeAndFlush(takeOutput()).addListener(ChannelFutureListener.CLOSE);
        } else {
            ctx.close();
        }
    }
}
