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
    private static final long NONE = Long.MIN_VALUE;

    private final long nanos;
    private final String door;
    private ChannelHandlerContext ctx;
    /**
     * Armed while a head may be under way; it is not moved for every request (a timer per request would cost every
     * request a scheduled task): when it fires it looks at when the current head started and either closes the
     * connection or arms itself again for the rest of that head's time.
     */
    private ScheduledFuture<?> timer;
    /** {@link System#nanoTime()} when the head under way started, or {@link #NONE}. */
    private long headStartedAt = NONE;
    /** A head has been decoded and the end of its request not yet. */
    private boolean inRequest;

    HeadDeadline(Duration deadline, String door) {
        this.nanos = deadline.toNanos();
        this.door = door;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        begin(); // the connection was just accepted: handshake and first head from now
    }

    /** Bytes of the connection are about to reach the codec: a new head starts with them unless one is under way. */
    void bytesPassed() {
        if (headStartedAt == NONE && !inRequest) {
            begin();
        }
    }

    /** The server holds the connection's input: what the client sent is not late. */
    void pause() {
        headStartedAt = NONE;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest) {
            headStartedAt = NONE;
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

    private void begin() {
        headStartedAt = System.nanoTime();
        if (timer == null) {
            arm(nanos);
        }
    }

    private void arm(long delayNanos) {
        timer = ctx.executor().schedule(this::check, delayNanos, TimeUnit.NANOSECONDS);
    }

    private void cancel() {
        headStartedAt = NONE;
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    /** The timer fired: the head under way, if any, is late, or has the rest of its time still. */
    private void check() {
        timer = null;
        if (headStartedAt == NONE || !ctx.channel().isActive()) {
            return; // no head under way: the next one arms the timer again
        }
        long left = nanos - (System.nanoTime() - headStartedAt);
        if (left > 0) {
            arm(left);
            return;
        }
        LIMITED.info("{} client {} sent no complete request head within {} ms: connection closed", door,
                ctx.channel().remoteAddress(), TimeUnit.NANOSECONDS.toMillis(nanos));
        ctx.close();
    }
}
