package io.bastion.bindings.http;

import io.bastion.core.http.TargetPath;
import com.fasterxml.jackson.databind.JsonNode;
import io.bastion.core.codec.Codec;
import io.bastion.core.codec.Codecs;
import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.primitive.Operation;
import io.bastion.core.primitive.Request;
import io.bastion.core.primitive.ResponseStatusCode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import io.bastion.core.text.Excerpt;

/**
 * Turns an HTTP request into a request primitive (TS-0009 clause 6, receiver side): method to operation, path to
 * {@code to}, {@code X-M2M-*} headers to parameters, query to parameters and filter criteria, body to content.
 * Bad input is a {@link OneM2MException} with the status code the client gets.
 *
 * <p>A body on GET or DELETE is ignored, not decoded: neither operation has content in oneM2M, and HTTP gives such
 * a body no meaning (RFC 9110 9.3.1), so refusing it would only break lenient clients.
 */
final class RequestMapper {
    private final Codecs codecs;

    RequestMapper(Codecs codecs) {
        this.codecs = codecs;
    }

    Request map(FullHttpRequest http) {
        HttpHeaders headers = http.headers();
        HttpMethod method = http.method();
        Operation op;
        Integer ty = null;
        if (HttpMethod.GET.equals(method)) {
            op = Operation.RETRIEVE;
        } else if (HttpMethod.POST.equals(method)) {
            // TS-0009 6.2.1: a POST is a CREATE exactly when Content-Type carries ty=, otherwise a NOTIFY.
            ty = resourceTypeParameter(headers.get(HttpHeaderNames.CONTENT_TYPE));
            op = ty != null ? Operation.CREATE : Operation.NOTIFY;
        } else if (HttpMethod.PUT.equals(method)) {
            op = Operation.UPDATE;
        } else if (HttpMethod.DELETE.equals(method)) {
            op = Operation.DELETE;
        } else {
            throw new OneM2MException(ResponseStatusCode.OPERATION_NOT_ALLOWED,
                    "HTTP method " + method.name() + " does not map to a oneM2M operation");
        }
        Request.Builder b = Request.builder(op, null).ty(ty);
        mapHeaders(headers, b);
        String authorization = headers.get(HttpHeaderNames.AUTHORIZATION);
        if (authorization != null) {
            b.tkns(tokens(authorization));
        }
        mapTarget(http.uri(), op, b);
        if (op != Operation.RETRIEVE && op != Operation.DELETE) {
            ByteBuf body = http.content();
            if (body.isReadable()) {
                b.pc(decodeBody(headers.get(HttpHeaderNames.CONTENT_TYPE), body));
            }
        }
        return b.build();
    }

    /** One pass over the headers: cheaper than a lookup per parameter, and it catches repeated X-M2M fields. */
    private static void mapHeaders(HttpHeaders headers, Request.Builder b) {
        int seen = 0;
        String rqi = null;
        for (Iterator<Map.Entry<CharSequence, CharSequence>> it = headers.iteratorCharSequence(); it.hasNext(); ) {
            Map.Entry<CharSequence, CharSequence> e = it.next();
            M2mHeader h = M2mHeader.of(e.getKey());
            if (h == null) {
                continue;
            }
            int bit = 1 << h.ordinal();
            if ((seen & bit) != 0) {
                // A repeated X-M2M-Origin in particular could let a proxy and the CSE disagree about the originator.
                throw OneM2MException.badRequest("header " + h.field + " given more than once");
            }
            seen |= bit;
            String v = e.getValue().toString();
            if (v.isEmpty()) {
                if (h == M2mHeader.RTU) {
                    // present and empty: no notification of a non-blocking request's result (TS-0004 7.5.1.2.5)
                    b.rtu(List.of());
                }
                continue;
            }
            switch (h) {
                case ORIGIN -> b.fr(v);
                case RI -> rqi = v;
                case RVI -> b.rvi(v);
                case GID -> b.gid(v);
                case RTU -> b.rtu(split(v, '&'));
                case OT -> b.ot(v);
                case RST -> b.rset(v);
                case RET -> b.rqet(v);
                case OET -> b.oet(v);
                case EC -> b.ec(v);
                case VSI -> b.vsi(v);
                case RSC, ATI, CTS, CTO -> {
                    // a response-only field; meaningless on a request, ignored like any unknown header
                }
            }
        }
        if (rqi == null) {
            throw OneM2MException.badRequest("header X-M2M-RI (request identifier) is mandatory");
        }
        b.rqi(rqi);
    }

