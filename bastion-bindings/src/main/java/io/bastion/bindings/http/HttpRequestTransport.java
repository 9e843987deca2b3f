package io.bastion.bindings.http;

import io.bastion.core.http.HttpMapping;
import io.bastion.core.http.BoundedBody;
import io.bastion.core.binding.RequestTransport;
import io.bastion.core.codec.Codec;
import io.bastion.core.codec.Codecs;
import io.bastion.core.codec.Serialization;
import io.bastion.core.primitive.Request;
import io.bastion.core.primitive.Response;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;

/**
 * Sends request primitives of any operation to another CSE over HTTP or HTTPS (TS-0009, originator side) with the JDK
 * HTTP client: HTTP/1.1, no redirects followed, the whole exchange bounded by the timeout and the answer by
 * {@link #MAX_RESPONSE_BODY_BYTES} (a larger one fails the exchange). The point of access is the next hop's base address ({@code http://host:port});
 * the request's {@code to} becomes the request-target as TS-0009 6.2.2.1 says. Certificates and the trust for
 * {@code https} come with the client given to it; TLS-PSK is not spoken here.
 */
public final class HttpRequestTransport implements RequestTransport, AutoCloseable {
    /** A retrieved resource or a discovery result may be large; beyond this the answer is refused. */
    public static final int MAX_RESPONSE_BODY_BYTES = 4 * 1024 * 1024;

    private final HttpClient client;
    private final Codecs codecs = new Codecs();

    /** With the JDK's default trust for https, and a connect timeout of five seconds. */
    public HttpRequestTransport() {
        this(HttpPrimitives.client(HttpNotificationTransport.DEFAULT_CONNECT_TIMEOUT));
    }

    /**
     * For https with {@code ssl}: e.g. one that presents this CSE's certificate and trusts only its peer's CA (the
     * JDK client checks the peer's host name against its certificate); null for the JDK's defaults.
     */
    public HttpRequestTransport(SSLContext ssl, Duration connectTimeout) {
        this(HttpPrimitives.client(connectTimeout, ssl));
    }

    /** With a prepared client, e.g. one whose {@code SSLContext} presents this CSE's certificate and trusts its peer's CA. */
    public HttpRequestTransport(HttpClient client) {
        this.client = client;
    }

    @Override
    public boolean supports(String poa) {
        return HttpMapping.isHttp(poa);
    }

    @Override
    public CompletableFuture<Response> send(String poa, Request rq, Serialization serialization, Duration timeout) {
        HttpRequest request;
        try {
            if (!supports(poa)) {
                throw new IllegalArgumentException("not an http(s) point of access: " + poa);
            }
            Codec codec = codecs.forSerialization(serialization);
            if (codec == null) {
                throw new IllegalArgumentException(serialization.ct() + " is not a serialization this CSE writes");
            }
            request = HttpMapping.forCse(poa, rq, codec, timeout);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        // An answer's content matters here (a retrieved resource): one too large fails rather than reads as empty.
        return client.sendAsync(request, BoundedBody.orFail(MAX_RESPONSE_BODY_BYTES))
                .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .thenApply(r -> HttpMapping.toResponse(r, rq, codecs));
    }

    @Override
    public void close() {
        client.close();
    }
}
