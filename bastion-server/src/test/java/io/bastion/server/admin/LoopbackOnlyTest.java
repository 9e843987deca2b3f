package io.bastion.server.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpPrincipal;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LoopbackOnlyTest {

    /** An exchange from a given remote address that records the answer. */
    static final class FakeExchange extends HttpExchange {
        final InetSocketAddress remote;
        final Headers responseHeaders = new Headers();
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        int status = -1;

        FakeExchange(InetSocketAddress remote) {
            this.remote = remote;
        }

        @Override public Headers getRequestHeaders() { return new Headers(); }
        @Override public Headers getResponseHeaders() { return responseHeaders; }
        @Override public URI getRequestURI() { return URI.create("/explain?from=C&op=retrieve&to=cse-in"); }
        @Override public String getRequestMethod() { return "GET"; }
        @Override public HttpContext getHttpContext() { return null; }
        @Override public void close() { }
        @Override public InputStream getRequestBody() { return new ByteArrayInputStream(new byte[0]); }
        @Override public OutputStream getResponseBody() { return body; }
        @Override public void sendResponseHeaders(int code, long length) { status = code; }
        @Override public InetSocketAddress getRemoteAddress() { return remote; }
        @Override public int getResponseCode() { return status; }
        @Override public InetSocketAddress getLocalAddress() { return new InetSocketAddress("127.0.0.1", 8079); }
        @Override public String getProtocol() { return "HTTP/1.1"; }
        @Override public Object getAttribute(String name) { return null; }
        @Override public void setAttribute(String name, Object value) { }
        @Override public void setStreams(InputStream i, OutputStream o) { }
        @Override public HttpPrincipal getPrincipal() { return null; }
    }

    @ParameterizedTest(name = "{0} allowed: {1}")
    @CsvSource({"127.0.0.1, true", "127.1.2.3, true", "::1, true", "192.0.2.1, false", "10.0.0.1, false",
            "2001:db8::1, false", "0.0.0.0, false"})
    void onlyLoopbackPeersReachTheHandler(String address, boolean allowed) throws Exception {
        FakeExchange x = new FakeExchange(new InetSocketAddress(java.net.InetAddress.getByName(address), 40000));
        AtomicBoolean handled = new AtomicBoolean();
        new LoopbackOnly().doFilter(x, new Filter.Chain(List.of(), exchange -> handled.set(true)));
        assertThat(handled.get()).isEqualTo(allowed);
        if (!allowed) {
            assertThat(x.status).isEqualTo(403);
            assertThat(x.body.toString(StandardCharsets.UTF_8)).isEqualTo("the admin endpoint answers loopback "
                    + "peers only\n");
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"true", "false"})
    void anUnknownPeerIsRefused(boolean unresolved) throws Exception {
        FakeExchange x = new FakeExchange(unresolved ? InetSocketAddress.createUnresolved("localhost", 1) : null);
        AtomicBoolean handled = new AtomicBoolean();
        new LoopbackOnly().doFilter(x, new Filter.Chain(List.of(), exchange -> handled.set(true)));
        assertThat(handled.get()).isFalse();
        assertThat(x.status).isEqualTo(403);
    }
}
