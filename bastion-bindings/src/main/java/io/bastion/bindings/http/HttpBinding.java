package io.bastion.bindings.http;

import io.bastion.core.codec.Codecs;
import io.bastion.core.binding.RequestProcessor;
import io.bastion.core.binding.UpperTester;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP door of the CSE (TS-0009): a Netty HTTP/1.1 server that turns requests into primitives for a
 * {@link RequestProcessor} and its responses back into HTTP.
 *
 * <pre>{@code
 * HttpBinding http = new HttpBinding(HttpBindingConfig.of("127.0.0.1", 8080, workers), cse).start();
 * int port = http.port();
 * ...
 * http.stop();
 * }</pre>
 */
public final class HttpBinding implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HttpBinding.class);
    /** Pipeline names an upgrade (WebSocket) replaces: the idle timer and the request-head deadline. */
    public static final String IDLE = "idle";
    static final String DEADLINE = "deadline";

    private final HttpBindingConfig config;
    private final RequestDispatcher dispatcher;
    private final ConnectionFront front;
    private final ConnectionUpgrade upgrade;
    private EventLoopGroup acceptGroup;
    private EventLoopGroup ioGroup;
    private ChannelGroup channels;
    private Channel serverChannel;
    private ExecutorService ownWorker;
    private Executor worker;

    public HttpBinding(HttpBindingConfig config, RequestProcessor processor) {
        this(config, processor, new Codecs());
    }

    public HttpBinding(HttpBindingConfig config, RequestProcessor processor, Codecs codecs) {
        this(config, processor, codecs, ConnectionFront.NONE);
    }

    /** A binding whose connections pass through {@code front} (e.g. TLS) before the HTTP codec. */
    public HttpBinding(HttpBindingConfig config, RequestProcessor processor, Codecs codecs, ConnectionFront front) {
        this(config, processor, codecs, front, null);
    }

    /**
     * As {@link #HttpBinding(HttpBindingConfig, RequestProcessor, Codecs, ConnectionFront)}, also serving the Upper
     * Tester of TS-0019 on {@link UpperTester#PATH} when {@code upperTester} is not null (a test interface: only when
     * the operator turned it on).
     */
    public HttpBinding(HttpBindingConfig config, RequestProcessor processor, Codecs codecs, ConnectionFront front,
                       UpperTester upperTester) {
        this(config, processor, codecs, front, upperTester, null);
    }

    /**
     * As {@link #HttpBinding(HttpBindingConfig, RequestProcessor, Codecs, ConnectionFront, UpperTester)}, switching a
     * connection to {@code upgrade}'s protocol (WebSocket) when a request asks for it; null: none, an Upgrade header
     * is then ignored as RFC 9110 7.8 allows.
     */
    public HttpBinding(HttpBindingConfig config, RequestProcessor processor, Codecs codecs, ConnectionFront front,
                       UpperTester upperTester, ConnectionUpgrade upgrade) {
        this.config = config;
        this.dispatcher = new RequestDispatcher(processor, codecs, upperTester);
        this.front = front;
        this.upgrade = upgrade;
    }

    /**
     * Binds and starts accepting connections; returns once the port is bound.
     *
     * @throws UncheckedIOException when the address cannot be bound (e.g. the port is in use)
     */
    public synchronized HttpBinding start() {
        if (serverChannel != null) {
            throw new IllegalStateException("HTTP binding already started");
        }
        worker = config.worker();
        if (worker == null) {
            ownWorker = Executors.newThreadPerTaskExecutor(
                    Thread.ofVirtual().name("bastion-http-worker-", 0).factory());
            worker = ownWorker;
        }
        int ioThreads = config.ioThreads() > 0 ? config.ioThreads() : Runtime.getRuntime().availableProcessors();
        acceptGroup = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("bastion-http-accept"),
                NioIoHandler.newFactory());
        ioGroup = new MultiThreadIoEventLoopGroup(ioThreads, new DefaultThreadFactory("bastion-http-io"),
                NioIoHandler.newFactory());
        channels = new DefaultChannelGroup("bastion-http", GlobalEventExecutor.INSTANCE);
        long idleMillis = config.idleTimeout().toMillis();
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(acceptGroup, ioGroup)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (!config.connections().admit(ch, front.name())) {
                            ch.close(); // over the limits: before any handshake or request
                            return;
                        }
                        channels.add(ch);
                        ChannelPipeline p = ch.pipeline();
                        p.addLast(IDLE, new IdleStateHandler(idleMillis, 0, 0, TimeUnit.MILLISECONDS));
                        HeadDeadline deadline = new HeadDeadline(config.headTimeout(), front.name());
                        front.install(ch);
                        RequestGate gate = new RequestGate(deadline);
                        p.addLast("gate", gate);
                        p.addLast("http", new HttpServerCodec(new HttpDecoderConfig(),
                                ConnectionHandler.MAX_PIPELINE_DEPTH));
                        p.addLast(DEADLINE, deadline);
                        p.addLast("body", new BodyLimitAggregator(config.maxBodyBytes()));
                        p.addLast("onem2m", new ConnectionHandler(dispatcher, worker, gate, upgrade));
                    }
                });
        ChannelFuture bound = bootstrap.bind(config.bindAddress(), config.port()).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            shutdownGroups();
            Throwable cause = bound.cause();
            throw new UncheckedIOException("cannot bind HTTP to " + config.bindAddress() + ":" + config.port(),
                    cause instanceof IOException io ? io : new IOException(cause));
        }
        serverChannel = bound.channel();
        channels.add(serverChannel);
        log.info("{} binding listening on {}", front.name(), serverChannel.localAddress());
        return this;
    }

    /** The bound port: the configured one, or the one chosen when the configuration said 0. */
    public synchronized int port() {
        return localAddress().getPort();
    }

    public synchronized InetSocketAddress localAddress() {
        if (serverChannel == null) {
            throw new IllegalStateException("HTTP binding not started");
        }
        return (InetSocketAddress) serverChannel.localAddress();
    }

    /** Stops accepting, closes open connections and releases the threads; idempotent. */
    public synchronized void stop() {
        if (serverChannel == null) {
            return;
        }
        channels.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        serverChannel = null;
        shutdownGroups();
        log.info("{} binding stopped", front.name());
    }

    @Override
    public void close() {
        stop();
    }

    private void shutdownGroups() {
        acceptGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        ioGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        acceptGroup.terminationFuture().awaitUninterruptibly(5, TimeUnit.SECONDS);
        ioGroup.terminationFuture().awaitUninterruptibly(5, TimeUnit.SECONDS);
        if (ownWorker != null) {
            ownWorker.shutdown();
            ownWorker = null;
        }
    }
}
