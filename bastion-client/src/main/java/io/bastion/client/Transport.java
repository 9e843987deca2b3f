package io.bastion.client;

import io.bastion.core.primitive.Request;
import io.bastion.core.primitive.Response;
import java.io.IOException;

/**
 * How a {@link CseClient} reaches its CSE's HTTP binding (TS-0009): the JDK HTTP client for http and https
 * ({@link JdkTransport}), or one TLS-PSK session ({@link PskTransport}).
 */
interface Transport extends AutoCloseable {
    /** A retrieved resource or a discovery result may be large; beyond this the answer is refused. */
    int MAX_RESPONSE_BODY_BYTES = 8 * 1024 * 1024;

    /**
     * Sends {@code rq} and reads the answer as a response primitive.
     *
     * @throws IllegalArgumentException when the request cannot be expressed in TS-0009 (no target, CREATE without ty)
     * @throws IOException when no answer came: unreachable, TLS refused, timed out
     *         ({@link java.net.http.HttpTimeoutException}, {@link java.net.SocketTimeoutException}), too large
     */
    Response exchange(Request rq) throws IOException, InterruptedException;

    @Override
    void close();
}
