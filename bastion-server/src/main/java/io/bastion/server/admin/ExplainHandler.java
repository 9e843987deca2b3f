package io.bastion.server.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.primitive.Operation;
import io.bastion.core.resource.ResourceType;
import io.bastion.core.resource.ResourceTypes;
import io.bastion.core.text.Excerpt;
import io.bastion.core.time.Timestamps;
import io.bastion.cse.Cse;
import io.bastion.cse.audit.AuditEntry;
import io.bastion.cse.explain.Explanation;
import io.bastion.cse.explain.Presented;
import io.bastion.security.acp.CidrBlock;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URLDecoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /explain?from=…&op=…&to=…[&ty=N][&ip=ADDR][&at=TIME][&rids=ID,…][&tids=ID,…][&via=CSE-ID]}: the
 * decision the running CSE would make for that request and why ({@link Cse#explain}), as JSON; with {@code via}, for
 * the request arriving over a security association proving that CSE-ID, with the Registrar's handover decision and
 * its route in {@code mcc}. Tokens ({@code tkns}) come as in a oneM2M
 * HTTP request, in the {@code Authorization} header ({@code Bearer t1+t2}), never in the query: a token is a bearer
 * credential, and URLs end up in logs and shell histories. Bad parameters are a 400 with one line of text; nothing is
 * ever answered with a stack trace.
 */
final class ExplainHandler implements HttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ExplainHandler.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> PARAMETERS = Set.of("from", "op", "to", "ty", "ip", "at", "rids", "tids",
            "via");
    /** As many tokens, Token-IDs and Role-IDs as a request may carry (RequestTokens, RoleRepository). */
    private static final int MAX_LIST = 16;
    private static final int MAX_QUERY = 8192;

    private final Cse cse;

    ExplainHandler(Cse cse) {
        this.cse = cse;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestURI().getRawPath().equals("/explain")) {
                AdminServer.answer(exchange, 404, "not found; the admin endpoint serves GET /explain, GET /health and POST /cse/deregister");
                return;
            }
            if (!exchange.getRequestMethod().equals("GET")) {
                exchange.getResponseHeaders().set("Allow", "GET");
                AdminServer.answer(exchange, 405, "only GET is allowed on /explain");
                return;
            }
            Explanation e;
            try {
                Map<String, String> q = query(exchange.getRequestURI().getRawQuery());
                Presented presented = new Presented(
                        tokens(exchange.getRequestHeaders().getFirst("Authorization")),
                        list(q.get("tids"), "tids"), list(q.get("rids"), "rids"));
                e = cse.explain(required(q, "from"), operation(required(q, "op")), type(q.get("ty")),
                        required(q, "to"), ip(q.get("ip")), time(q.get("at")), presented, q.get("via"));
            } catch (IllegalArgumentException | OneM2MException ex) {
                AdminServer.answer(exchange, 400, oneLine(ex.getMessage()));
                return;
            }
            AdminServer.send(exchange, 200, "application/json", JSON.writerWithDefaultPrettyPrinter()
                    .writeValueAsBytes(render(e)));
        } catch (RuntimeException ex) {
            LOG.error("admin endpoint: internal error answering {}", exchange.getRequestURI().getRawPath(), ex);
            AdminServer.answer(exchange, 500, "internal error; see the server log");
        }
    }

    static ObjectNode render(Explanation e) {
        ObjectNode o = JSON.createObjectNode();
        o.put("decision", e.permitted() ? "PERMIT" : "DENY");
        if (e.status() != null) {
            o.put("rsc", e.status().code());
            o.put("status", e.status().name());
        }
        o.put("step", e.step());
        o.put("summary", e.decision().summary());
        o.put("explain", e.decision().explain());
        ArrayNode trail = o.putArray("trail");
        AuditEntry.trail(e.decision()).forEach(trail::add);
        o.put("originator", e.originator());
        o.put("op", e.operation().name().toLowerCase(Locale.ROOT));
        if (e.childType() != null) {
            o.put("ty", e.childType());
        }
        o.put("to", e.to());
        if (e.targetRi() == null) {
            o.putNull("target");
        } else {
            ObjectNode t = o.putObject("target");
            t.put("ri", e.targetRi());
            t.put("path", e.targetPath());
            if (e.virtual() != null) {
                t.put("virtual", e.virtual());
            }
        }
        o.put("decidedOn", e.decidedOn());
        o.put("rules", e.rules());
        o.put("privileges", e.privileges());
        ArrayNode policies = o.putArray("policies");
        e.policies().forEach(policies::add);
        o.put("time", e.requestTime().toString());
        o.put("ip", e.remoteIp());
        ArrayNode notes = o.putArray("notes");
        e.notes().forEach(notes::add);
        ArrayNode credentials = o.putArray("credentials");
        e.credentials().forEach(credentials::add);
        ArrayNode refused = o.putArray("refused");
        e.refused().forEach(refused::add);
        ArrayNode dynamic = o.putArray("dynamic");
        e.dynamic().forEach(dynamic::add);
        ArrayNode mcc = o.putArray("mcc");
        e.mcc().forEach(mcc::add);
        return o;
    }

    /** Compact tokens from {@code Authorization: [Bearer ]t1+t2}, as the HTTP binding reads {@code tkns}. */
    static List<String> tokens(String header) {
        if (header == null || header.isBlank()) {
            return List.of();
        }
        String v = header.trim();
        int space = v.indexOf(' ');
        int plus = v.indexOf('+');
        if (space > 0 && (plus < 0 || space < plus)) {
            if (!v.substring(0, space).equalsIgnoreCase("Bearer")) {
                throw new IllegalArgumentException("the Authorization header carries oneM2M tokens joined by '+', "
                        + "optionally after 'Bearer'");
            }
            v = v.substring(space + 1);
        }
        return list(v.replace('+', ','), "tokens (Authorization)");
    }

    /** A list given as {@code a,b} (commas, or spaces: a {@code +} in a query decodes to a space). */
    static List<String> list(String v, String name) {
        if (v == null || v.isBlank()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String part : v.trim().split("[,\\s]+")) {
            if (!part.isEmpty()) {
                out.add(part);
            }
        }
        if (out.size() > MAX_LIST) {
            throw new IllegalArgumentException("more than " + MAX_LIST + " " + name + " in one request");
        }
        return out;
    }

    static Map<String, String> query(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        if (raw.length() > MAX_QUERY) {
            throw new IllegalArgumentException("query longer than " + MAX_QUERY + " characters");
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            if (!PARAMETERS.contains(name)) {
                throw new IllegalArgumentException("unknown parameter '" + Excerpt.of(name)
                        + "'; known: from, op, to, ty, ip, at, rids, tids, via (tokens go in the Authorization "
                        + "header)");
            }
            if (out.put(name, value) != null) {
                throw new IllegalArgumentException("parameter '" + name + "' given twice");
            }
        }
        return out;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("malformed percent-encoding in the query");
        }
    }

    private static String required(Map<String, String> q, String name) {
        String v = q.get(name);
        if (v == null) {
            throw new IllegalArgumentException("missing parameter '" + name + "'");
        }
        return v;
    }

    /** create, retrieve, update, delete, notify or discovery (any case). */
    static Operation operation(String op) {
        return switch (op.toLowerCase(Locale.ROOT)) {
            case "create" -> Operation.CREATE;
            case "retrieve" -> Operation.RETRIEVE;
            case "update" -> Operation.UPDATE;
            case "delete" -> Operation.DELETE;
            case "notify" -> Operation.NOTIFY;
            case "discovery", "discover" -> Operation.DISCOVERY;
            default -> throw new IllegalArgumentException("op must be one of create, retrieve, update, delete, "
                    + "notify, discovery (not '" + Excerpt.of(op) + "')");
        };
    }

    /** A resource type number, or the short name of a supported type ({@code cnt}, {@code cin}, …). */
    static Integer type(String ty) {
        if (ty == null) {
            return null;
        }
        if (!ty.isEmpty() && ty.length() <= 6 && ty.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return Integer.parseInt(ty);
        }
        for (int n : ResourceTypes.supported()) {
            ResourceType t = ResourceTypes.get(n);
            if (t.shortName().equalsIgnoreCase(ty) || t.rootName().equalsIgnoreCase(ty)) {
                return n;
            }
        }
        throw new IllegalArgumentException("ty must be a resource type number or a short name such as cnt or cin "
                + "(not '" + Excerpt.of(ty) + "')");
    }

    /** An IPv4 or IPv6 literal; never a name (no lookup is made). */
    static InetAddress ip(String ip) {
        if (ip == null || ip.isEmpty()) {
            return null;
        }
        try {
            if (ip.indexOf('/') >= 0) {
                throw new IllegalArgumentException("x");
            }
            if (ip.indexOf(':') >= 0) {
                CidrBlock.parseIpv6(ip);
            } else {
                CidrBlock.parseIpv4(ip);
            }
            return InetAddress.getByName(ip); // a validated literal: no name lookup
        } catch (IllegalArgumentException | UnknownHostException e) {
            throw new IllegalArgumentException("ip must be an IPv4 or IPv6 address (not '" + Excerpt.of(ip) + "')");
        }
    }

    /** A oneM2M timestamp ({@code 20261123T120000}, UTC unless an offset is given) or ISO 8601 with an offset. */
    static Instant time(String at) {
        if (at == null || at.isEmpty()) {
            return null;
        }
        if (at.indexOf('-') > 0 && at.indexOf('T') > 0 && at.indexOf('-') < at.indexOf('T')) {
            try {
                return Instant.parse(at);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("at must be a timestamp like 20261123T120000 or "
                        + "2026-11-23T12:00:00Z (not '" + Excerpt.of(at) + "')");
            }
        }
        try {
            return Timestamps.parse(at, "at");
        } catch (OneM2MException e) {
            throw new IllegalArgumentException("at must be a timestamp like 20261123T120000 or "
                    + "2026-11-23T12:00:00Z (not '" + Excerpt.of(at) + "')");
        }
    }

    private static String oneLine(String s) {
        if (s == null) {
            return "bad request";
        }
        return s.replace('\r', ' ').replace('\n', ' ');
    }
}
