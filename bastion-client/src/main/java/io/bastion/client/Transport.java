package io.bastion.client;

import io.bastion.core.codec.Codec;
import io.bastion.core.codec.Codecs;
import io.bastion.core.http.BoundedBody;
import io.bastion.core.http.HttpMapping;
import io.bastion.core.primitive.Request;
import io.bastion.core.primitive.Response;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import javax.net.ssl.SSLContext;

/**
 * One CSE's HTTP binding seen from an AE: the JDK HTTP client (HTTP/1.1, keep-alive, no redirects followed) and
 * TS-0009's mapping of bastion-core ({@link HttpMapping}), the same the CSE uses towards other CSEs.
 */
final class Transport implements AutoCloseable {
    /** A retrieved resource or a discovery result may be large; beyond this the answer is refused. */
    static final int MAX_RESPONSE_BODY_BYTES = 8 * 1024 * 1024;

    private final String base;
    private final HttpClient client;
    private final Codecs codecs = new Codecs();
    private final Codec codec;
    private final Duration timeout;

    Transport(String base, SSLContext ssl, Codec codec, Duration connectTimeout, Duration timeout) {
        this.base = base;
        this.codec = codec;
        this.timeout = timeout;
        this.client = HttpMapping.clientBuilder(connectTimeout, ssl).build();
    }

    /**
     * Sends {@code rq} and reads the answer as a response primitive.
     *
     * @throws IllegalArgumentException when the request cannot be expressed in TS-0009 (no target, CREATE without ty)
     * @throws IOException when no answer came: unreachable, TLS refused, timed out
     *         ({@link java.net.http.HttpTimeoutException}), too large
     */
    Response exchange(Request rq) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = client.send(HttpMapping.forCse(base, rq, codec, timeout),
                BoundedBody.orFail(MAX_RESPONSE_BODY_BYTES));
        return HttpMapping.toResponse(r, rq, codecs);
    }

    @Override
    public void close() {
        client.close();
    }
}
