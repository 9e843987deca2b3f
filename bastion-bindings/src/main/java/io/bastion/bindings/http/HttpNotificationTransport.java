package io.bastion.bindings.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.bastion.core.codec.Codec;
import io.bastion.core.codec.Codecs;
import io.bastion.core.codec.Serialization;
import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.primitive.Request;
import io.bastion.core.primitive.Response;
import io.bastion.core.primitive.ResponseStatusCode;
import io.bastion.core.binding.NotificationTransport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers NOTIFY requests to {@code http://} and {@code https://} points of access as TS-0009 HTTP POSTs, using
 * the JDK HTTP client (HTTP/1.1, no redirects followed), with the content in the serialization the receiver takes
 * (JSON or CBOR; XML is not written, so such a send fails).
 */
public final class HttpNotificationTransport implements NotificationTransport, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HttpNotificationTransport.class);
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** Larger receiver answers are dropped: a notification response carries at most a short status body. */
    static final int MAX_RESPONSE_BODY_BYTES = 64 * 1024;

    private final HttpClient client;
    private final Codecs codecs = new Codecs();

    public HttpNotificationTransport() {
        this(DEFAULT_CONNECT_TIMEOUT);
    }

    public HttpNotificationTransport(Duration connectTimeout) {
        this(HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                // A redirect would send the notification somewhere the subscriber never named.
                .followRedirects(HttpClient.Redirect.NEVER)
                .build());
    }

    /** With a prepared client, e.g. one carrying an {@code SSLContext} for https receivers. */
    public HttpNotificationTransport(HttpClient client) {
        this.client = client;
    }

    @Override
    public boolean supports(String poa) {
        return poa != null && (poa.regionMatches(true, 0, "http://", 0, 7)
                || poa.regionMatches(true, 0, "https://", 0, 8));
    }

    @Override
    public CompletableFuture<Response> send(String poa, Request notify, Serialization serialization,
                                            Duration timeout) {
        HttpRequest request;
        try {
            request = toHttp(poa, notify, serialization, timeout);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return client.sendAsync(request, BoundedBody.orEmpty(MAX_RESPONSE_BODY_BYTES))
                // The request timeout starts with the exchange; this bounds the connect phase as well.
                .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .thenApply(r -> toResponse(r, notify));
    }

    private HttpRequest toHttp(String poa, Request notify, Serialization serialization, Duration timeout) {
        if (!supports(poa)) {
            throw new IllegalArgumentException("not an http(s) point of access: " + poa);
        }
        Codec codec = codecs.forSerialization(serialization);
        if (codec == null) {
            throw new IllegalArgumentException(serialization.ct() + " is not a serialization this CSE writes");
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(poa))
                .timeout(timeout)
                .header("Content-Type", Codecs.resourceMediaType(codec));
        header(b, M2mHeader.ORIGIN, notify.fr());
        header(b, M2mHeader.RI, notify.rqi());
        header(b, M2mHeader.RVI, notify.rvi());
        header(b, M2mHeader.OT, notify.ot());
        header(b, M2mHeader.RET, notify.rqet());
        header(b, M2mHeader.EC, notify.ec());
        header(b, M2mHeader.VSI, notify.vsi());
        HttpRequest.BodyPublisher body = notify.pc() == null
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(codec.encode(notify.pc()));
        return b.POST(body).build();
    }

    private static void header(HttpRequest.Builder b, M2mHeader h, String value) {
        if (value != null && !value.isEmpty()) {
            b.header(h.field.toString(), value);
        }
    }

    private Response toResponse(HttpResponse<byte[]> r, Request notify) {
        HttpHeaders h = r.headers();
        ResponseStatusCode rsc = statusCode(h.firstValue(M2mHeader.RSC.field.toString()).orElse(null),
                r.statusCode());
        return new Response(rsc,
                h.firstValue(M2mHeader.RI.field.toString()).orElse(notify.rqi()),
                content(r, h),
                notify.fr(),
                h.firstValue(M2mHeader.ORIGIN.field.toString()).orElse(null),
                h.firstValue(M2mHeader.RVI.field.toString()).orElse(null),
                h.firstValue(M2mHeader.OT.field.toString()).orElse(null),
                null);
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

    private JsonNode content(HttpResponse<byte[]> r, HttpHeaders h) {
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
            // The delivery outcome is the status code; an unreadable body from the receiver does not change it.
            log.debug("unreadable notification response body from {}: {}", r.uri(), e.getMessage());
            return null;
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
