package io.bastion.bindings.ws;

import com.fasterxml.jackson.databind.JsonNode;
import io.bastion.bindings.http.ChannelIdentity;
import io.bastion.core.binding.RequestProcessor;
import io.bastion.core.codec.Codec;
import io.bastion.core.log.RateLimitedLog;
import io.bastion.core.primitive.Authentication;
import io.bastion.core.primitive.ErrorFallback;
import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.primitive.Operation;
import io.bastion.core.primitive.Peer;
import io.bastion.core.primitive.Request;
import io.bastion.core.primitive.Response;
import io.bastion.core.primitive.ResponseStatusCode;
import io.bastion.core.resource.ResourceTypes;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Iterator;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;

/**
 * One oneM2M WebSocket connection after its handshake (TS-0020 5.2, 6.5): every message is one primitive in the
 * connection's subprotocol. Requests are processed on the worker executor, many at once (at most
 * {@link WebSocketConfig#maxInFlight()}; the connection's input waits beyond it, and while the client does not read
 * its answers), and answered in the order they complete, each under its {@code rqi}; responses answer the NOTIFYs
 * this CSE sent on the connection ({@link #request}). Each request is decided for the connection's peer: the door it
 * came through ({@code ws}, {@code wss}, {@code wss-psk}) and what that door's TLS proved, as for HTTP requests.
 *
 * <p>A message that is no primitive is answered with 4000 (under its {@code rqi} when it has one) and the connection
 * stays open; a frame of the wrong type for the subprotocol closes it with 1003, a frame or message over the limits
 * with 1009, invalid UTF-8 in a text frame with 1007, an unmasked or malformed frame with 1002 (RFC 6455 7.4.1), a
 * revoked credential with 1008 after the answer, silence beyond the idle timeout with 1001.
 */
final class WsConnection extends ChannelInboundHandlerAdapter {
    private static final RateLimitedLog LIMITED = RateLimitedLog.of(LoggerFactory.getLogger(WsConnection.class));
    /** NOTIFYs awaiting their answer on one connection: a receiver that never answers holds no more than this. */
    static final int MAX_PENDING = 64;

    private final Channel channel;
    private final Subprotocol subprotocol;
    private final Codec codec;
    private final ChannelIdentity identity;
    private final String door;
    private final RequestProcessor processor;
    private final Executor worker;
    private final WsConnections connections;
    private final WebSocketConfig config;
    /** The AE-IDs this connection is the route to, for removal when it closes. */
    private final Set<String> bound = ConcurrentHashMap.newKeySet();
    /** NOTIFYs sent and not yet answered, by rqi. */
    private final ConcurrentHashMap<String, CompletableFuture<Response>> pending = new ConcurrentHashMap<>();
    /** Responses the CSE holds (a long poll): cancelled when the connection closes first. */
    private final Set<CompletableFuture<Response>> held = ConcurrentHashMap.newKeySet();
    /** Messages handed to a worker and not finished; on the event loop only. */
    private int running;
    private volatile Peer peer;

    WsConnection(Channel channel, Subprotocol subprotocol, Codec codec, ChannelIdentity identity,
                 RequestProcessor processor, Executor worker, WsConnections connections, WebSocketConfig config) {
        this.channel = channel;
        this.subprotocol = subprotocol;
        this.codec = codec;
        this.identity = identity;
        this.door = doorOf(identity.door());
        this.processor = processor;
        this.worker = worker;
        this.connections = connections;
        this.config = config;
    }

    /** The door's name in {@link Peer#door()} (and so in {@code doors.require-association} and the audit log). */
    static String doorOf(String httpDoor) {
        return switch (httpDoor) {
            case "http" -> "ws";
            case "https" -> "wss";
            case "psk" -> "wss-psk";
            default -> "ws-" + httpDoor;
        };
    }

