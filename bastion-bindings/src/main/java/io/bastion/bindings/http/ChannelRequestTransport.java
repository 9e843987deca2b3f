package io.bastion.bindings.http;

import io.bastion.core.http.HttpMapping;
import io.bastion.core.binding.RequestTransport;
import io.bastion.core.codec.Codec;
import io.bastion.core.codec.Codecs;
import io.bastion.core.codec.Serialization;
import io.bastion.core.primitive.Request;
import io.bastion.core.primitive.Response;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends request primitives to one other CSE over HTTP/1.1 on connections secured by a {@link ClientSecurity} the JDK
 * HTTP client cannot speak (TLS-PSK): the same TS-0009 mapping as {@link HttpRequestTransport}, for the one origin
 * ({@code https://host:port}) it was made for, so that a key meant for one peer is never offered to another. Bounded
 * everywhere: each exchange (connection, handshake, answer) by the timeout given to {@link #send}, the answer by
 * {@link HttpRequestTransport#MAX_RESPONSE_BODY_BYTES}, the requests in flight by {@code maxInFlight} (one more fails
 * at once rather than queue). A connection carries one request at a time and is kept for the next one while the
 * peer keeps it alive, for at most {@link #IDLE_LIMIT} idle (below the head timeout of a Bastion peer, which closes
 * connections that stay silent longer).
 */
public final class ChannelRequestTransport implements RequestTransport, AutoCloseable {
    /** How long a connection may wait idle for its next request before it is closed rather than reused. */
    public static final Duration IDLE_LIMIT = Duration.ofSeconds(10);
    private static final AttributeKey<CompletableFuture<FullHttpResponse>> PENDING =
            AttributeKey.valueOf("bastion.pending");
    private static final AttributeKey<Long> IDLE_SINCE = AttributeKey.valueOf("bastion.idle-since");
    private static final AttributeKey<io.netty.util.concurrent.Future<?>> HANDSHAKE =
            AttributeKey.valueOf("bastion.handshake");

    private final URI origin;
    private final ClientSecurity security;
    private final int maxInFlight;
    private final EventLoopGroup group;
    private final Bootstrap bootstrap;
    private final Codecs codecs = new Codecs();
    private final ConcurrentLinkedDeque<Channel> idle = new ConcurrentLinkedDeque<>();
    private final AtomicInteger inFlight = new AtomicInteger();

    /**
     * @param origin the peer's base address, {@code https://host:port} (the only one {@link #supports} accepts)
     * @param security what secures each connection
     * @param maxInFlight the most requests sent at once
     */
    public ChannelRequestTransport(String origin, ClientSecurity security, int maxInFlight) {
        this.origin = origin(origin);
        this.security = security;
        this.maxInFlight = maxInFlight;
        this.group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("bastion-mcc-client", true),
                NioIoHandler.newFactory());
        this.bootstrap = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast("http", new HttpClientCodec())
                                .addLast("aggregate", new HttpObjectAggregator(
                                        HttpRequestTransport.MAX_RESPONSE_BODY_BYTES))
                                .addLast("answer", new Answer());
                        io.netty.util.concurrent.Future<?> handshake = security.install(ch);
                        ch.attr(HANDSHAKE).set(handshake);
                        handshake.addListener(f -> {
                            if (!f.isSuccess()) {
                                fail(ch, new IOException("the " + security.describe() + " handshake with " + origin
                                        + " failed: " + f.cause().getMessage(), f.cause()));
                            }
                        });
                    }
                });
    }

    /** The scheme, host and port of an {@code https://} address; IllegalArgumentException for anything else. */
    private static URI origin(String base) {
        URI u = URI.create(base);
        if (!"https".equalsIgnoreCase(u.getScheme()) || u.getHost() == null) {
            throw new IllegalArgumentException("a secured point of access is https://host:port, not '" + base + "'");
        }
        return URI.create("https://" + u.getHost().toLowerCase(Locale.ROOT) + ":" + port(u));
    }

    private static int port(URI u) {
        return u.getPort() < 0 ? 443 : u.getPort();
    }

    @Override
    public boolean supports(String poa) {
        try {
            return poa != null && origin.equals(origin(poa));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public CompletableFuture<Response> send(String poa, Request rq, Serialization serialization, Duration timeout) {
        HttpMapping.Outgoing out;
        try {
            if (!supports(poa)) {
                throw new IllegalArgumentException("this transport reaches " + origin + " only, not " + poa);
            }
            Codec codec = codecs.forSerialization(serialization);
            if (codec == null) {
                throw new IllegalArgumentException(serialization.ct() + " is not a serialization this CSE writes");
            }
            out = HttpMapping.outgoingForCse(poa, rq, codec);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        if (inFlight.incrementAndGet() > maxInFlight) {
            inFlight.decrementAndGet();
            return CompletableFuture.failedFuture(new IOException("all " + maxInFlight + " requests to " + origin
                    + " that may be in flight at once are; try again later"));
        }
        CompletableFuture<FullHttpResponse> answer = new CompletableFuture<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        answer.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
        Channel reused = reusable();
        if (reused != null) {
            write(reused, out, answer);
        } else {
            long left = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
            ChannelFuture connecting = bootstrap.clone()
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, left))
                    .connect(origin.getHost(), port(origin));
            connecting.addListener((ChannelFuture f) -> {
                if (!f.isSuccess()) {
                    answer.completeExceptionally(new IOException("cannot connect to " + origin + ": "
                            + f.cause().getMessage(), f.cause()));
                    return;
                }
                write(f.channel(), out, answer);
            });
        }
        return answer.handle((r, e) -> {
            inFlight.decrementAndGet();
            if (e != null) {
                Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null
                        ? e.getCause() : e;
                if (cause instanceof TimeoutException) {
                    throw new java.util.concurrent.CompletionException(new TimeoutException(origin
                            + " did not answer within " + timeout.toMillis() + " ms"));
                }
                throw new java.util.concurrent.CompletionException(cause);
            }
            try {
                byte[] body = ByteBufUtil.getBytes(r.content());
                return HttpMapping.toResponse(r.status().code(), n -> r.headers().get(n), body, origin, rq,
                        codecs);
            } finally {
                r.release();
            }
        });
    }

    /** An idle connection still open and not idle too long, or null. */
    private Channel reusable() {
        long now = System.nanoTime();
        for (Channel c; (c = idle.pollFirst()) != null; ) {
            Long since = c.attr(IDLE_SINCE).get();
            if (c.isActive() && since != null && now - since < IDLE_LIMIT.toNanos()) {
                return c;
            }
            c.close();
        }
        return null;
    }

    /** Writes {@code out} on {@code ch} once its handshake is done; the answer (or a failure) completes {@code answer}. */
    private void write(Channel ch, HttpMapping.Outgoing out, CompletableFuture<FullHttpResponse> answer) {
        ch.attr(PENDING).set(answer);
        // A late answer after a timeout must not be taken for the next request's: such a connection is closed.
        answer.whenComplete((r, e) -> {
            if (e != null) {
                ch.close();
            }
        });
        // Application data passes once the handshake completed (at once on a reused connection).
        ch.attr(HANDSHAKE).get().addListener(h -> {
            if (!h.isSuccess()) {
                answer.completeExceptionally(new IOException("the " + security.describe() + " handshake with "
                        + origin + " failed: " + h.cause().getMessage(), h.cause()));
                return;
            }
            if (answer.isDone()) {
                return;
            }
            if (!ch.isActive()) {
                answer.completeExceptionally(new IOException("the connection to " + origin + " was closed"));
                return;
            }
            ch.writeAndFlush(request(out)).addListener(f -> {
                if (!f.isSuccess()) {
                    answer.completeExceptionally(new IOException("cannot send to " + origin + ": "
                            + f.cause().getMessage(), f.cause()));
                }
            });
        });
    }

    private FullHttpRequest request(HttpMapping.Outgoing out) {
        URI u = out.uri();
        String target = u.getRawPath() + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery());
        FullHttpRequest r = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.valueOf(out.method()),
                target, Unpooled.wrappedBuffer(out.body()));
        r.headers().set(HttpHeaderNames.HOST, origin.getHost() + ":" + port(origin));
        for (Map.Entry<String, String> h : out.headers()) {
            r.headers().add(h.getKey(), h.getValue());
        }
        r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        HttpUtil.setContentLength(r, out.body().length);
        return r;
    }

    private static void fail(Channel ch, Throwable cause) {
        CompletableFuture<FullHttpResponse> pending = ch.attr(PENDING).getAndSet(null);
        if (pending != null) {
            pending.completeExceptionally(cause);
        }
        ch.close();
    }

    /** Hands each whole answer to the request waiting on its connection, and the connection back for reuse. */
    private final class Answer extends SimpleChannelInboundHandler<FullHttpResponse> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse r) {
            CompletableFuture<FullHttpResponse> pending = ctx.channel().attr(PENDING).getAndSet(null);
            if (pending == null) {
                ctx.close(); // an answer nobody asked for: the connection cannot be trusted any more
                return;
            }
            boolean keep = HttpUtil.isKeepAlive(r);
            if (pending.complete(r.retain())) {
                if (keep) {
                    ctx.channel().attr(IDLE_SINCE).set(System.nanoTime());
                    idle.addFirst(ctx.channel());
                } else {
                    ctx.close();
                }
            } else {
                r.release();
                ctx.close();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            idle.remove(ctx.channel());
            fail(ctx.channel(), new IOException(origin + " closed the connection before it answered"));
            super.channelInactive(ctx);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            fail(ctx.channel(), cause instanceof IOException ? cause
                    : new IOException("exchange with " + origin + " failed: " + cause.getMessage(), cause));
        }
    }

    @Override
    public String toString() {
        return "HTTP over " + security.describe() + " to " + origin;
    }

    @Override
    public void close() {
        for (Channel c; (c = idle.pollFirst()) != null; ) {
            c.close();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
}
