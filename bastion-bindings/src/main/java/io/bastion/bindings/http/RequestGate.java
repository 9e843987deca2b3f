package io.bastion.bindings.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;

/**
 * The back-pressure valve of a connection, between its TLS front (if any) and the HTTP codec. Netty's codec decodes
 * everything it is given, also after reading from the socket is turned off, so a client that pipelines a thousand
 * requests in one write would have them all decoded at once. The gate therefore passes bytes to the codec in slices
 * of at most {@link #SLICE} bytes and, while the connection handler {@linkplain #hold() holds} it (its requests in
 * flight at the cap, or the client not reading its answers), keeps the rest undecoded and stops reading. At most one
 * slice's requests are decoded after a hold: {@link #MAX_DECODED_AHEAD} bounds them. It tells the connection's
 * {@link HeadDeadline} when bytes go to the codec and when it holds them. All methods run on the channel's event loop.
 */
final class RequestGate extends ChannelInboundHandlerAdapter {
    /** Bytes passed to the codec at a time: a request is at least a few bytes, so at most a few hundred per slice. */
    static final int SLICE = 2048;
    /** Requests the codec may decode beyond those the handler has asked for: one slice's worth, one byte each. */
    static final int MAX_DECODED_AHEAD = SLICE;

    private enum State {
        /** Bytes pass to the codec as they arrive. */
        OPEN,
        /** Bytes are kept; nothing is read from the socket. */
        HELD,
        /** The connection is ending: what the client still sends is read and dropped. */
        DISCARDING
    }

    private final ArrayDeque<ByteBuf> held = new ArrayDeque<>();
    private final HeadDeadline deadline;
    private ChannelHandlerContext ctx;
    private State state = State.OPEN;
    /** Inside {@link #pass()}: a re-entrant {@link #open()} (from a request answered at once) only sets the state. */
    private boolean passing;

    RequestGate(HeadDeadline deadline) {
        this.deadline = deadline;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf bytes)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (state == State.DISCARDING) {
            bytes.release();
            return;
        }
        if (state == State.OPEN && held.isEmpty() && bytes.readableBytes() <= SLICE) {
            deadline.bytesPassed();
            ctx.fireChannelRead(bytes); // the usual case: one small read, nothing kept
            return;
        }
        held.add(bytes);
        if (state == State.OPEN) {
            pass();
        }
    }

    /** Stops passing bytes and reading: the handler has as much work from this connection as it takes. */
    void hold() {
        if (state == State.OPEN) {
            state = State.HELD;
            ctx.channel().config().setAutoRead(false);
            deadline.pause();
        }
    }

    /** Passes what was kept, slice by slice while the handler does not hold again, then reads again. */
    void open() {
        if (state != State.HELD) {
            return;
        }
        state = State.OPEN;
        if (!passing) {
            pass();
            // what was passed ends like a read from the socket would (the codec tidies its buffer, may ask for more)
            ctx.fireChannelReadComplete();
        }
    }

    /** Drops what is kept and all that still comes: the connection ends after the answers already queued. */
    void discard() {
        state = State.DISCARDING;
        releaseHeld();
        ctx.channel().config().setAutoRead(true);
    }

    private void pass() {
        passing = true;
        try {
            ByteBuf head;
            while (state == State.OPEN && (head = held.peek()) != null) {
                ByteBuf slice = head.readRetainedSlice(Math.min(SLICE, head.readableBytes()));
                if (!head.isReadable()) {
                    held.poll().release();
                }
                deadline.bytesPassed();
                ctx.fireChannelRead(slice);
            }
        } finally {
            passing = false;
        }
        if (state == State.OPEN && !ctx.channel().config().isAutoRead()) {
            ctx.channel().config().setAutoRead(true);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        releaseHeld();
        super.channelInactive(ctx);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        releaseHeld();
    }

    private void releaseHeld() {
        ByteBuf b;
        while ((b = held.poll()) != null) {
            ReferenceCountUtil.release(b);
        }
    }
}