    Subprotocol subprotocol() {
        return subprotocol;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof TextWebSocketFrame || msg instanceof BinaryWebSocketFrame) {
            WebSocketFrame frame = (WebSocketFrame) msg;
            boolean binary = frame instanceof BinaryWebSocketFrame;
            if (binary != subprotocol.binary) {
                frame.release();
                close(WebSocketCloseStatus.INVALID_MESSAGE_TYPE, subprotocol.protocolName + " carries "
                        + (subprotocol.binary ? "binary" : "text") + " frames (TS-0020 table 6.2.2.9-1)");
                return;
            }
            byte[] bytes;
            try {
                bytes = ByteBufUtil.getBytes(frame.content());
            } finally {
                frame.release();
            }
            started();
            try {
                worker.execute(() -> message(bytes));
            } catch (RejectedExecutionException e) {
                LIMITED.warn("worker executor refused a WebSocket message: {}", e.toString());
                finished();
                close(WebSocketCloseStatus.TRY_AGAIN_LATER, "the CSE is shutting down");
            }
        } else if (msg instanceof PingWebSocketFrame ping) {
            ctx.writeAndFlush(new PongWebSocketFrame(ping.content()));
        } else if (msg instanceof CloseWebSocketFrame close) {
            // RFC 6455 5.5.1: answer with a Close frame (echoing the status), then the server closes the TCP side.
            int status = close.statusCode();
            close.release();
            CloseWebSocketFrame answer = status < 0 ? new CloseWebSocketFrame() : new CloseWebSocketFrame(
                    WebSocketCloseStatus.isValidStatusCode(status) ? status : 1000, null);
            ctx.writeAndFlush(answer).addListener(ChannelFutureListener.CLOSE);
        } else {
            ReferenceCountUtil.release(msg); // a pong: being read is all it does (the idle timer saw it)
        }
    }

    /** One message, on a worker thread: a request to process, an answer to a NOTIFY, or something to refuse. */
    private void message(byte[] bytes) {
        JsonNode root = null;
        try {
            root = codec.decode(bytes);
            switch (WsPrimitives.read(root)) {
                case WsPrimitives.Inbound in -> {
                    process(in);
                    return; // finished when its answer is written
                }
                case WsPrimitives.Answer a -> answered(a.response());
            }
        } catch (OneM2MException e) {
            if (WsPrimitives.isResponse(root)) {
                // a broken answer to a NOTIFY: answering it would read as a response to the client's own request
                LIMITED.info("{} client {} sent a malformed response primitive: {}", door, channel.remoteAddress(),
                        e.getMessage());
            } else {
                send(WsPrimitives.write(Response.error(e), WsPrimitives.requestIdOf(root), null,
                        WsPrimitives.wrappedRequest(root)));
            }
        } catch (RuntimeException e) {
            String rqi = WsPrimitives.requestIdOf(root);
            send(WsPrimitives.write(ErrorFallback.response(e, LIMITED, "WebSocket", rqi), rqi, null,
                    WsPrimitives.wrappedRequest(root)));
        }
        finished();
    }

    private void process(WsPrimitives.Inbound in) {
        Request rq = in.request();
        Peer p = currentPeer();
        CompletableFuture<Response> f = processed(rq, p);
        if (!f.isDone()) {
            held.add(f);
        }
        f.whenComplete((rs, e) -> {
            held.remove(f);
            try {
                if (e instanceof CancellationException) {
                    return; // the connection closed first: nobody to answer
                }
                Response r = rs != null ? rs : ErrorFallback.response(e instanceof RuntimeException re ? re
                        : new IllegalStateException(e), LIMITED, "WebSocket", rq.rqi());
                send(WsPrimitives.write(r, rq.rqi(), rq.rvi(), in.wrapped()));
                bindOnSuccess(rq, r);
                if (p.authentication() instanceof Authentication.Revoked revoked) {
                    LIMITED.info("{} connection from {}: credential {} revoked ({}); closing it", door, p.remote(),
                            revoked.credentialId(), revoked.reason());
                    close(WebSocketCloseStatus.POLICY_VIOLATION, "credential revoked");
                }
            } finally {
                finished();
            }
        });
    }

    private CompletableFuture<Response> processed(Request rq, Peer p) {
        try {
            CompletableFuture<Response> f = processor.processAsync(rq, p);
            return f != null ? f : CompletableFuture.failedFuture(new IllegalStateException("no response"));
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(ErrorFallback.response(e, LIMITED, "WebSocket", rq.rqi()));
        }
    }

    /**
     * Makes this connection the route to the AE a successful request proved: a registration's new AE-ID, or the
     * {@code fr} the authentication stage accepted (it refuses an {@code fr} the credential does not prove, 4106).
     */
    private void bindOnSuccess(Request rq, Response rs) {
        int code = rs.rsc().code();
        if (code < 2000 || code >= 3000) {
            return;
        }
        if (rq.op() == Operation.CREATE && rq.ty() != null && rq.ty() == ResourceTypes.AE && rs.pc() != null) {
            JsonNode aei = rs.pc().path("m2m:ae").get("aei");
            if (aei != null && aei.isTextual()) {
                connections.bind(aei.textValue(), this);
                return;
            }
        }
        if (rq.fr() != null && !rq.fr().isEmpty()) {
            connections.bind(rq.fr(), this);
        }
    }

    /** Called by the registry when this connection became the route to {@code key}. */
    void bound(String key) {
        bound.add(key);
        if (!channel.isActive()) {
            connections.unbind(key, this); // closed meanwhile
        }
    }

    /** The answer to a NOTIFY this CSE sent; an answer to nothing pending is dropped. */
    private void answered(Response rs) {
        CompletableFuture<Response> f = pending.remove(rs.rqi());
        if (f == null) {
            LIMITED.info("{} client {} answered request {} which this CSE did not send or no longer waits for",
                    door, channel.remoteAddress(), rs.rqi());
            return;
        }
        f.complete(rs);
    }

    /**
     * Sends a request (a NOTIFY) to the client and completes with its answer, or exceptionally when the connection
     * closes, the answer does not come within {@code timeout}, or {@link #MAX_PENDING} wait already.
     */
    CompletableFuture<Response> request(Request rq, Duration timeout) {
        CompletableFuture<Response> f = new CompletableFuture<>();
        if (!channel.isActive()) {
            f.completeExceptionally(new IllegalStateException("the WebSocket connection is closed"));
            return f;
        }
        if (pending.size() >= MAX_PENDING) {
            f.completeExceptionally(new IllegalStateException(MAX_PENDING + " requests on the WebSocket "
                    + "connection await their answer"));
            return f;
        }
        if (pending.putIfAbsent(rq.rqi(), f) != null) {
            f.completeExceptionally(new IllegalStateException("request " + rq.rqi() + " is already under way"));
            return f;
        }
        f.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).whenComplete((r, e) -> pending.remove(rq.rqi(), f));
        try {
            channel.writeAndFlush(frame(codec.encode(WsPrimitives.write(rq)))).addListener(w -> {
                if (!w.isSuccess()) {
                    f.completeExceptionally(w.cause());
                }
            });
        } catch (RuntimeException e) {
            f.completeExceptionally(e);
        }
        return f;
    }

    private void send(JsonNode primitive) {
        byte[] bytes;
        try {
            bytes = codec.encode(primitive);
        } catch (RuntimeException e) {
            LIMITED.error("WebSocket answer could not be encoded", e);
            bytes = codec.encode(WsPrimitives.write(ErrorFallback.internalError(), null, null, false));
        }
        if (channel.isActive()) {
            channel.writeAndFlush(frame(bytes));
        }
    }

    private WebSocketFrame frame(byte[] bytes) {
        return subprotocol.binary ? new BinaryWebSocketFrame(Unpooled.wrappedBuffer(bytes))
                : new TextWebSocketFrame(Unpooled.wrappedBuffer(bytes));
    }

    private Peer currentPeer() {
        Authentication now = identity.authentication();
        Peer p = peer;
        if (p == null || p.authentication() != now) {
            p = new Peer((InetSocketAddress) channel.remoteAddress(), door, now);
            peer = p;
        }
        return p;
    }

    /** On the event loop: one more message under way; input waits at the cap. */
    private void started() {
        running++;
        if (running >= config.maxInFlight()) {
            channel.config().setAutoRead(false);
        }
    }

    /** From any thread: a message is finished; input resumes below the cap while the client reads its answers. */
    private void finished() {
        if (!channel.eventLoop().inEventLoop()) {
            try {
                channel.eventLoop().execute(this::finished);
            } catch (RejectedExecutionException e) {
                // the event loop is gone, and the connection with it
            }
            return;
        }
        running--;
        resumeIfRoom();
    }

    private void resumeIfRoom() {
        if (running < config.maxInFlight() && channel.isWritable() && !channel.config().isAutoRead()) {
            channel.config().setAutoRead(true);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        if (!ctx.channel().isWritable()) {
            ctx.channel().config().setAutoRead(false);
        } else {
            resumeIfRoom();
        }
        super.channelWritabilityChanged(ctx);
    }

    /** Sends a Close frame with {@code status} and closes once it is written. */
    void close(WebSocketCloseStatus status, String reason) {
        if (channel.isActive()) {
            channel.writeAndFlush(new CloseWebSocketFrame(status.code(), reason))
                    .addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent idle) {
            if (idle.state() == IdleState.READER_IDLE) {
                close(WebSocketCloseStatus.ENDPOINT_UNAVAILABLE, "idle for " + config.idleTimeout().toSeconds()
                        + " s");
            } else if (idle.state() == IdleState.WRITER_IDLE) {
                ctx.writeAndFlush(new PingWebSocketFrame());
            }
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        for (String key : bound) {
            connections.unbind(key, this);
        }
        IllegalStateException closed = new IllegalStateException("the WebSocket connection closed");
        for (Iterator<CompletableFuture<Response>> it = pending.values().iterator(); it.hasNext(); ) {
            it.next().completeExceptionally(closed);
            it.remove();
        }
        for (CompletableFuture<Response> h : held) {
            h.cancel(false);
        }
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof TooLongFrameException) {
            // the aggregator: the frames of one message together exceed the limit
            close(WebSocketCloseStatus.MESSAGE_TOO_BIG, "a message exceeds " + config.maxMessageBytes() + " bytes");
        } else if (cause instanceof CorruptedWebSocketFrameException c) {
            // the decoder or the UTF-8 validator already sent its Close (1002, 1007, 1009)
            LIMITED.info("{} client {} broke the WebSocket framing: {}", door, ctx.channel().remoteAddress(),
                    c.getMessage());
            ctx.close();
        } else if (cause instanceof IOException) {
            ctx.close();
        } else {
            LIMITED.warn("{} connection from {} failed", door, ctx.channel().remoteAddress(), cause);
            close(WebSocketCloseStatus.INTERNAL_SERVER_ERROR, "internal error");
        }
    }
}
