package io.bastion.bindings.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpUtil;

/**
 * Aggregates request bodies up to a limit. Netty's default answer to a larger body is its own 413 written out of
 * turn; oneM2M wants 4000 BAD_REQUEST with a reason, in order behind earlier pipelined responses. So an oversized
 * request is passed on as an {@link OversizedRequest} marker and the connection handler answers it.
 */
final class BodyLimitAggregator extends HttpObjectAggregator {

    /** Stands for a request whose body exceeded the limit; carries what the error response echoes. */
    record OversizedRequest(String rqi, String rvi, int limit) {
    }

    BodyLimitAggregator(int maxBodyBytes) {
        super(maxBodyBytes);
    }

    @Override
    protected Object newContinueResponse(HttpMessage start, int maxContentLength, ChannelPipeline pipeline) {
        if (HttpUtil.is100ContinueExpected(start) && isContentLengthInvalid(start, maxContentLength)) {
            // No "100 Continue" and no 413: fall through to handleOversizedMessage, which answers 4000.
            return null;
        }
        return super.newContinueResponse(start, maxContentLength, pipeline);
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
        // The aggregator releases the message after this call and drops the rest of its body.
        ctx.fireChannelRead(new OversizedRequest(oversized.headers().get(M2mHeader.RI.field),
                oversized.headers().get(M2mHeader.RVI.field), maxContentLength()));
    }
}
