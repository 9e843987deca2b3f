package io.bastion.client;

import io.bastion.client.trust.HttpAnswer;
import io.bastion.client.trust.PskChannel;
import io.bastion.core.codec.Codec;
import io.bastion.core.codec.Codecs;
import io.bastion.core.http.HttpMapping;
import io.bastion.core.primitive.Request;
import io.bastion.core.primitive.Response;
import java.io.EOFException;
import java.io.IOException;
import java.net.SocketException;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A CSE's TLS-PSK door (TS-0003 8.2.2.1, 8.2.2.3) seen from an AE: HTTP/1.1 over one kept-alive {@link PskChannel}
 * with the identity and key given (a provisioned KpsaID, or a MAF key's {@code RelativeKeyID@MAF-FQDN}), reopened
 * when the CSE ended it (a RETRIEVE resent once when a reused session ended before answering); requests mapped by
 * TS-0009 as {@link JdkTransport} does. One exchange at a time.
 */
final class PskTransport implements Transport {
    private final String base;
    private final URI uri;
    private final String identity;
    private final byte[] key;
    private final Codec codec;
    private final Codecs codecs = new Codecs();
    private final Duration connectTimeout;
    private final Duration timeout;
    private PskChannel channel;
    private boolean closed;

    PskTransport(String base, String identity, byte[] key, Codec codec, Duration connectTimeout, Duration timeout) {
        this.base = base;
        this.uri = URI.create(base);
        if (uri.getHost() == null || uri.getPort() < 0) {
            throw new IllegalArgumentException("a TLS-PSK door is https://HOST:PORT: " + base);
        }
        this.identity = identity;
        this.key = key.clone();
        this.codec = codec;
        this.connectTimeout = connectTimeout;
        this.timeout = timeout;
    }

    @Override
    public synchronized Response exchange(Request rq) throws IOException {
        HttpMapping.Outgoing o = HttpMapping.outgoingForCse(base, rq, codec);
        String path = o.uri().getRawPath() + (o.uri().getRawQuery() == null ? "" : "?" + o.uri().getRawQuery());
        Map<String, String> headers = new LinkedHashMap<>();
        for (Map.Entry<String, String> h : o.headers()) {
            headers.merge(h.getKey(), h.getValue(), (a, b) -> a + ", " + b);
        }
        boolean reused = channel != null && channel.isOpen();
        HttpAnswer a;
        try {
            a = channel().send(o.method(), path, headers, o.body());
        } catch (EOFException | SocketException e) {
            // The CSE may have ended an idle session just as it was reused (its close_notify not yet here when
            // isOpen looked): a RETRIEVE is sent once more on a new session. Nothing else is: an UPDATE, DELETE or
            // CREATE may have been processed before the session ended, and a second one would answer differently.
            if (!reused || !o.method().equals("GET")) {
                throw e;
            }
            a = channel().send(o.method(), path, headers, o.body());
        }
        return HttpMapping.toResponse(a.status(), a::header, a.body(), uri, rq, codecs);
    }

    private PskChannel channel() throws IOException {
        if (closed) {
            throw new IOException("this client is closed");
        }
        if (channel == null || !channel.isOpen()) {
            channel = PskChannel.open(uri.getHost(), uri.getPort(), identity, key, null, connectTimeout, timeout);
        }
        return channel;
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (channel != null) {
            channel.close();
        }
        Arrays.fill(key, (byte) 0);
    }
}
