package io.bastion.bindings.tls;

import io.netty.channel.ChannelHandlerContext;
import io.netty.util.concurrent.Promise;
import java.io.IOException;
import org.bouncycastle.tls.TlsClientProtocol;

/**
 * The client side of TLS-PSK in a Netty pipeline ({@link TlsProtocolHandler} over a {@link TlsClientProtocol}),
 * between the socket and the HTTP codec, so that one event loop drives many TLS-PSK connections as it drives plain
 * ones. Add it first to a channel before it connects; {@code ready} completes when the handshake did, or fails with
 * why it did not. All methods run on the channel's event loop.
 */
public final class PskTlsClientHandler extends TlsProtocolHandler<TlsClientProtocol> {
    private final PskTlsClient client;
    private final Promise<Void> ready;

    public PskTlsClientHandler(PskTlsClient client, Promise<Void> ready) {
        super(new TlsClientProtocol());
        this.client = client;
        this.ready = ready;
    }

    /** The suite the server selected, once {@code ready} completed. */
    public int selectedSuite() {
        return client.selectedSuite();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        try {
            protocol.connect(client); // non-blocking: queues the ClientHello
        } catch (IOException | RuntimeException e) {
            fail(ctx, e);
            return;
        }
        flushOutput(ctx);
        super.channelActive(ctx);
    }

    @Override
    boolean handshakeCompleted(ChannelHandlerContext ctx) {
        ready.trySuccess(null);
        return true;
    }

    /** Fails {@code ready} and tells the handlers behind, which may be waiting for an answer. */
    @Override
    void failing(ChannelHandlerContext ctx, Exception e) {
        ready.tryFailure(e);
        ctx.fireExceptionCaught(e);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        ready.tryFailure(new IOException("the server closed the connection during the TLS-PSK handshake"));
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) throws Exception {
        ready.tryFailure(cause);
        super.exceptionCaught(ctx, cause);
    }
}
