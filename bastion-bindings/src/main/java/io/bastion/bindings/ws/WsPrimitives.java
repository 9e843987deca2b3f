package io.bastion.bindings.ws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bastion.bindings.http.QueryParser;
import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.primitive.Operation;
import io.bastion.core.primitive.Request;
import io.bastion.core.primitive.Response;
import io.bastion.core.primitive.ResponseStatusCode;
import io.bastion.core.text.Excerpt;
import io.bastion.core.wire.RequestPrimitives;
import io.bastion.core.wire.ResponsePrimitives;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Request and response primitives as whole serialized objects, the form TS-0020 carries in a WebSocket message
 * (5.1: "serialized representations of the request and response primitives shall be mapped in the Payload Data"),
 * with the short names of TS-0004 table 8.2.2-1. JSON and CBOR primitives are written without a root member (TS-0004
 * 8.4.2: "shall not be encapsulated under member names m2m:rqp and m2m:rsp"); one that comes encapsulated (the XML
 * form, 8.3.2) is read too and answered the same way. A request is told from a response by {@code op} and
 * {@code rsc} (TS-0020 A.1, note).
 *
 * <p>Reading is strict, as the HTTP door's query is: a parameter of the wrong type or one this CSE does not know is
 * 4000 naming it, one it knows and does not implement (da, sqi, asi, aus, auri, grtm) 5001, so that a client never
 * believes a parameter was applied when it was not. The filter criteria ({@code fc}) are checked by the same rules as
 * the HTTP door's query ({@link QueryParser}): each element becomes the query parameter TS-0009 table 6.2.2.2-1
 * names after it.
 */
final class WsPrimitives {
    static final String RQP = "m2m:rqp";
    static final String RSP = "m2m:rsp";
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    /** Request parameters of TS-0004 table 8.2.2-1 this CSE does not implement: 5001, as TS-0004 7.3.2.1 asks. */
    private static final Set<String> NOT_IMPLEMENTED = Set.of("da", "sqi", "asi", "aus", "auri", "grtm");
    /** Request parameters that are not filter criteria, which the query form would otherwise accept inside fc. */
    private static final Set<String> NOT_FILTERS = Set.of("rcn", "rt", "rp", "drt", "tqi", "rids", "tids", "ltids",
            "atrl");
    private static final int MAX_TOKENS = 16;

    private WsPrimitives() {
    }

    /** A message read: a request to process, or the answer to a request this CSE sent on the connection. */
    sealed interface Message {
        /** Whether it came under {@code m2m:rqp}/{@code m2m:rsp}; the answer is written the same way. */
        boolean wrapped();
    }

    record Inbound(Request request, boolean wrapped) implements Message {
    }

    record Answer(Response response, boolean wrapped) implements Message {
    }

