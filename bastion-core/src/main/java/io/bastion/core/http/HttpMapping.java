package io.bastion.core.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.bastion.core.codec.Codec;
import io.bastion.core.codec.Codecs;
import io.bastion.core.primitive.AttributeCondition;
import io.bastion.core.primitive.ContentStatus;
import io.bastion.core.primitive.FilterCriteria;
import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.primitive.Operation;
import io.bastion.core.primitive.Request;
import io.bastion.core.primitive.Response;
import io.bastion.core.primitive.ResponseStatusCode;
import io.bastion.core.time.Timestamps;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The originator's side of TS-0009: a request primitive as an HTTP request (method, request-target, query,
 * {@code X-M2M-*} headers, {@code Authorization}, body) and the HTTP answer as a response primitive. The reverse of
 * what the HTTP door's request mapper, query parser and response encoder do on the receiver's side. Shared by the
 * CSE's outgoing clients and the client library; it sends nothing itself.
 */
public final class HttpMapping {
    private static final Logger log = LoggerFactory.getLogger(HttpMapping.class);
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private HttpMapping() {
    }

    /**
     * The JDK HTTP client as an originator of TS-0009 requests uses it: HTTP/1.1 (TS-0009 5.1), following no redirect
     * (one would send the request, its originator and tokens somewhere the originator never named), with {@code ssl}
     * for https (null: the JDK's defaults). Only the configuration: the caller builds it.
     */
    public static HttpClient.Builder clientBuilder(Duration connectTimeout, SSLContext ssl) {
        HttpClient.Builder b = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER);
        if (ssl != null) {
            b.sslContext(ssl);
        }
        return b;
    }

    /** Whether a point of access is an {@code http://} or {@code https://} address. */
    public static boolean isHttp(String poa) {
        return poa != null && (poa.regionMatches(true, 0, "http://", 0, 7)
                || poa.regionMatches(true, 0, "https://", 0, 8));
    }

    /**
     * One HTTP request as this CSE sends it, whichever client carries it: the method, the full URI, the header fields
     * in order and the body (empty for none).
     */
    public record Outgoing(String method, URI uri, List<Map.Entry<String, String>> headers, byte[] body) {
    }

    /**
     * The HTTP request for {@code rq} sent to the CSE whose base address is {@code base} ({@code http://host:port},
     * optionally with a path prefix): the request-target from {@code to} (TS-0009 6.2.2.1) and the query from the
     * parameters and filter criteria (table 6.2.2.2-1).
     *
     * @throws IllegalArgumentException when the request cannot be expressed (no {@code to}, a geo-query)
     */
    public static HttpRequest forCse(String base, Request rq, Codec codec, Duration timeout) {
        return jdk(outgoingForCse(base, rq, codec), timeout);
    }

    /** As {@link #forCse}, in the client-neutral form. */
    public static Outgoing outgoingForCse(String base, Request rq, Codec codec) {
        if (rq.to() == null || rq.to().isEmpty()) {
            throw new IllegalArgumentException("a request without a target (to) cannot be sent");
        }
        String prefix = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        StringBuilder uri = new StringBuilder(prefix).append(requestTarget(rq.to()));
        String query = query(rq);
        if (!query.isEmpty()) {
            uri.append('?').append(query);
        }
        return outgoing(URI.create(uri.toString()), rq, codec);
    }

    /** The HTTP request for a NOTIFY to a notification receiver's own address: {@code poa} as given, a POST. */
    public static HttpRequest forReceiver(String poa, Request notify, Codec codec, Duration timeout) {
        return jdk(outgoing(URI.create(poa), notify, codec), timeout);
    }

    /** The JDK client's form of an outgoing request, the whole exchange bounded by {@code timeout}. */
    public static HttpRequest jdk(Outgoing o, Duration timeout) {
        HttpRequest.Builder b = HttpRequest.newBuilder(o.uri()).timeout(timeout);
        for (Map.Entry<String, String> h : o.headers()) {
            b.header(h.getKey(), h.getValue());
        }
        HttpRequest.BodyPublisher body = o.body().length > 0 ? HttpRequest.BodyPublishers.ofByteArray(o.body())
                : HttpRequest.BodyPublishers.noBody();
        return b.method(o.method(), body).build();
    }

    private static Outgoing outgoing(URI uri, Request rq, Codec codec) {
        List<Map.Entry<String, String>> headers = new ArrayList<>(12);
        header(headers, M2mFields.ORIGIN, rq.fr());
        header(headers, M2mFields.RI, rq.rqi());
        header(headers, M2mFields.RVI, rq.rvi());
        header(headers, M2mFields.GID, rq.gid());
        if (rq.rtu() != null) {
            // Present but empty says "no notification targets" (TS-0001 8.1.2), unlike an absent one: sent as is.
            headers.add(Map.entry(M2mFields.RTU, String.join("&", rq.rtu())));
        }
        header(headers, M2mFields.OT, rq.ot());
        header(headers, M2mFields.RST, rq.rset());
        header(headers, M2mFields.RET, rq.rqet());
        header(headers, M2mFields.OET, rq.oet());
        header(headers, M2mFields.EC, rq.ec());
        header(headers, M2mFields.VSI, rq.vsi());
        if (!rq.tkns().isEmpty()) {
            // TS-0009 6.4.19: the tokens joined by '+'.
            headers.add(Map.entry("Authorization", String.join("+", rq.tkns())));
        }
        headers.add(Map.entry("Accept", Codecs.resourceMediaType(codec)));
        boolean hasBody = rq.pc() != null && !rq.pc().isNull()
                && rq.op() != Operation.RETRIEVE && rq.op() != Operation.DELETE;
        if (hasBody || rq.op() == Operation.CREATE || rq.op() == Operation.NOTIFY) {
            String ct = Codecs.resourceMediaType(codec);
            // TS-0009 6.4.3: a CREATE is a POST whose Content-Type carries ty; a POST without it is a NOTIFY.
            headers.add(Map.entry("Content-Type", rq.op() == Operation.CREATE ? ct + ";ty=" + rq.ty() : ct));
        }
        byte[] body = hasBody ? codec.encode(rq.pc()) : new byte[0];
        String method = switch (rq.op()) {
            case CREATE, NOTIFY -> {
                if (rq.op() == Operation.CREATE && rq.ty() == null) {
                    throw new IllegalArgumentException("a CREATE without a resource type (ty) cannot be sent");
                }
                yield "POST";
            }
            case RETRIEVE, DISCOVERY -> "GET";
            case UPDATE -> "PUT";
            case DELETE -> "DELETE";
        };
        return new Outgoing(method, uri, List.copyOf(headers), body);
    }

    /**
     * The path of the request-target for a {@code to} (TS-0009 table 6.2.2.1-1): {@code /} and a CSE-relative ID,
     * {@code /~} and an SP-relative one, {@code /_} and an absolute one without its leading {@code //}; characters
     * outside a path segment's set are percent-encoded.
     */
    public static String requestTarget(String to) {
        String path;
        if (to.startsWith("//")) {
            path = "/_/" + to.substring(2);
        } else if (to.startsWith("/")) {
            path = "/~" + to;
        } else {
            path = "/" + to;
        }
        return encode(path, true);
    }

    /** The query component for the request's parameters and filter criteria; empty when it has none. */
    public static String query(Request rq) {
        Query q = new Query();
        q.add("rcn", rq.rcn());
        q.add("rt", rq.rt());
        q.add("rp", rq.rp());
        q.add("drt", rq.drt());
        q.add("tqi", rq.tqi());
        q.addAll("rids", rq.rids());
        q.addAll("tids", rq.tids());
        q.addAll("ltids", rq.ltids());
        FilterCriteria fc = rq.fc();
        if (fc.gq() != null) {
            throw new IllegalArgumentException("a geo-query (gmty, geom, gsf) is not forwarded over HTTP by this CSE");
        }
        q.add("fu", fc.fu());
        q.add("fo", fc.fo());
        q.add("cra", fc.cra());
        q.add("crb", fc.crb());
        q.add("ms", fc.ms());
        q.add("us", fc.us());
        q.add("sts", fc.sts());
        q.add("stb", fc.stb());
        q.add("exb", fc.exb());
        q.add("exa", fc.exa());
        q.addAll("lbl", fc.lbl());
        for (Integer ty : fc.ty()) {
            q.add("ty", ty);
        }
        q.add("rn", fc.rn());
        q.add("sza", fc.sza());
        q.add("szb", fc.szb());
        q.add("lim", fc.lim());
        q.add("lvl", fc.lvl());
        q.add("ofst", fc.ofst());
        for (AttributeCondition a : fc.atr()) {
            // TS-0009 6.2.2.2: an attribute condition is the attribute's short name and its value.
            q.add(a.name(), a.value());
        }
        return q.text();
    }

    /** The answer as a response primitive; {@code rq} supplies what the receiver need not echo. */
    public static Response toResponse(HttpResponse<byte[]> r, Request rq, Codecs codecs) {
        HttpHeaders h = r.headers();
        return toResponse(r.statusCode(), name -> h.firstValue(name).orElse(null), r.body(), r.uri(), rq, codecs);
    }

    /**
     * An answer read by any client as a response primitive.
     *
     * @param header the first value of a header field by its name (any case), or null
     * @param from where the answer came from, for a log line
     */
    public static Response toResponse(int status, Function<String, String> header, byte[] body, Object from, Request rq,
                               Codecs codecs) {
        ResponseStatusCode rsc = statusCode(header.apply(M2mFields.RSC), status);
        String cts = header.apply(M2mFields.CTS);
        String cto = header.apply(M2mFields.CTO);
        String ri = header.apply(M2mFields.RI);
        String location = header.apply("Content-Location");
        return new Response(rsc, ri != null ? ri : rq.rqi(),
                content(body, header.apply("Content-Type"), from, codecs),
                rq.fr(),
                header.apply(M2mFields.ORIGIN),
                header.apply(M2mFields.RVI),
                header.apply(M2mFields.OT),
                location == null ? null : location(location),
                List.of(), cts == null ? null : contentStatus(cts), cto == null ? null : integer(cto));
    }

    /** A Content-Location as the address it maps (the reverse of {@link #requestTarget}); as sent when it maps none. */
    private static String location(String header) {
        try {
            return TargetPath.toAddress(header);
        } catch (OneM2MException e) {
            return header;
        }
    }

    /** X-M2M-RSC when the receiver sent a known code; otherwise derived from the HTTP status. */
    public static ResponseStatusCode statusCode(String rscHeader, int httpStatus) {
        if (rscHeader != null) {
            try {
                return ResponseStatusCode.fromCode(Integer.parseInt(rscHeader.trim()));
            } catch (IllegalArgumentException e) {
                // NumberFormatException included: fall back to the HTTP status
            }
        }
        if (httpStatus >= 200 && httpStatus < 300) {
            return ResponseStatusCode.OK;
        }
        return switch (httpStatus) {
            case 400 -> ResponseStatusCode.BAD_REQUEST;
            case 403 -> ResponseStatusCode.ORIGINATOR_HAS_NO_PRIVILEGE;
            case 404 -> ResponseStatusCode.NOT_FOUND;
            case 405 -> ResponseStatusCode.OPERATION_NOT_ALLOWED;
            case 415 -> ResponseStatusCode.UNSUPPORTED_MEDIA_TYPE;
            case 504 -> ResponseStatusCode.REQUEST_TIMEOUT;
            default -> ResponseStatusCode.INTERNAL_SERVER_ERROR;
        };
    }

    private static JsonNode content(byte[] body, String contentType, Object from, Codecs codecs) {
        if (body == null || body.length == 0) {
            return null;
        }
        Codec codec = codecs.forContentType(contentType);
        if (codec == null) {
            return null;
        }
        try {
            return codec.decode(body);
        } catch (OneM2MException e) {
            // The outcome is the status code; an unreadable body from the receiver does not change it.
            log.debug("unreadable response body from {}: {}", from, e.getMessage());
            return null;
        }
    }

    private static ContentStatus contentStatus(String v) {
        Integer code = integer(v);
        for (ContentStatus s : ContentStatus.values()) {
            if (code != null && s.code() == code) {
                return s;
            }
        }
        return null;
    }

    private static Integer integer(String v) {
        try {
            return Integer.valueOf(v.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static void header(List<Map.Entry<String, String>> headers, String field, String value) {
        if (value != null && !value.isEmpty()) {
            headers.add(Map.entry(field, value));
        }
    }

    /** Percent-encodes what RFC 3986 does not allow unencoded in a path ({@code path}) or a query value. */
    public static String encode(String s, boolean path) {
        StringBuilder out = null;
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            int c = bytes[i] & 0xff;
            boolean plain = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || "-._~!$'()*,;:@".indexOf(c) >= 0 || path && (c == '/' || c == '=' || c == '&' || c == '+');
            if (plain && out == null) {
                continue;
            }
            if (out == null) {
                // Every byte before this one was a plain ASCII character: the same index in the string.
                out = new StringBuilder(bytes.length + 16).append(s, 0, i);
            }
            if (plain) {
                out.append((char) c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        return out == null ? s : out.toString();
    }

    /** Query pairs joined by '&'; lists repeat their name (TS-0009 6.2.2.2 multiplicity 0..n). */
    private static final class Query {
        private final StringBuilder text = new StringBuilder();

        void add(String name, Object value) {
            if (value == null) {
                return;
            }
            String v = value instanceof Instant t ? Timestamps.format(t) : value.toString();
            if (!text.isEmpty()) {
                text.append('&');
            }
            text.append(name).append('=').append(encode(v, false));
        }

        void addAll(String name, List<String> values) {
            for (String v : values) {
                add(name, v);
            }
        }

        String text() {
            return text.toString();
        }
    }
}
