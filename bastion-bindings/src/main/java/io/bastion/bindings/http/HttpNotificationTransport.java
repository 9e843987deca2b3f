package io.bastion.bindings.http;

import io.bastion.core.http.HttpMapping;
import io.bastion.core.http.BoundedBody;
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
 * (JSON, CBOR or XML).
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
        this(HttpPrimitives.client(connectTimeout));
    }

    /** With a prepared client, e.g. one carrying an {@code SSLContext} for https receivers. */
    public HttpNotificationTransport(HttpClient client) {
        this.client = client;
    }

    @Override
    public boolean supports(String poa) {
        return HttpMapping.isHttp(poa);
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
                .thenApply(r -> HttpMapping.toResponse(r, notify, codecs));
    }

    private HttpRequest toHttp(String poa, Request notify, Serialization serialization, Duration timeout) {
        if (!supports(poa)) {
            throw new IllegalArgumentException("not an http(s) point of access: " + poa);
        }
        Codec codec = codecs.forSerialization(serialization);
        if (codec == null) {
            throw new IllegalArgumentException(serialization.ct() + " is not a serialization this CSE writes");
        }
        return HttpMapping.forReceiver(poa, notify, codec, timeout);
    }

    @Override
    public void close() {
        client.close();
    }
}
