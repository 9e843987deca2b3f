package io.bastion.bindings.http;

import io.bastion.core.log.RateLimitedLog;
import io.bastion.core.primitive.Authentication;
import io.bastion.core.primitive.Peer;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP side of one connection: hands each request to the worker executor (never processing on the event loop)
 * and writes the responses in request order, so pipelined requests may be processed concurrently yet answered in
 * sequence (RFC 9112 9.3.2). Pipelining of any depth is served with back-pressure, never dropped: at
 * {@link #MAX_IN_FLIGHT} unanswered requests, or while the client does not read its answers, the {@link RequestGate}
 * in front of the codec holds the connection's input; requests decoded from the slice already passed wait here for
 * a worker. All fields are touched on the channel's event loop only.
 */
final class ConnectionHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(ConnectionHandler.class);
    /** Per-connection lines: a flood of clients must not flood the log. */
    private static final RateLimitedLog LIMITED = RateLimitedLog.of(log);
    /**
     * Unanswered requests of one connection before its input is held, and requests of one connection processed at
     * once: pipelining beyond it waits, bounding what one client can queue and occupy.
     */
    static final int MAX_IN_FLIGHT = 16;
    /** What the HTTP codec may have decoded and not yet seen answered: the cap plus one slice of the gate. */
    static final int MAX_PIPELINE_DEPTH = MAX_IN_FLIGHT + RequestGate.MAX_DECODED_AHEAD;
    /** How long a connection is drained after answering a request whose body was not read. */
    static final long LINGER_MILLIS = 2000;
    private static final ChannelFutureListener LINGER_CLOSE = ConnectionHandler::lingerClose;

    private final RequestDispatcher dispatcher;
    private final Executor worker;
    private final RequestGate gate;
    /** The protocol this door switches to on request (WebSocket), or null for none. */
    private final ConnectionUpgrade upgrade;
    /**
     * Whether the next request may switch the connection: its first only. An opening handshake is what a client sends
     * on the connection it just opened (RFC 6455 4.1), so keep-alive requests after the first pay nothing for it; a
     * later Upgrade header is ignored as RFC 9110 7.8 allows.
     */
    private boolean mayUpgrade;
    /** Every request not yet answered on the wire, in request order. */
    private final ArrayDeque<InFlightRequest> inFlight = new ArrayDeque<>(4);
    /** Requests of {@link #inFlight} not yet handed to a worker, because {@link #MAX_IN_FLIGHT} are running. */
    private final ArrayDeque<InFlightRequest> waiting = new ArrayDeque<>(0);
    /** Requests handed to a worker and not yet completed. */
    private int running;
    private ChannelHandlerContext ctx;
    /** Taken at the first request, after any TLS handshake in front has recorded what it proved. */
    private ChannelIdentity identity;
    /** The peer of the last request; built again only when the identity's authentication changed. */
    private Peer peer;
    /** A response that ends the connection is queued: later requests are discarded unanswered. */
    private boolean closing;

    ConnectionHandler(RequestDispatcher dispatcher, Executor worker, RequestGate gate, ConnectionUpgrade upgrade) {
        this.dispatcher = dispatcher;
        this.worker = worker;
        this.gate = gate;
        this.upgrade = upgrade;
        this.mayUpgrade = upgrade != null;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (closing) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof FullHttpRequest req) {
            if (req.decoderResult().isFailure()) {
                Throwable cause = req.decoderResult().cause();
                req.release();
                enqueue(InFlightRequest.answered(dispatcher.malformed(cause), InFlightRequest.Ending.LINGER));
                return;
            }
            if (mayUpgrade) {
                mayUpgrade = false;
                if (ConnectionUpgrade.asked(req.headers()) && upgrade.wanted(req.headers())) {
                    switchProtocol(ctx, req);
                    return;
                }
            }
            InFlightRequest.Ending ending = HttpUtil.isKeepAlive(req) ? InFlightRequest.Ending.KEEP_OPEN
                    : InFlightRequest.Ending.CLOSE;
            Peer p = currentPeer(ctx);
            if (p.authentication() instanceof Authentication.Revoked r) {
                // The CSE refuses it (4107) and audits it; the connection ends with that answer.
                LIMITED.info("{} connection from {}: credential {} revoked ({}); closing it after this answer",
                        p.door(), p.remote(), r.credentialId(), r.reason());
                ending = InFlightRequest.Ending.CLOSE;
            }
            InFlightRequest x = new InFlightRequest(this, dispatcher, req, p, ending);
            enqueue(x);
            if (running < MAX_IN_FLIGHT) {
                dispatch(x);
            } else {
                waiting.add(x);
            }
        } else if (msg instanceof BodyLimitAggregator.OversizedRequest o) {
            enqueue(InFlightRequest.answered(dispatcher.oversized(o), InFlightRequest.Ending.LINGER));
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    /**
     * Hands the connection to {@link #upgrade}: the door's request handlers leave the pipeline (the codec stays for
     * the answer to the Upgrade request; the upgrade removes it). An Upgrade pipelined behind unanswered requests is
     * refused (4000) and the connection ends: switching would overtake their answers.
     */
    private void switchProtocol(ChannelHandlerContext ctx, FullHttpRequest req) {
        if (!inFlight.isEmpty()) {
            req.release();
            enqueue(InFlightRequest.answered(dispatcher.refused("an Upgrade request must not follow unanswered "
                    + "requests on its connection"), InFlightRequest.Ending.LINGER));
            return;
        }
        ChannelIdentity id = identity != null ? identity : ChannelIdentity.on(ctx.channel());
        closing = true;
        ChannelPipeline p = ctx.pipeline();
        p.remove(gate);
        if (p.get(HttpBinding.DEADLINE) != null) {
            p.remove(HttpBinding.DEADLINE);
        }
        p.remove(this);
        try {
            upgrade.upgrade(ctx.channel(), req, id);
        } catch (RuntimeException e) {
            LIMITED.warn("{} upgrade of the connection from {} failed", id.door(), ctx.channel().remoteAddress(), e);
            ctx.channel().close();
        } finally {
            req.release();
        }
    }

    /**
     * The peer of this request: the connection's address and door with what its identity authenticates now. The same
     * instance as long as that does not change, which costs a volatile read or two per request.
     */
    private Peer currentPeer(ChannelHandlerContext ctx) {
        if (identity == null) {
            identity = ChannelIdentity.on(ctx.channel());
        }
        Authentication now = identity.authentication();
        Peer p = peer;
        if (p == null || p.authentication() != now) {
            p = new Peer((InetSocketAddress) ctx.channel().remoteAddress(), identity.door(), now);
            peer = p;
        }
        return p;
    }

    private void enqueue(InFlightRequest x) {
        inFlight.add(x);
        if (x.ending != InFlightRequest.Ending.KEEP_OPEN) {
            closing = true;
            gate.discard(); // nothing after this request is answered; a closing connection reads to drain
        } else if (inFlight.size() >= MAX_IN_FLIGHT) {
            gate.hold();
        }
        if (x.response != null) {
            drain();
        }
    }

    private void dispatch(InFlightRequest x) {
        running++;
        try {
            worker.execute(x);
        } catch (RejectedExecutionException e) {
            LIMITED.warn("worker executor refused an HTTP request: {}", e.toString());
            completed(x, dispatcher.internalError(x.requestId()));
            x.abandon();
        }
    }

    /** Called by a worker thread with the response of {@code x}; continues on the event loop. */
    void completed(InFlightRequest x, FullHttpResponse res) {
        if (ctx.executor().inEventLoop()) {
            onCompleted(x, res);
            return;
        }
        try {
            ctx.executor().execute(() -> onCompleted(x, res));
        } catch (RejectedExecutionException e) {
            // The event loop is shutting down; the connection is gone with it.
            res.release();
        }
    }

    private void onCompleted(InFlightRequest x, FullHttpResponse res) {
        running--;
        if (!ctx.channel().isActive()) {
            res.release();
            return;
        }
        x.response = res;
        InFlightRequest next;
        while (running < MAX_IN_FLIGHT && (next = waiting.poll()) != null) {
            dispatch(next);
        }
        drain();
    }

    /** Writes every response that is next in line, then flushes once. */
    private void drain() {
        boolean wrote = false;
        InFlightRequest head;
        while ((head = inFlight.peek()) != null && head.response != null) {
            inFlight.poll();
            ChannelFuture f = ctx.write(head.response);
            head.response = null;
            wrote = true;
            if (head.ending == InFlightRequest.Ending.CLOSE) {
                f.addListener(ChannelFutureListener.CLOSE);
            } else if (head.ending == InFlightRequest.Ending.LINGER) {
                f.addListener(LINGER_CLOSE);
            }
        }
        if (wrote) {
            ctx.flush();
        }
        resumeIfRoom();
    }

    /** Lets the gate pass input again once half the cap is free and the client reads its answers. */
    private void resumeIfRoom() {
        if (!closing && inFlight.size() < MAX_IN_FLIGHT / 2 && ctx.channel().isWritable()) {
            gate.open(); // last: passing held input may bring new requests into this handler at once
        }
    }

    /** A client that does not read its answers gets no more of its requests read until it does. */
    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        if (!ctx.channel().isWritable()) {
            gate.hold();
        } else {
            resumeIfRoom();
        }
        super.channelWritabilityChanged(ctx);
    }

    /**
     * Half-closes after the response and drains input for a while before closing. Closing a socket with unread
     * input makes TCP send RST, which can destroy the response before the client reads it.
     */
    private static void lingerClose(ChannelFuture f) {
        Channel ch = f.channel();
        if (f.isSuccess() && ch instanceof SocketChannel sc && ch.isActive()) {
            sc.shutdownOutput().addListener(done ->
                    ch.eventLoop().schedule(() -> ch.close(), LINGER_MILLIS, TimeUnit.MILLISECONDS));
        } else {
            ch.close();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        // Answers queued behind a request still in processing will never be written; exchanges still running
        // release their own response when they find the channel inactive.
        for (InFlightRequest x : inFlight) {
            x.cancelHeld(); // a long poll held for this connection lets go, so nothing is handed to it any more
            if (x.response != null) {
                x.response.release();
                x.response = null;
            }
        }
        inFlight.clear();
        for (InFlightRequest x : waiting) {
            x.abandon(); // never processed: its request is released unanswered
        }
        waiting.clear();
        super.channelInactive(ctx);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent) {
            if (inFlight.isEmpty()) {
                ctx.close();
            }
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException) {
            log.debug("HTTP connection from {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        } else if (cause instanceof PrematureChannelClosureException) {
            // The client hung up before its request was complete: its business, no stack trace.
            LIMITED.info("{} client {} closed the connection in the middle of a request",
                    ChannelIdentity.on(ctx.channel()).door(), ctx.channel().remoteAddress());
        } else if (cause instanceof DecoderException && cause.getCause() instanceof SSLException tls) {
            // TLS failed after the handshake (a refused renegotiation, a bad record): the client's doing.
            LIMITED.info("{} connection from {} ended by TLS: {}", ChannelIdentity.on(ctx.channel()).door(),
                    ctx.channel().remoteAddress(), tls.getMessage());
        } else {
            LIMITED.warn("HTTP connection from {} failed", ctx.channel().remoteAddress(), cause);
        }
        ctx.close();
    }
}
