package io.bastion.bindings.ws;

import io.bastion.bindings.http.ChannelIdentity;
import io.bastion.bindings.http.ConnectionUpgrade;
import io.bastion.bindings.http.HttpBinding;
import io.bastion.core.binding.RequestProcessor;
import io.bastion.core.codec.Codec;
import io.bastion.core.codec.Codecs;
import io.bastion.core.log.RateLimitedLog;
import io.bastion.core.primitive.ResponseStatusCode;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.Utf8FrameValidator;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketHandshakeException;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.handler.timeout.IdleStateHandler;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;

/**
 * The WebSocket binding (TS-0020) as an Upgrade of a connection of the HTTP, HTTPS or TLS-PSK door: no port of its
 * own, and the door's transport security (and what it proved of the client) carries over to every primitive on the
 * connection. The opening handshake (TS-0020 6.2, RFC 6455 4.2) must be a GET of {@code /} offering at least one
 * oneM2M subprotocol this CSE serves; the first the client lists is chosen (6.2.2.7: "The order of names … specifies
 * the client's preference"). A handshake that fails is answered with HTTP 400 (426 for a WebSocket version other than
 * 13, RFC 6455 4.4) carrying a oneM2M 4000 and its reason, and the connection closes. No extension is accepted:
 * per-message compression is optional (6.2.3.6) and a compressed message's size is not its wire size.
 */
public final class WebSocketUpgrade implements ConnectionUpgrade {
    private static final RateLimitedLog LIMITED = RateLimitedLog.of(LoggerFactory.getLogger(WebSocketUpgrade.class));
    static final String HANDLER = "onem2m-ws";

    private final WebSocketConfig config;
    private final RequestProcessor processor;
    private final Codecs codecs;
    private final Executor worker;
    private final WsConnections connections;
    private final WebSocketDecoderConfig decoderConfig;

    public WebSocketUpgrade(WebSocketConfig config, RequestProcessor processor, Codecs codecs, Executor worker,
                            WsConnections connections) {
        this.config = config;
        this.processor = processor;
        this.codecs = codecs;
        this.worker = worker;
        this.connections = connections;
        this.decoderConfig = WebSocketDecoderConfig.newBuilder()
                .maxFramePayloadLength(config.maxFrameBytes())
                .expectMaskedFrames(true) // RFC 6455 5.1: a client masks every frame
                .allowMaskMismatch(false)
                .allowExtensions(false)
                .closeOnProtocolViolation(true)
                .withUTF8Validator(true)
                .build();
    }

    @Override
    public boolean wanted(HttpHeaders headers) {
        return headers.containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true);
    }

    @Override
    public void upgrade(Channel channel, FullHttpRequest request, ChannelIdentity identity) {
        if (!HttpMethod.GET.equals(request.method())) {
            refuse(channel, HttpResponseStatus.BAD_REQUEST, "a WebSocket is opened by a GET (RFC 6455 4.1)");
            return;
        }
        String uri = request.uri();
        int q = uri.indexOf('?');
        String path = q < 0 ? uri : uri.substring(0, q);
        if (!path.equals("/")) {
            refuse(channel, HttpResponseStatus.BAD_REQUEST, "the oneM2M WebSocket is opened at / (TS-0020 6.2.2.1)");
            return;
        }
        List<String> offers = request.headers().getAll(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL);
        Subprotocol chosen = Subprotocol.choose(offers, codecs);
        if (chosen == null) {
            refuse(channel, HttpResponseStatus.BAD_REQUEST, (offers.isEmpty()
                    ? "Sec-WebSocket-Protocol must offer a oneM2M subprotocol (TS-0020 6.2.2.7)"
                    : "none of the offered subprotocols is served") + "; this CSE speaks " + served());
            return;
        }
        // Netty's handshaker reads the first field only; TS-0020 6.2.2.7 allows several, so it is told the choice
        request.headers().set(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL, chosen.protocolName);
        WebSocketServerHandshaker handshaker = new WebSocketServerHandshakerFactory(null, chosen.protocolName,
                decoderConfig).newHandshaker(request);
        // TS-0020 6.2.2.6 and RFC 6455 4.4: version 13 only (Netty would also speak the drafts 7 and 8)
        if (handshaker == null || !"13".equals(request.headers().get(HttpHeaderNames.SEC_WEBSOCKET_VERSION))) {
            WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(channel)
                    .addListener(ChannelFutureListener.CLOSE);
            return;
        }
        Codec codec = codecs.forSerialization(chosen.serialization);
        WsConnection connection = new WsConnection(channel, chosen, codec, identity, processor, worker, connections,
                config);
        ChannelPipeline p = channel.pipeline();
        try {
            handshaker.handshake(channel, request).addListener(f -> {
                if (!f.isSuccess()) {
                    channel.close();
                }
            });
        } catch (WebSocketHandshakeException e) {
            refuse(channel, HttpResponseStatus.BAD_REQUEST, "WebSocket handshake: " + e.getMessage());
            return;
        }
        // the handshaker put its decoder where the HTTP codec takes bytes: frames go on from there to this binding
        p.addAfter("wsdecoder", "wsutf8", new Utf8FrameValidator(true));
        p.addAfter("wsutf8", "wsaggregator", new WebSocketFrameAggregator(config.maxMessageBytes()));
        p.addAfter("wsaggregator", HANDLER, connection);
        p.replace(HttpBinding.IDLE, HttpBinding.IDLE, new IdleStateHandler(config.idleTimeout().toMillis(),
                config.pingInterval().toMillis(), 0, TimeUnit.MILLISECONDS));
        channel.config().setAutoRead(true); // the HTTP side's back-pressure is gone with its handlers
        LIMITED.info("{} connection from {} switched to WebSocket ({})", WsConnection.doorOf(identity.door()),
                channel.remoteAddress(), chosen.protocolName);
    }

    private String served() {
        StringBuilder sb = new StringBuilder();
        for (Subprotocol s : Subprotocol.values()) {
            if (codecs.forSerialization(s.serialization) != null) {
                sb.append(sb.isEmpty() ? "" : ", ").append(s.protocolName);
            }
        }
        return sb.toString();
    }

    /** An HTTP error answering the handshake, with a oneM2M 4000 and its reason as the body; the connection ends. */
    private static void refuse(Channel channel, HttpResponseStatus status, String reason) {
        String body = "{\"m2m:dbg\":\"" + reason.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.wrappedBuffer(body.getBytes(StandardCharsets.UTF_8)));
        res.headers().set("X-M2M-RSC", ResponseStatusCode.BAD_REQUEST.code())
                .set(HttpHeaderNames.CONTENT_TYPE, "application/json")
                .setInt(HttpHeaderNames.CONTENT_LENGTH, res.content().readableBytes())
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        channel.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
    }
}
