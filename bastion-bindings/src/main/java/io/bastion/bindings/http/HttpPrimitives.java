package io.bastion.bindings.http;

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
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The originator's side of TS-0009: a request primitive as an HTTP request (method, request-target, query,
 * {@code X-M2M-*} headers, {@code Authorization}, body) and the HTTP answer as a response primitive. The reverse of
 * what {@link RequestMapper}, {@link QueryParser} and {@link ResponseEncoder} do on the receiver's side.
 */
final class HttpPrimitives {
    private static final Logger log = LoggerFactory.getLogger(HttpPrimitives.class);
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private HttpPrimitives() {
    }

    /** An HTTP/1.1 client that follows no redirect: one would send the request somewhere its originator never named. */
    static HttpClient client(Duration connectTimeout) {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** Whether a point of access is an {@code http://} or {@code https://} address. */
    static boolean isHttp(String poa) {
        return poa != null && (poa.regionMatches(true, 0, "http://", 0, 7)
                || poa.regionMatches(true, 0, "https://", 0, 8));
    }

    /**
     * The HTTP request for {@code rq} sent to the CSE whose base address is {@code base} ({@code http://host:port},
     * optionally with a path prefix): the request-target from {@code to} (TS-0009 6.2.2.1) and the query from the
     * parameters and filter criteria (table 6.2.2.2-1).
     *
     * @throws IllegalArgumentException when the request cannot be expressed (no {@code to}, a geo-query)
     */
    static HttpRequest forCse(String base, Request rq, Codec codec, Duration timeout) {
        if (rq.to() == null || rq.to().isEmpty()) {
            throw new IllegalArgumentException("a request without a target (to) cannot be sent");
        }
        String prefix = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        StringBuilder uri = new StringBuilder(prefix).append(requestTarget(rq.to()));
        String query = query(rq);
        if (!query.isEmpty()) {
            uri.append('?').append(query);
        }
        return build(URI.create(uri.toString()), rq, codec, timeout);
    }

    /** The HTTP request for a NOTIFY to a notification receiver's own address: {@code poa} as given, a POST. */
    static HttpRequest forReceiver(String poa, Request notify, Codec codec, Duration timeout) {
        return build(URI.create(poa), notify, codec, timeout);
    }

    private static HttpRequest build(URI uri, Request rq, Codec codec, Duration timeout) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(timeout);
        header(b, M2mHeader.ORIGIN, rq.fr());
        header(b, M2mHeader.RI, rq.rqi());
        header(b, M2mHeader.RVI, rq.rvi());
        header(b, M2mHeader.GID, rq.gid());
        if (rq.rtu() != null) {
            // Present but empty says "no notification targets" (TS-0001 8.1.2), unlike an absent one: sent as is.
            b.header(M2mHeader.RTU.field.toString(), String.join("&", rq.rtu()));
        }
        header(b, M2mHeader.OT, rq.ot());
        header(b, M2mHeader.RST, rq.rset());
        header(b, M2mHeader.RET, rq.rqet());
        header(b, M2mHeader.OET, rq.oet());
        header(b, M2mHeader.EC, rq.ec());
        header(b, M2mHeader.VSI, rq.vsi());
        if (!rq.tkns().isEmpty()) {
            // TS-0009 6.4.19: the tokens joined by '+'.
            b.header("Authorization", String.join("+", rq.tkns()));
        }
        b.header("Accept", Codecs.resourceMediaType(codec));
        boolean hasBody = rq.pc() != null && !rq.pc().isNull()
                && rq.op() != Operation.RETRIEVE && rq.op() != Operation.DELETE;
        if (hasBody || rq.op() == Operation.CREATE || rq.op() == Operation.NOTIFY) {
            String ct = Codecs.resourceMediaType(codec);
            // TS-0009 6.4.3: a CREATE is a POST whose Content-Type carries ty; a POST without it is a NOTIFY.
            b.header("Content-Type", rq.op() == Operation.CREATE ? ct + ";ty=" + rq.ty() : ct);
        }
        HttpRequest.BodyPublisher body = hasBody
                ? HttpRequest.BodyPublishers.ofByteArray(codec.encode(rq.pc()))
                : HttpRequest.BodyPublishers.noBody();
        return switch (rq.op()) {
            case CREATE, NOTIFY -> {
                if (rq.op() == Operation.CREATE && rq.ty() == null) {
                    throw new IllegalArgumentException("a CREATE without a resource type (ty) cannot be sent");
                }
                yield b.POST(body).build();
            }
            case RETRIEVE, DISCOVERY -> b.GET().build();
            case UPDATE -> b.PUT(body).build();
            case DELETE -> b.DELETE().build();
        };
    }

    /**
     * The path of the request-target for a {@code to} (TS-0009 table 6.2.2.1-1): {@code /} and a CSE-relative ID,
     * {@code /~} and an SP-relative one, {@code /_} and an absolute one without its leading {@code //}; characters
     * outside a path segment's set are percent-encoded.
     */
    static String requestTarget(String to) {
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
    static String query(Request rq) {
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
    static Response toResponse(HttpResponse<byte[]> r, Request rq, Codecs codecs) {
        HttpHeaders h = r.headers();
        ResponseStatusCode rsc = statusCode(h.firstValue(M2mHeader.RSC.field.toString()).orElse(null),
                r.statusCode());
        ContentStatus cnst = h.firstValue(M2mHeader.CTS.field.toString()).map(HttpPrimitives::contentStatus)
                .orElse(null);
        Integer cnot = h.firstValue(M2mHeader.CTO.field.toString()).map(HttpPrimitives::integer).orElse(null);
        return new Response(rsc,
                h.firstValue(M2mHeader.RI.field.toString()).orElse(rq.rqi()),
                content(r, h, codecs),
                rq.fr(),
                h.firstValue(M2mHeader.ORIGIN.field.toString()).orElse(null),
                h.firstValue(M2mHeader.RVI.field.toString()).orElse(null),
                h.firstValue(M2mHeader.OT.field.toString()).orElse(null),
                h.firstValue("Content-Location").map(HttpPrimitives::location).orElse(null),
                List.of(), cnst, cnot);
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
    static ResponseStatusCode statusCode(String rscHeader, int httpStatus) {
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

    private static JsonNode content(HttpResponse<byte[]> r, HttpHeaders h, Codecs codecs) {
        byte[] body = r.body();
        if (body == null || body.length == 0) {
            return null;
        }
        Codec codec = codecs.forContentType(h.firstValue("Content-Type").orElse(null));
        if (codec == null) {
            return null;
        }
        try {
            return codec.decode(body);
        } catch (OneM2MException e) {
            // The outcome is the status code; an unreadable body from the receiver does not change it.
            log.debug("unreadable response body from {}: {}", r.uri(), e.getMessage());
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

    private static void header(HttpRequest.Builder b, M2mHeader h, String value) {
        if (value != null && !value.isEmpty()) {
            b.header(h.field.toString(), value);
        }
    }

    /** Percent-encodes what RFC 3986 does not allow unencoded in a path ({@code path}) or a query value. */
    static String encode(String s, boolean path) {
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
