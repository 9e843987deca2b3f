package io.bastion.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code retrieve-la-ws}: the read of {@code retrieve-la} (same resource, reader and ACP) over the WebSocket binding
 * (TS-0020) of the HTTP door: each connection is upgraded once ({@code oneM2M.json}), then sends a RETRIEVE request
 * primitive, waits for the response primitive carrying its {@code rqi}, and sends the next (closed loop, like the HTTP
 * scenarios). Netty's WebSocket client, on event-loop threads of its own, as many as the HTTP client has.
 */
final class WebSocketScenario {
    static final String NAME = "retrieve-la-ws";
    private static final ObjectMapper JSON = new ObjectMapper();

    private WebSocketScenario() {
    }

    /** The run against the CSE's HTTP {@code port}, reading {@code uri} (an HTTP path, e.g. /cse-in/…/la). */
    static LoadRun.Result run(int port, String uri, int connections, int threads, Duration warmup, Duration measure,
                              CpuMeter meter) throws InterruptedException {
        String to = uri.startsWith("/") ? uri.substring(1) : uri; // CSE-relative, as a primitive's to
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(threads, NioIoHandler.newFactory());
        RunClock clock = new RunClock();
        List<Lane> lanes = new ArrayList<>(connections);
        CountDownLatch finished = new CountDownLatch(connections);
        try {
            for (int i = 0; i < connections; i++) {
                lanes.add(connect(group, port, i, to, clock, finished));
            }
            for (Lane l : lanes) {
                l.ready.get(30, TimeUnit.SECONDS);
            }
            for (Lane l : lanes) {
                l.channel.eventLoop().execute(l::sendNext);
            }
            RunClock.Window window = clock.run(warmup, measure, meter);
            List<Tally> tallies = lanes.stream().map(l -> l.tally).toList();
            Tally.drain(finished, tallies, "requests still unanswered");
            return Tally.result(NAME, tallies, window, "oneM2M.json over the HTTP port, one upgrade per connection");
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new SetupException("the WebSocket handshake failed: " + e);
        } finally {
            lanes.forEach(l -> l.channel.close());
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }

    private static Lane connect(EventLoopGroup group, int port, int index, String to, RunClock clock,
                                CountDownLatch finished) throws InterruptedException {
        Lane lane = new Lane(index, to, clock, finished);
        WebSocketClientProtocolConfig config = WebSocketClientProtocolConfig.newBuilder()
                .webSocketUri(URI.create("ws://127.0.0.1:" + port + "/"))
                .subprotocol("oneM2M.json")
                .maxFramePayloadLength(1024 * 1024)
                .handshakeTimeoutMillis(30_000)
                .build();
        lane.channel = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel c) {
                        c.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(65536),
                                new WebSocketClientProtocolHandler(config), lane);
                    }
                })
                .connect("127.0.0.1", port).sync().channel();
        return lane;
    }

    /** One connection's closed loop; all its callbacks run on the connection's event loop. */
    private static final class Lane extends SimpleChannelInboundHandler<TextWebSocketFrame> {
        final Tally tally = new Tally();
        final CompletableFuture<Void> ready = new CompletableFuture<>();
        private final int index;
        private final String to;
        private final RunClock clock;
        private final CountDownLatch finished;
        Channel channel;
        private long seq;
        private long sentAt;
        private String rqi;
        private boolean done;

        Lane(int index, String to, RunClock clock, CountDownLatch finished) {
            this.index = index;
            this.to = to;
            this.clock = clock;
            this.finished = finished;
        }

        void sendNext() {
            rqi = "ws-" + index + "-" + seq++;
            String rq = "{\"op\":2,\"to\":\"" + to + "\",\"fr\":\"" + CseScenarios.READER + "\",\"rqi\":\"" + rqi
                    + "\",\"rvi\":\"3\"}";
            sentAt = System.nanoTime();
            channel.writeAndFlush(new TextWebSocketFrame(Unpooled.wrappedBuffer(rq.getBytes(StandardCharsets.UTF_8))));
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
                ready.complete(null);
            } else if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
                ready.completeExceptionally(new IOException("handshake timed out"));
            }
            super.userEventTriggered(ctx, evt);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) {
            long latency = System.nanoTime() - sentAt;
            String body = frame.text();
            String failure;
            try {
                JsonNode r = JSON.readTree(body);
                failure = r.path("rsc").asInt() != 2000 ? "rsc " + r.path("rsc").asText()
                        : !rqi.equals(r.path("rqi").asText()) ? "an answer to another rqi" : null;
            } catch (IOException e) {
                failure = "not JSON";
            }
            int phase = clock.phase();
            tally.completed(phase, latency, failure, body);
            if (phase == RunClock.STOP) {
                end();
            } else {
                sendNext();
            }
        }

        private void end() {
            if (!done) {
                done = true;
                finished.countDown();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (!done) {
                ready.completeExceptionally(new IOException("connection closed"));
                if (clock.phase() != RunClock.STOP) {
                    tally.error("connection closed", "");
                }
                end();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            tally.error(cause.getClass().getSimpleName(), String.valueOf(cause.getMessage()));
            ctx.close();
        }
    }
}
