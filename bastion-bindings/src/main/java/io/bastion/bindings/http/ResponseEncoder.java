package io.bastion.bindings.http;

import io.bastion.core.codec.Codec;
import io.bastion.core.codec.Codecs;
import io.bastion.core.primitive.Response;
import io.bastion.core.primitive.ResponseStatusCode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns a response primitive into an HTTP response (TS-0009 clause 6, receiver side): status from the RSC table,
 * {@code X-M2M-RSC}, echoed {@code X-M2M-RI}/{@code X-M2M-RVI}, {@code Content-Location} of a created resource,
 * {@code X-M2M-CTS}/{@code X-M2M-CTO} of a partial content, and the content in the negotiated serialization.
 */
final class ResponseEncoder {
    private static final ResponseStatusCode[] CODES = ResponseStatusCode.values();
    /** Per status code, built once: the status line without a reason phrase (TS-0009 6.3.3) and the RSC value. */
    private static final HttpResponseStatus[] STATUS = new HttpResponseStatus[CODES.length];
    private static final AsciiString[] RSC = new AsciiString[CODES.length];

    static {
        for (ResponseStatusCode c : CODES) {
            STATUS[c.ordinal()] = new HttpResponseStatus(c.httpStatus(), "");
            RSC[c.ordinal()] = AsciiString.cached(Integer.toString(c.code()));
        }
    }

    private final Map<Codec, AsciiString> mediaTypes = new ConcurrentHashMap<>();

    /**
     * @param rqi request identifier to echo when the response carries none (e.g. a request refused while parsing)
     * @param rvi release version indicator to echo likewise
     * @param keepAlive false adds {@code Connection: close}
     */
    FullHttpResponse encode(Response rs, String rqi, String rvi, Codec codec, boolean keepAlive) {
        ResponseStatusCode rsc = rs.rsc();
        ByteBuf content = rs.pc() == null ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(codec.encode(rs.pc()));
        FullHttpResponse http = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, STATUS[rsc.ordinal()], content);
        try {
            HttpHeaders h = http.headers();
            h.set(M2mHeader.RSC.field, RSC[rsc.ordinal()]);
            setIfPresent(h, M2mHeader.RI.field, rs.rqi() != null ? rs.rqi() : rqi);
            setIfPresent(h, M2mHeader.RVI.field, rs.rvi() != null ? rs.rvi() : rvi);
            setIfPresent(h, M2mHeader.ORIGIN.field, rs.fr());
            setIfPresent(h, M2mHeader.OT.field, rs.ot());
            if (!rs.ati().isEmpty()) {
                h.set(M2mHeader.ATI.field, assignedTokenIds(rs));
            }
            if (rs.cnst() != null) {
                // TS-0009 6.4.20, 6.4.21: Content Status and Content Offset of a partial RETRIEVE
                h.setInt(M2mHeader.CTS.field, rs.cnst().code());
                if (rs.cnot() != null) {
                    h.setInt(M2mHeader.CTO.field, rs.cnot());
                }
            }
            // The CSE gives a CSE-relative address; as an HTTP reference it must be an absolute path.
            String loc = rs.location();
            setIfPresent(h, HttpHeaderNames.CONTENT_LOCATION,
                    loc == null || loc.startsWith("/") ? loc : "/" + loc);
            if (content.isReadable()) {
                h.set(HttpHeaderNames.CONTENT_TYPE, mediaType(codec));
            }
            h.setInt(HttpHeaderNames.CONTENT_LENGTH, content.readableBytes());
            if (!keepAlive) {
                h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            }
            return http;
        } catch (RuntimeException e) {
            // e.g. a header value the validator refuses; the caller answers 5000 instead
            http.release();
            throw e;
        }
    }

    /** {@code X-M2M-ATI: lti1:tkid1+lti2:tkid2} (TS-0009 6.4.18). */
    static String assignedTokenIds(Response rs) {
        StringBuilder sb = new StringBuilder();
        for (Response.LocalTokenId a : rs.ati()) {
            sb.append(sb.isEmpty() ? "" : "+").append(a.lti()).append(':').append(a.tkid());
        }
        return sb.toString();
    }

    private AsciiString mediaType(Codec codec) {
        return mediaTypes.computeIfAbsent(codec, c -> AsciiString.cached(Codecs.resourceMediaType(c)));
    }

    private static void setIfPresent(HttpHeaders h, CharSequence name, String value) {
        if (value != null && !value.isEmpty()) {
            h.set(name, value);
        }
    }
}
