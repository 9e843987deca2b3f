package io.bastion.bench;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import java.io.IOException;

/**
 * One keep-alive HTTP/1.1 connection with at most one request in flight (closed loop: the next request is
 * sent when the previous response arrived). Not pipelined, so responses match requests in order.
 */
final class Connection extends SimpleChannelInboundHandler<FullHttpResponse> {

    private volatile Channel channel;
    private volatile ResponseListener listener;
    private volatile boolean failed;

    void attach(Channel ch) {
        this.channel = ch;
    }

    /** Sends a request; the listener hears about its response (or the connection's failure). */
    void send(FullHttpRequest request, ResponseListener responseListener) {
        this.listener = responseListener;
        Channel ch = channel;
        if (!isOpen()) {
            request.release();
            // Told directly: a connection that failed earlier (e.g. closed by the server while idle) has no
            // listener left to tell, and this one would wait for nothing.
            responseListener.onFailure(new IOException("connection is closed"));
            return;
        }
        ch.writeAndFlush(request).addListener(f -> {
            if (!f.isSuccess()) {
                fail(f.cause());
            }
        });
    }

    /** Whether requests can still be sent: connected, not failed, not closed by either side. */
    boolean isOpen() {
        Channel ch = channel;
        return !failed && ch != null && ch.isActive();
    }

    void close() {
        Channel ch = channel;
        if (ch != null) {
            ch.close().syncUninterruptibly();
        }
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse msg) {
        ResponseListener l = listener;
        if (l != null) {
            l.onResponse(msg);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        fail(cause);
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        fail(new IOException("connection closed by the server"));
        super.channelInactive(ctx);
    }

    private void fail(Throwable cause) {
        if (failed) {
            return;
        }
        failed = true;
        ResponseListener l = listener;
        if (l != null) {
            l.onFailure(cause);
        }
    }
}
