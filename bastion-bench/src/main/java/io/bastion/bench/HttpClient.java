package io.bastion.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The load generator's HTTP/1.1 client: Netty NIO, a fixed number of event-loop threads, plain keep-alive; each
 * connection optionally secured by a {@link ChannelSecurity} (TLS-PSK or TLS with a client certificate) in front of
 * the same HTTP codec.
 */
final class HttpClient implements AutoCloseable {

    /** Discovery answers with up to lim URIs; 16 MiB is far above anything the scenarios ask for. */
    private static final int MAX_RESPONSE_BYTES = 16 * 1024 * 1024;
    private static final long HANDSHAKE_TIMEOUT_SECONDS = 30;

    private final EventLoopGroup group;
    private final Bootstrap bootstrap;

    HttpClient(int threads) {
        this.group = new MultiThreadIoEventLoopGroup(threads, NioIoHandler.newFactory());
        this.bootstrap = new Bootstrap()
                .group(group)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000);
    }

    /** Opens a plain connection (blocking until it is established). */
    Connection connect(String host, int port) throws InterruptedException {
        return connect(host, port, ChannelSecurity.PLAIN);
    }

    /** Opens a connection and completes its handshake (blocking); a failed handshake throws SetupException. */
    Connection connect(String host, int port, ChannelSecurity security) throws InterruptedException {
        Connection connection = new Connection();
        AtomicReference<Future<?>> ready = new AtomicReference<>();
        Channel ch = bootstrap.clone()
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel c) {
                        c.pipeline().addLast(new HttpClientCodec(),
                                new HttpObjectAggregator(MAX_RESPONSE_BYTES),
                                connection);
                        ready.set(security.install(c, port));
                    }
                })
                .connect(host, port).sync().channel();
        Future<?> handshake = ready.get();
        if (!handshake.await(HANDSHAKE_TIMEOUT_SECONDS, TimeUnit.SECONDS) || !handshake.isSuccess()) {
            ch.close();
            throw new SetupException("the " + describe(security) + " handshake with " + host + ":" + port
                    + (handshake.isDone() ? " failed: " + handshake.cause() : " did not finish in "
                    + HANDSHAKE_TIMEOUT_SECONDS + " s"));
        }
        connection.attach(ch);
        return connection;
    }

    /**
     * Connects without waiting and completes with the channel once its handshake is done (nothing else runs over
     * it), or exceptionally with why it failed; the caller closes the channel.
     */
    CompletableFuture<Channel> handshake(String host, int port, ChannelSecurity security) {
        CompletableFuture<Channel> result = new CompletableFuture<>();
        AtomicReference<Future<?>> ready = new AtomicReference<>();
        ChannelFuture connected = bootstrap.clone()
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel c) {
                        c.pipeline().addLast(new Discard());
                        ready.set(security.install(c, port));
                    }
                })
                .connect(host, port);
        connected.addListener(f -> {
            if (!f.isSuccess()) {
                result.completeExceptionally(f.cause());
                return;
            }
            Channel ch = connected.channel();
            ready.get().addListener(h -> {
                if (h.isSuccess()) {
                    result.complete(ch);
                } else {
                    ch.close();
                    result.completeExceptionally(h.cause());
                }
            });
        });
        return result;
    }

    private static String describe(ChannelSecurity security) {
        return switch (security) {
            case ChannelSecurity.Plain p -> "TCP";
            case ChannelSecurity.TlsPsk p -> "TLS-PSK";
            case ChannelSecurity.TlsCertificate c -> "TLS";
        };
    }

    /** The end of a handshake-only pipeline: drops whatever arrives after the handshake (e.g. session tickets). */
    private static final class Discard extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close(); // the handshake's future already carries the failure
        }
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
