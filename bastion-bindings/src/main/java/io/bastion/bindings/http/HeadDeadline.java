package io.bastion.bindings.http;

import io.bastion.core.log.RateLimitedLog;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;

/**
 * The deadline for a whole request head (request line and header fields), against clients that send it a byte at a
 * time (slowloris): the idle timeout restarts with every byte, this deadline does not. It runs from the moment a
 * connection is accepted, so that a TLS handshake counts against it too, until the first head is decoded; for each
 * later request, from the first of its bytes passed to the codec (see {@link RequestGate}) until its head is decoded.
 * A connection that misses it is closed. Between requests, and while the gate holds the input (the server's doing,
 * not the client's), the deadline does not run; a request's body is not timed by it. Sits right behind the HTTP
 * codec; all methods run on the channel's event loop.
 */
final class HeadDeadline extends ChannelInboundHandlerAdapter {
    private static final RateLimitedLog LIMITED = RateLimitedLog.of(LoggerFactory.getLogger(HeadDeadline.class));

    private final long millis;
    private final String door;
    private ChannelHandlerContext ctx;
    private ScheduledFuture<?> timer;
    /** A head has been decoded and the end of its request not yet. */
    private boolean inRequest;

    HeadDeadline(Duration deadline, String door) {
        this.millis = deadline.toMillis();
        this.door = door;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        start(); // the connection was just accepted: handshake and first head from now
    }

    /** Bytes of the connection are about to reach the codec: a new head starts with them unless one is under way. */
    void bytesPassed() {
        if (timer == null && !inRequest) {
            start();
        }
    }

    /** The server holds the connection's input: what the client sent is not late. */
    void pause() {
        cancel();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest) {
            cancel();
            inRequest = true;
        }
        if (msg instanceof LastHttpContent) {
            inRequest = false;
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        cancel();
        super.channelInactive(ctx);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancel();
    }

    private void start() {
        timer = ctx.executor().schedule(this::expired, millis, TimeUnit.MILLISECONDS);
    }

    private void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private void expired() {
        timer = null;
        if (ctx.channel().isActive()) {
            LIMITED.info("{} client {} sent no complete request head within {} ms: connection closed", door,
                    ctx.channel().remoteAddress(), millis);
            ctx.close();
        }
    }
}