    private static void mapTarget(String uri, Operation op, Request.Builder b) {
        int start = 0;
        if (!uri.isEmpty() && uri.charAt(0) != '/') {
            // absolute-form, as sent to a proxy (TS-0009 6.2.2.1): skip scheme and authority.
            int scheme = uri.indexOf("://");
            start = scheme < 0 ? -1 : uri.indexOf('/', scheme + 3);
            if (start < 0) {
                throw OneM2MException.badRequest("request target must be an absolute path");
            }
        }
        int end = uri.indexOf('#', start);
        if (end < 0) {
            end = uri.length();
        }
        int q = uri.indexOf('?', start);
        if (q >= 0 && q < end) {
            b.to(TargetPath.toAddress(uri.substring(start, q)));
            QueryParser.parse(uri.substring(q + 1, end), op, b);
        } else {
            b.to(TargetPath.toAddress(uri.substring(start, end)));
        }
    }

    private JsonNode decodeBody(String contentType, ByteBuf body) {
        Codec codec = codecs.forContentType(contentType);
        if (codec == null) {
            throw new OneM2MException(ResponseStatusCode.UNSUPPORTED_MEDIA_TYPE,
                    "unsupported Content-Type '" + Excerpt.of(contentType) + "'");
        }
        // Heap buffers with an exact backing array are passed without a copy.
        return codec.decode(ByteBufUtil.getBytes(body, body.readerIndex(), body.readableBytes(), false));
    }

    /** The {@code ty} parameter of a Content-Type, e.g. 3 for {@code application/json; ty=3}, or null. */
    static Integer resourceTypeParameter(String contentType) {
        if (contentType == null) {
            return null;
        }
        int semi = contentType.indexOf(';');
        while (semi >= 0) {
            int next = contentType.indexOf(';', semi + 1);
            String param = contentType.substring(semi + 1, next < 0 ? contentType.length() : next).trim();
            int eq = param.indexOf('=');
            if (eq > 0 && param.substring(0, eq).trim().equalsIgnoreCase("ty")) {
                return resourceType(param.substring(eq + 1).trim());
            }
            semi = next;
        }
        return null;
    }

    private static int resourceType(String v) {
        if (v.length() >= 2 && v.charAt(0) == '"' && v.charAt(v.length() - 1) == '"') {
            v = v.substring(1, v.length() - 1);
        }
        long value = QueryParser.digits(v, 9);
        if (value <= 0) {
            throw OneM2MException.badRequest("Content-Type: invalid ty parameter '" + Excerpt.of(v) + "'");
        }
        return (int) value;
    }

    /** At most this many tokens in one request: each may cost a signature verification. */
    static final int MAX_TOKENS = 16;

    /**
     * The Tokens parameter from the {@code Authorization} header (TS-0009 6.4.19): compact JWS/JWE serializations
     * joined by {@code +} (whitespace around them is insignificant). TS-0009 6.4.19 gives no scheme; a leading
     * {@code Bearer} (RFC 6750, which TS-0009 7.1 names for OAuth tokens) is accepted too, any other scheme is 4000.
     */
    static List<String> tokens(String header) {
        String v = header.trim();
        int space = v.indexOf(' ');
        int plus = v.indexOf('+');
        if (space > 0 && (plus < 0 || space < plus)) {
            String scheme = v.substring(0, space);
            if (!scheme.equalsIgnoreCase("Bearer")) {
                throw OneM2MException.badRequest("Authorization header: scheme '" + Excerpt.of(scheme)
                        + "' is not supported; it carries oneM2M tokens joined by '+'");
            }
            v = v.substring(space + 1);
        }
        List<String> out = split(v, '+');
        if (out.isEmpty()) {
            throw OneM2MException.badRequest("Authorization header carries no token");
        }
        if (out.size() > MAX_TOKENS) {
            throw OneM2MException.badRequest("Authorization header carries more than " + MAX_TOKENS + " tokens");
        }
        for (String t : out) {
            for (int i = 0; i < t.length(); i++) {
                char c = t.charAt(i);
                boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'
                        || c == '_' || c == '.' || c == '=';
                if (!ok) {
                    throw OneM2MException.badRequest("Authorization header: a token must be a compact JWS or JWE "
                            + "(base64url parts joined by '.')");
                }
            }
        }
        return out;
    }

    private static List<String> split(String v, char sep) {
        List<String> out = new ArrayList<>(2);
        int start = 0;
        int n = v.length();
        while (start < n) {
            int i = v.indexOf(sep, start);
            if (i < 0) {
                i = n;
            }
            String part = v.substring(start, i).trim();
            if (!part.isEmpty()) {
                out.add(part);
            }
            start = i + 1;
        }
        return out;
    }

}
