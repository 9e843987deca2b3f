package io.bastion.server.admin;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.bastion.core.primitive.OneM2MException;
import io.bastion.cse.Cse;
import io.bastion.cse.mcc.RegistrarLink;
import java.io.IOException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /cse/deregister} ({@code bastion cse deregister}): de-registers this CSE from its registrar (TS-0004
 * 7.4.4.2.4) and answers one line: 200 done, 409 when this CSE has no registrar, 502 with the reason when the
 * registrar cannot be reached or refuses (the registration then stays). It changes state, so it asks for the header
 * {@value #CONFIRM}: a web page in a browser on this host cannot send it without the browser asking first, which this
 * endpoint never allows.
 */
final class DeregisterHandler implements HttpHandler {
    /** The header a caller must send, with the value {@code deregister}. */
    static final String CONFIRM = "X-Bastion-Command";
    private static final Logger LOG = LoggerFactory.getLogger(DeregisterHandler.class);
    private final Cse cse;

    DeregisterHandler(Cse cse) {
        this.cse = cse;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("POST")) {
                exchange.getResponseHeaders().set("Allow", "POST");
                AdminServer.answer(exchange, 405, "only POST is allowed on /cse/deregister");
                return;
            }
            if (!"deregister".equals(exchange.getRequestHeaders().getFirst(CONFIRM))) {
                AdminServer.answer(exchange, 400, "send the header " + CONFIRM + ": deregister");
                return;
            }
            Optional<RegistrarLink> link = cse.registrarLink();
            if (link.isEmpty()) {
                AdminServer.answer(exchange, 409, "this CSE has no registrar (registrar.url is not set)");
                return;
            }
            try {
                AdminServer.answer(exchange, 200, link.get().deregister());
            } catch (OneM2MException e) {
                AdminServer.answer(exchange, 502, e.status().code() + " " + e.getMessage());
            } catch (RuntimeException e) {
                LOG.error("admin endpoint: de-registration failed", e);
                AdminServer.answer(exchange, 500, "internal error; see the server log");
            }
        }
    }
}
