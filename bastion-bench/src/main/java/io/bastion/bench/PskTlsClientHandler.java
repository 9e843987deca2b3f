package io.bastion.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Promise;
import java.io.IOException;
import java.util.Vector;
import org.bouncycastle.tls.BasicTlsPSKExternal;
import org.bouncycastle.tls.BasicTlsPSKIdentity;
import org.bouncycastle.tls.PSKTlsClient;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsClientProtocol;
import org.bouncycastle.tls.crypto.TlsCrypto;

/**
 * The client side of TLS-PSK in a Netty pipeline: Bouncy Castle's {@link TlsClientProtocol} in its non-blocking mode
 * ({@code offerInput}/{@code readOutput}) between the socket and the HTTP codec, so the load client drives many TLS-PSK
 * connections from one event loop, as it drives plain ones. All methods run on the channel's event loop.
 */
final class PskTlsClientHandler extends ChannelDuplexHandler {

    /** Offers exactly one version and one suite; the PSK as an RFC 4279 identity, or as TLS 1.3 external PSK. */
    static final class Client extends PSKTlsClient {
        private final byte[] identity;
        private final byte[] key;
        private final ProtocolVersion version;
        private final int suite;
        private Runnable onComplete = () -> { };

        Client(TlsCrypto crypto, byte[] identity, byte[] key, ProtocolVersion version, int suite) {
            super(crypto, new BasicTlsPSKIdentity(identity, key));
            this.identity = identity;
            this.key = key;
            this.version = version;
            this.suite = suite;
        }

        @Override
        protected ProtocolVersion[] getSupportedVersions() {
            return new ProtocolVersion[] {version};
        }

        @Override
        protected int[] getSupportedCipherSuites() {
            return new int[] {suite};
        }

        @Override
        public Vector getExternalPSKs() {
            if (!ProtocolVersion.TLSv13.equals(version)) {
                return null;
            }
            Vector<BasicTlsPSKExternal> psks = new Vector<>();
            psks.add(new BasicTlsPSKExternal(identity, getCrypto().createSecret(key)));
            return psks;
        }

        @Override
        public void notifyHandshakeComplete() throws IOException {
            super.notifyHandshakeComplete();
            onComplete.run();
        }

        int selectedSuite() {
            return context.getSecurityParametersConnection().getCipherSuite();
        }
    }

    private final TlsClientProtocol protocol = new TlsClientProtocol();
    private final Client client;
    private final Promise<Void> ready;
    private boolean failed;

    PskTlsClientHandler(Client client, Promise<Void> ready) {
        this.client = client;
        this.ready = ready;
        client.onComplete = () -> ready.trySuccess(null);
    }

    int selectedSuite() {
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
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf in)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (failed) {
            in.release();
            return;
        }
        byte[] bytes = new byte[in.readableBytes()];
        in.readBytes(bytes);
        in.release();
        try {
            protocol.offerInput(bytes);
        } catch (IOException | RuntimeException e) {
            fail(ctx, e);
            return;
        }
        flushOutput(ctx);
        int n = protocol.getAvailableInputBytes();
        if (n > 0) {
            byte[] app = new byte[n];
            protocol.readInput(app, 0, n);
            ctx.fireChannelRead(Unpooled.wrappedBuffer(app));
        }
        if (protocol.isClosed()) {
            ctx.close();
        }
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (!(msg instanceof ByteBuf buf)) {
            ReferenceCountUtil.release(msg);
            promise.setFailure(new IllegalArgumentException("TLS-PSK carries bytes only, not " + msg.getClass()));
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
            fail(ctx, e);
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
            } catch (IOException | RuntimeException ignored) {
                // Closing anyway.
            }
        }
        ctx.close(promise);
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

    private void fail(ChannelHandlerContext ctx, Exception e) {
        failed = true;
        ready.tryFailure(e);
        if (protocol.getAvailableOutputBytes() > 0) {
            ctx.writeAndFlush(takeOutput()); // the alert
        }
        ctx.fireExceptionCaught(e);
        ctx.close();
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
}
