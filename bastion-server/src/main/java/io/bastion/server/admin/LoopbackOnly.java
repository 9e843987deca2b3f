package io.bastion.server.admin;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * Lets only loopback peers through to the admin endpoint: whatever address it listens on ({@code admin.bind}), a peer
 * on another host is answered 403 before any handler runs.
 */
final class LoopbackOnly extends Filter {

    static boolean allowed(InetSocketAddress remote) {
        InetAddress a = remote == null ? null : remote.getAddress();
        return a != null && a.isLoopbackAddress();
    }

    @Override
    public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
        if (!allowed(exchange.getRemoteAddress())) {
            AdminServer.answer(exchange, 403, "the admin endpoint answers loopback peers only");
            return;
        }
        chain.doFilter(exchange);
    }

    @Override
    public String description() {
        return "refuses every peer that is not on loopback";
    }
}
