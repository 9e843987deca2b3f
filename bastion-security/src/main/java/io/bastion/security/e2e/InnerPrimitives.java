package io.bastion.security.e2e;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.primitive.Operation;
import io.bastion.core.primitive.Request;
import io.bastion.core.primitive.Response;
import io.bastion.core.primitive.ResponseStatusCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * The JSON serialization of inner primitives (TS-0003 8.4.2 C.2, NOTE 3): a request as {@code {"m2m:rqp":{...}}}
 * and a response as {@code {"m2m:rsp":{...}}}, with the short names of TS-0004 8.2.3. An inner request carries the
 * parameters a protected CRUD or NOTIFY needs ({@code op, to, fr, rqi, rvi, ty, pc, rcn, drt, ot, rqet, rset, ec});
 * anything else is refused (4000), because a parameter silently dropped inside a protected request would change its
 * meaning. An inner response carries {@code rsc, rqi, pc, to, fr, rvi, ot}.
 */
public final class InnerPrimitives {
    public static final String RQP = "m2m:rqp";
    public static final String RSP = "m2m:rsp";
    private static final Set<String> REQUEST = Set.of("op", "to", "fr", "rqi", "rvi", "ty", "pc", "rcn", "drt", "ot",
            "rqet", "rset", "ec");
    private static final Set<String> RESPONSE = Set.of("rsc", "rqi", "pc", "to", "fr", "rvi", "ot");

    private InnerPrimitives() {
    }

    public static byte[] requestBytes(Request rq) {
        ObjectNode p = E2eJson.NODES.objectNode();
        p.put("op", rq.op().code());
        p.put("to", rq.to());
        putText(p, "fr", rq.fr());
        p.put("rqi", rq.rqi());
        putText(p, "rvi", rq.rvi());
        if (rq.ty() != null) {
            p.put("ty", rq.ty());
        }
        if (rq.pc() != null && !rq.pc().isNull()) {
            p.set("pc", rq.pc());
        }
        if (rq.rcn() != null) {
            p.put("rcn", rq.rcn());
        }
        if (rq.drt() != null) {
            p.put("drt", rq.drt());
        }
        putText(p, "ot", rq.ot());
        putText(p, "rqet", rq.rqet());
        putText(p, "rset", rq.rset());
        putText(p, "ec", rq.ec());
        return bytes(E2eJson.NODES.objectNode().set(RQP, p));
    }

    /**
     * Parses an inner request.
     *
     * @throws OneM2MException 4000 naming what is wrong
     */
    public static Request request(byte[] json) {
        JsonNode p = root(json, RQP, REQUEST);
        int op = E2eJson.integer(p.get("op"), RQP + ".op");
        if (op < Operation.CREATE.code() || op > Operation.NOTIFY.code()) {
            throw E2eJson.invalid(RQP + ".op", op + " is not an operation (1..5)");
        }
        Request.Builder b = Request.builder(Operation.fromCode(op), text(p, "to", true));
        b.fr(text(p, "fr", false)).rqi(text(p, "rqi", true)).rvi(text(p, "rvi", false))
                .ot(text(p, "ot", false)).rqet(text(p, "rqet", false)).rset(text(p, "rset", false))
                .ec(text(p, "ec", false));
        if (p.has("ty")) {
            b.ty(E2eJson.integer(p.get("ty"), RQP + ".ty"));
        }
        if (p.has("rcn")) {
            b.rcn(E2eJson.integer(p.get("rcn"), RQP + ".rcn"));
        }
        if (p.has("drt")) {
            b.drt(E2eJson.integer(p.get("drt"), RQP + ".drt"));
        }
        if (p.has("pc")) {
            b.pc(p.get("pc"));
        }
        return b.build();
    }

    public static byte[] responseBytes(Response r) {
        ObjectNode p = E2eJson.NODES.objectNode();
        p.put("rsc", r.rsc().code());
        putText(p, "rqi", r.rqi());
        if (r.pc() != null && !r.pc().isNull()) {
            p.set("pc", r.pc());
        }
        putText(p, "to", r.to());
        putText(p, "fr", r.fr());
        putText(p, "rvi", r.rvi());
        putText(p, "ot", r.ot());
        return bytes(E2eJson.NODES.objectNode().set(RSP, p));
    }

    /** Parses an inner response; 4000 naming what is wrong. */
    public static Response response(byte[] json) {
        JsonNode p = root(json, RSP, RESPONSE);
        int code = E2eJson.integer(p.get("rsc"), RSP + ".rsc");
        ResponseStatusCode rsc;
        try {
            rsc = ResponseStatusCode.fromCode(code);
        } catch (IllegalArgumentException e) {
            throw E2eJson.invalid(RSP + ".rsc", code + " is not a response status code");
        }
        return new Response(rsc, text(p, "rqi", false), p.get("pc"), text(p, "to", false), text(p, "fr", false),
                text(p, "rvi", false), text(p, "ot", false), null);
    }

    private static JsonNode root(byte[] json, String root, Set<String> members) {
        JsonNode n;
        try {
            n = E2eJson.MAPPER.readTree(json);
        } catch (IOException e) {
            throw OneM2MException.badRequest("the inner primitive is not JSON");
        }
        if (n == null || !n.isObject() || n.size() != 1 || !n.has(root)) {
            throw OneM2MException.badRequest("the inner primitive must be {\"" + root + "\":{...}}");
        }
        return E2eJson.object(n.get(root), root, members);
    }

    private static String text(JsonNode p, String name, boolean required) {
        JsonNode v = p.get(name);
        if (v == null || v.isNull()) {
            if (required) {
                throw E2eJson.invalid("the inner primitive's " + name, "missing");
            }
            return null;
        }
        if (!v.isTextual()) {
            throw E2eJson.invalid("the inner primitive's " + name, "must be a string");
        }
        return v.textValue();
    }

    private static void putText(ObjectNode p, String name, String v) {
        if (v != null) {
            p.put(name, v);
        }
    }

    private static byte[] bytes(JsonNode n) {
        try {
            return E2eJson.MAPPER.writeValueAsString(n).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
