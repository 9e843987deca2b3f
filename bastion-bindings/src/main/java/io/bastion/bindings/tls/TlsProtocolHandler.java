package io.bastion.bindings.tls;

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
import org.bouncycastle.tls.TlsProtocol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bouncy Castle's TLS protocol in its non-blocking mode ({@code offerInput}/{@code readOutput}) in a Netty pipeline,
 * in place of {@code SslHandler}: socket bytes go in, application bytes come out for the handler behind, and what
 * that handler writes leaves as TLS records. The server door ({@link PskTlsHandler}) and the client
 * ({@link PskTlsClientHandler}) differ only in how the handshake starts, what its completion does and what a failure
 * tells. All methods run on the channel's event loop.
 *
 * @param <P> the server's or the client's protocol
 */
abstract class TlsProtocolHandler<P extends TlsProtocol> extends ChannelDuplexHandler {
    private static final Logger log = LoggerFactory.getLogger(TlsProtocolHandler.class);

    final P protocol;
    private boolean established;
    private boolean failed;

    TlsProtocolHandler(P protocol) {
        this.protocol = protocol;
    }

    /**
     * The handshake completed: returns whether application data may now pass, after failing the connection
     * ({@link #fail}) when it may not.
     */
    abstract boolean handshakeCompleted(ChannelHandlerContext ctx);

    /** Says why the connection fails, before its alert (if any) is sent and it closes. */
    abstract void failing(ChannelHandlerContext ctx, Exception e);

    /** A write of application data failed: the default ends the connection as any failure does. */
    void writeFailed(ChannelHandlerContext ctx, Exception e) {
        fail(ctx, e);
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
            fail(ctx, e);
            return;
        }
        flushOutput(ctx);
        if (!established && !protocol.isHandshaking() && protocol.isConnected()) {
            established = handshakeCompleted(ctx);
            if (failed) {
                return;
            }
        }
        int n = protocol.getAvailableInputBytes();
        if (n > 0) {
            if (!established) {
                fail(ctx, new TlsFatalAlert(AlertDescription.unexpected_message, "data before the handshake"));
                return;
            }
            byte[] app = new byte[n];
            protocol.readInput(app, 0, n);
            ctx.fireChannelRead(Unpooled.wrappedBuffer(app));
        }
        if (protocol.isClosed()) {
            ctx.close(); // the peer sent close_notify (answered above)
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
            writeFailed(ctx, e);
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
                log.debug("TLS close_notify to {} failed: {}", ctx.channel().remoteAddress(), e.toString());
            }
        }
        ctx.close(promise);
    }

    /** Ends the connection: says why ({@link #failing}), sends what the protocol has queued (its alert) and closes. */
    final void fail(ChannelHandlerContext ctx, Exception e) {
        failed = true;
        failing(ctx, e);
        if (protocol.getAvailableOutputBytes() > 0) {
            ctx.writeAndFlush(takeOutput()).addListener(ChannelFutureListener.CLOSE);
        } else {
            ctx.close();
        }
    }

    /** Whether the handshake completed and application data passes. */
    final boolean established() {
        return established;
    }

    final void flushOutput(ChannelHandlerContext ctx) {
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
}
