package io.bastion.bindings.http;

import io.bastion.core.http.HttpMapping;
import java.net.http.HttpClient;
import java.time.Duration;
import javax.net.ssl.SSLContext;

/**
 * The JDK HTTP client as this CSE's outgoing HTTP clients use it; the TS-0009 mapping of what they send and receive is
 * {@link io.bastion.core.http.HttpMapping}.
 */
final class HttpPrimitives {

    private HttpPrimitives() {
    }

    /** An HTTP/1.1 client that follows no redirect ({@link HttpMapping#clientBuilder}). */
    static HttpClient client(Duration connectTimeout) {
        return client(connectTimeout, null);
    }

    /** As {@link #client(Duration)}, with {@code ssl} for https (null: the JDK's defaults). */
    static HttpClient client(Duration connectTimeout, SSLContext ssl) {
        return HttpMapping.clientBuilder(connectTimeout, ssl).build();
    }
}
