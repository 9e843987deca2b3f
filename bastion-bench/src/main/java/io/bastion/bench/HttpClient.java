package io.bastion.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import java.util.concurrent.TimeUnit;

/** The load generator's HTTP/1.1 client: Netty NIO, a fixed number of event-loop threads, plain keep-alive. */
final class HttpClient implements AutoCloseable {

    /** Discovery answers with up to lim URIs; 16 MiB is far above anything the scenarios ask for. */
    private static final int MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

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

    /** Opens a connection (blocking until it is established). */
    Connection connect(String host, int port) throws InterruptedException {
        Connection connection = new Connection();
        Channel ch = bootstrap.clone()
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel c) {
                        c.pipeline().addLast(new HttpClientCodec(),
                                new HttpObjectAggregator(MAX_RESPONSE_BYTES),
                                connection);
                    }
                })
                .connect(host, port).sync().channel();
        connection.attach(ch);
        return connection;
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