    /**
     * Reads one primitive.
     *
     * @throws OneM2MException 4000 (or 5001) naming what is wrong
     */
    static Message read(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw OneM2MException.badRequest("a WebSocket message carries one request or response primitive as an "
                    + "object");
        }
        boolean wrapped = root.size() == 1 && (root.has(RQP) || root.has(RSP));
        JsonNode p = wrapped ? root.elements().next() : root;
        if (!p.isObject()) {
            throw OneM2MException.badRequest((root.has(RQP) ? RQP : RSP) + " must be an object");
        }
        if (wrapped ? root.has(RQP) : p.has("op")) {
            return new Inbound(request(p), wrapped);
        }
        if (wrapped || p.has("rsc")) {
            return new Answer(response(p), wrapped);
        }
        throw OneM2MException.badRequest("the message is neither a request primitive (op) nor a response "
                + "primitive (rsc)");
    }

    /** The rqi of a message that could not be read, when it has a textual one, to answer under it; else null. */
    static String requestIdOf(JsonNode root) {
        if (root == null || !root.isObject()) {
            return null;
        }
        JsonNode p = root.has(RQP) ? root.get(RQP) : root;
        JsonNode rqi = p == null ? null : p.get("rqi");
        return rqi != null && rqi.isTextual() && rqi.textValue().length() <= 1024 ? rqi.textValue() : null;
    }

    /** Whether a message that could not be read is a response primitive (rsc without op, or under m2m:rsp). */
    static boolean isResponse(JsonNode root) {
        return root != null && root.isObject() && (root.size() == 1 && root.has(RSP)
                || root.has("rsc") && !root.has("op"));
    }

    /** Whether a message that could not be read came under {@code m2m:rqp}. */
    static boolean wrappedRequest(JsonNode root) {
        return root != null && root.isObject() && root.size() == 1 && root.has(RQP);
    }

    private static Request request(JsonNode p) {
        int op = integer(p, "op");
        if (op < Operation.CREATE.code() || op > Operation.NOTIFY.code()) {
            throw OneM2MException.badRequest("op " + op + " is not an operation (1..5)");
        }
        Request.Builder b = Request.builder(Operation.fromCode(op), null);
        JsonNode fc = null;
        for (Iterator<Map.Entry<String, JsonNode>> it = p.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = e.getKey();
            JsonNode v = e.getValue();
            if (v.isNull()) {
                continue;
            }
            switch (name) {
                case "op" -> { }
                case "to" -> b.to(text(name, v));
                case "fr" -> b.fr(text(name, v));
                case "rqi" -> b.rqi(text(name, v));
                case "rvi" -> b.rvi(text(name, v));
                case "ty" -> b.ty(integer(name, v));
                case "pc" -> b.pc(v);
                case "rcn" -> b.rcn(integer(name, v));
                case "rt" -> responseType(v, b);
                case "rp" -> b.rp(textOrNumber(name, v));
                case "drt" -> b.drt(integer(name, v));
                case "ot" -> b.ot(textOrNumber(name, v));
                case "rqet" -> b.rqet(textOrNumber(name, v));
                case "rset" -> b.rset(textOrNumber(name, v));
                case "oet" -> b.oet(textOrNumber(name, v));
                case "ec" -> b.ec(textOrNumber(name, v));
                case "gid" -> b.gid(text(name, v));
                case "vsi" -> b.vsi(text(name, v));
                case "rids" -> b.rids(texts(name, v));
                case "tids" -> b.tids(texts(name, v));
                case "ltids" -> b.ltids(texts(name, v));
                case "tkns" -> b.tkns(tokens(v));
                case "tqi" -> {
                    if (!v.isBoolean()) {
                        throw OneM2MException.badRequest("tqi must be a boolean");
                    }
                    b.tqi(v.booleanValue());
                }
                case "fc" -> fc = v;
                default -> {
                    if (NOT_IMPLEMENTED.contains(name)) {
                        throw new OneM2MException(ResponseStatusCode.NOT_IMPLEMENTED,
                                "request parameter '" + name + "' is not supported by this CSE");
                    }
                    throw OneM2MException.badRequest("unknown request parameter '" + Excerpt.of(name) + "'");
                }
            }
        }
        if (!p.hasNonNull("to")) {
            throw OneM2MException.badRequest("to (the target of the request) is mandatory");
        }
        if (!p.hasNonNull("rqi")) {
            throw OneM2MException.badRequest("rqi (request identifier) is mandatory");
        }
        if (fc != null) {
            QueryParser.parse(filterQuery(fc), Operation.fromCode(op), b);
        }
        return b.build();
    }

    /** {@code rt}: an object {@code {"rtv": 1..4, "nu": [...]}} (m2m:responseTypeInfo). */
    private static void responseType(JsonNode v, Request.Builder b) {
        if (!v.isObject()) {
            throw OneM2MException.badRequest("rt must be an object with rtv and, for rtv 2, nu");
        }
        for (Iterator<String> it = v.fieldNames(); it.hasNext(); ) {
            String n = it.next();
            if (!n.equals("rtv") && !n.equals("nu")) {
                throw OneM2MException.badRequest("unknown element rt." + Excerpt.of(n));
            }
        }
        b.rt(integer(v, "rt.rtv"));
        JsonNode nu = v.get("nu");
        if (nu != null && !nu.isNull()) {
            b.rtu(texts("rt.nu", nu));
        }
    }

    /**
     * The filter criteria as the query TS-0009 table 6.2.2.2-1 writes them: each element by its short name, list
     * elements joined by '+', each value percent-encoded; an attribute condition ({@code atr}: {@code nm}, {@code val})
     * named by its attribute, as the query names it.
     */
    static String filterQuery(JsonNode fc) {
        if (!fc.isObject()) {
            throw OneM2MException.badRequest("fc (filter criteria) must be an object");
        }
        StringBuilder q = new StringBuilder();
        for (Iterator<Map.Entry<String, JsonNode>> it = fc.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = e.getKey();
            JsonNode v = e.getValue();
            if (NOT_FILTERS.contains(name)) {
                throw OneM2MException.badRequest("fc." + name + " is a request parameter, not a filter criterion");
            }
            if (v.isNull()) {
                continue;
            }
            if (name.equals("atr")) {
                for (JsonNode a : v.isArray() ? v : JSON.arrayNode().add(v)) {
                    JsonNode nm = a.get("nm");
                    JsonNode val = a.get("val");
                    if (!a.isObject() || nm == null || !nm.isTextual() || val == null || val.isContainerNode()) {
                        throw OneM2MException.badRequest("fc.atr holds objects with nm (an attribute name) and val");
                    }
                    pair(q, nm.textValue(), encode(val.asText()));
                }
                continue;
            }
            if (v.isArray()) {
                StringBuilder joined = new StringBuilder();
                for (JsonNode item : v) {
                    if (item.isContainerNode() || item.isNull()) {
                        throw OneM2MException.badRequest("fc." + Excerpt.of(name) + " must list plain values");
                    }
                    joined.append(joined.isEmpty() ? "" : "+").append(encode(item.asText()));
                }
                if (!joined.isEmpty()) {
                    pair(q, name, joined.toString());
                }
            } else if (v.isContainerNode()) {
                throw OneM2MException.badRequest("fc." + Excerpt.of(name) + " must be a plain value or a list");
            } else {
                pair(q, name, encode(v.asText()));
            }
        }
        return q.toString();
    }

    private static void pair(StringBuilder q, String name, String encodedValue) {
        q.append(q.isEmpty() ? "" : "&").append(encode(name)).append('=').append(encodedValue);
    }

    /** Percent-encodes all but the unreserved characters of RFC 3986, so that '+', '&' and '=' stay values. */
    static String encode(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.'
                    || c == '_' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return out.toString();
    }

    private static Response response(JsonNode p) {
        int code = integer(p, "rsc");
        ResponseStatusCode rsc;
        try {
            rsc = ResponseStatusCode.fromCode(code);
        } catch (IllegalArgumentException e) {
            throw OneM2MException.badRequest("rsc " + code + " is not a response status code");
        }
        JsonNode rqi = p.get("rqi");
        if (rqi == null || !rqi.isTextual()) {
            throw OneM2MException.badRequest("rqi of a response primitive must name the request it answers");
        }
        JsonNode pc = p.get("pc");
        return new Response(rsc, rqi.textValue(), pc == null || pc.isNull() ? null : pc, optText(p, "to"),
                optText(p, "fr"), optText(p, "rvi"), optText(p, "ot"), null);
    }

    /** A response primitive (TS-0004 table 8.2.2-1 names), {@code rqi}/{@code rvi} echoed when it has none. */
    static JsonNode write(Response rs, String rqi, String rvi, boolean wrapped) {
        ObjectNode p = ResponsePrimitives.write(rs);
        if (rs.rqi() == null) {
            put(p, "rqi", rqi);
        }
        if (rs.rvi() == null) {
            put(p, "rvi", rvi);
        }
        return wrapped ? JSON.objectNode().set(RSP, p) : p;
    }

    /** A request primitive this CSE sends on a connection (a NOTIFY to the AE at its end). */
    static JsonNode write(Request rq) {
        return RequestPrimitives.write(rq);
    }

    private static void put(ObjectNode p, String name, String value) {
        if (value != null) {
            p.put(name, value);
        }
    }

    private static int integer(JsonNode p, String name) {
        JsonNode v = p.get(name.contains(".") ? name.substring(name.indexOf('.') + 1) : name);
        if (v == null || v.isNull()) {
            throw OneM2MException.badRequest(name + " is mandatory");
        }
        return integer(name, v);
    }

    private static int integer(String name, JsonNode v) {
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < 0) {
            throw OneM2MException.badRequest(name + " must be a non-negative integer");
        }
        return v.intValue();
    }

    private static String text(String name, JsonNode v) {
        if (!v.isTextual()) {
            throw OneM2MException.badRequest(name + " must be a string");
        }
        return v.textValue();
    }

    /** A parameter whose XSD type is a string or a number (timestamps or durations, event categories). */
    private static String textOrNumber(String name, JsonNode v) {
        if (v.isTextual()) {
            return v.textValue();
        }
        if (v.isIntegralNumber() && v.canConvertToLong()) {
            return Long.toString(v.longValue());
        }
        throw OneM2MException.badRequest(name + " must be a string or an integer");
    }

    private static String optText(JsonNode p, String name) {
        JsonNode v = p.get(name);
        return v != null && v.isTextual() ? v.textValue() : null;
    }

    private static List<String> texts(String name, JsonNode v) {
        if (!v.isArray()) {
            throw OneM2MException.badRequest(name + " must be a list of strings");
        }
        List<String> out = new ArrayList<>(v.size());
        for (JsonNode item : v) {
            out.add(text(name + " element", item));
        }
        return out;
    }

    /** {@code tkns}: a list of compact JWS/JWE tokens, at most as many as the HTTP door takes. */
    private static List<String> tokens(JsonNode v) {
        List<String> out = texts("tkns", v);
        if (out.size() > MAX_TOKENS) {
            throw OneM2MException.badRequest("tkns carries more than " + MAX_TOKENS + " tokens");
        }
        return out;
    }
}
