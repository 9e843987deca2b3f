package io.bastion.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;
import java.nio.charset.StandardCharsets;

/** Builds oneM2M requests in the HTTP binding (TS-0009) and reads the status of the responses. */
final class M2m {

    static final AsciiString ORIGIN = AsciiString.cached("X-M2M-Origin");
    static final AsciiString RI = AsciiString.cached("X-M2M-RI");
    static final AsciiString RVI = AsciiString.cached("X-M2M-RVI");
    static final AsciiString RSC = AsciiString.cached("X-M2M-RSC");
    private static final AsciiString RELEASE = AsciiString.cached("3");
    private static final AsciiString JSON = AsciiString.cached("application/json");
    private static final AsciiString XML = AsciiString.cached("application/xml");

    /** Resource type numbers (TS-0004 table 6.3.4.2.1-1) used by the scenarios. */
    static final int ACP = 1;
    static final int AE = 2;
    static final int CNT = 3;
    static final int CIN = 4;
    static final int TS = 29;
    static final int TSI = 30;

    private M2m() {
    }

    static FullHttpRequest retrieve(String authority, String uri, String originator, String requestId) {
        FullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, uri, Unpooled.EMPTY_BUFFER);
        headers(req.headers(), authority, originator, requestId);
        req.headers().set(HttpHeaderNames.CONTENT_LENGTH, 0);
        return req;
    }

    /** The same RETRIEVE asking for the answer in XML (TS-0004 8.3). */
    static FullHttpRequest retrieveXml(String authority, String uri, String originator, String requestId) {
        FullHttpRequest req = retrieve(authority, uri, originator, requestId);
        req.headers().set(HttpHeaderNames.ACCEPT, XML);
        return req;
    }

    static FullHttpRequest create(String authority, String uri, String originator, String requestId, int ty, String json) {
        return withBody(HttpMethod.POST, authority, uri, originator, requestId, "application/json;ty=" + ty, json);
    }

    static FullHttpRequest update(String authority, String uri, String originator, String requestId, String json) {
        return withBody(HttpMethod.PUT, authority, uri, originator, requestId, "application/json", json);
    }

    /** A NOTIFY: a POST without {@code ty}. */
    static FullHttpRequest notify(String authority, String uri, String originator, String requestId, String json) {
        return withBody(HttpMethod.POST, authority, uri, originator, requestId, "application/json", json);
    }

    /** A CREATE without an originator and with a body of any bytes, as an anonymous client may send. */
    static FullHttpRequest anonymousCreate(String authority, String uri, String requestId, String contentType,
                                           byte[] bytes) {
        ByteBuf body = Unpooled.wrappedBuffer(bytes); // shared and never written: each request gets its own view
        FullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, uri, body);
        HttpHeaders h = req.headers();
        h.set(HttpHeaderNames.HOST, authority);
        h.set(HttpHeaderNames.ACCEPT, JSON);
        h.set(RI, requestId);
        h.set(RVI, RELEASE);
        h.set(HttpHeaderNames.CONTENT_TYPE, contentType);
        h.set(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
        return req;
    }

    private static FullHttpRequest withBody(HttpMethod method, String authority, String uri, String originator,
                                            String requestId, String contentType, String json) {
        ByteBuf body = Unpooled.wrappedBuffer(json.getBytes(StandardCharsets.UTF_8));
        FullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, uri, body);
        headers(req.headers(), authority, originator, requestId);
        req.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        req.headers().set(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
        return req;
    }

    private static void headers(HttpHeaders h, String authority, String originator, String requestId) {
        h.set(HttpHeaderNames.HOST, authority);
        h.set(HttpHeaderNames.ACCEPT, JSON);
        h.set(ORIGIN, originator);
        h.set(RI, requestId);
        h.set(RVI, RELEASE);
    }

    /** The X-M2M-RSC value, or null when the response carries none. */
    static String rsc(FullHttpResponse response) {
        return response.headers().get(RSC);
    }

    /** Null when the response is a oneM2M success (2xxx), else a short description used to group errors. */
    static String failure(FullHttpResponse response) {
        String rsc = rsc(response);
        if (rsc != null && rsc.length() == 4 && rsc.charAt(0) == '2') {
            return null;
        }
        return "RSC " + (rsc == null ? "missing" : rsc) + " (HTTP " + response.status().code() + ")";
    }

    static String body(FullHttpResponse response) {
        return response.content().toString(StandardCharsets.UTF_8);
    }
}
