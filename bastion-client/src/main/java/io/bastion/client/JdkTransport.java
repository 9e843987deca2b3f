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
final class JdkTransport implements Transport {

    private final String base;
    private final HttpClient client;
    private final Codecs codecs = new Codecs();
    private final Codec codec;
    private final Duration timeout;

    JdkTransport(String base, SSLContext ssl, Codec codec, Duration connectTimeout, Duration timeout) {
        this.base = base;
        this.codec = codec;
        this.timeout = timeout;
        this.client = HttpMapping.clientBuilder(connectTimeout, ssl).build();
    }

    @Override
    public Response exchange(Request rq) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = client.send(HttpMapping.forCse(base, rq, codec, timeout),
                BoundedBody.orFail(MAX_RESPONSE_BODY_BYTES));
        return HttpMapping.toResponse(r, rq, codecs);
    }

    @Override
    public void close() {
        client.close();
    }
}
