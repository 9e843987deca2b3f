package io.bastion.server.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.bastion.cse.Cse;
import io.bastion.cse.mcc.RegistrarLink;
import java.io.IOException;

/**
 * {@code GET /health}: that the CSE serves, and where its registration with its registrar stands
 * ({@code registration.state}: {@code none} without a registrar, else {@code registering}, {@code registered},
 * {@code retrying} with the reason and the next attempt, {@code deregistered} or {@code stopped}).
 */
final class HealthHandler implements HttpHandler {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Cse cse;

    HealthHandler(Cse cse) {
        this.cse = cse;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("GET")) {
                exchange.getResponseHeaders().set("Allow", "GET");
                AdminServer.answer(exchange, 405, "only GET is allowed on /health");
                return;
            }
            AdminServer.send(exchange, 200, "application/json",
                    JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(render(cse)));
        }
    }

    static ObjectNode render(Cse cse) {
        ObjectNode o = JSON.createObjectNode();
        o.put("status", "up");
        o.put("cseId", cse.config().cseId());
        ObjectNode reg = o.putObject("registration");
        if (cse.registrarLink().isEmpty()) {
            reg.put("state", "none");
            return o;
        }
        RegistrarLink.Status s = cse.registrarLink().get().status();
        reg.put("state", s.state().label());
        reg.put("registrar", s.registrar());
        reg.put("url", s.url());
        reg.put("since", s.since().toString());
        if (s.failures() > 0) {
            reg.put("failures", s.failures());
        }
        if (s.problem() != null) {
            reg.put("problem", s.problem());
        }
        if (s.nextAttempt() != null) {
            reg.put("nextAttempt", s.nextAttempt().toString());
        }
        return o;
    }
}
