package io.bastion.core.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.primitive.Operation;
import io.bastion.core.primitive.Request;
import io.bastion.core.text.Excerpt;
import java.util.Map;

/**
 * A request primitive as one object (m2m:requestPrimitive, TS-0004 table 6.4.1-1, serialized per clause 8) read into a
 * {@link Request} and written from one. JSON and CBOR primitives are not wrapped (TS-0004 8.4: "shall not be
 * encapsulated under member names m2m:rqp"); an object whose only member is {@code m2m:rqp} is read as its content,
 * as some originators send it and XML has that root. Every member is checked for its type (4000 naming it); whether
 * the mandatory ones are present is the CSE's validation, as for every door. A member this CSE does not know is 4000.
 */
public final class RequestPrimitives {
    /** The root name of a request primitive (TS-0004 8.2.3, table 8.2.3-x: rqp). */
    public static final String ROOT = "m2m:rqp";
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private RequestPrimitives() {
    }

    /** The request a primitive carries; 4000 naming the member that is malformed or unknown. */
    public static Request read(JsonNode primitive) {
        JsonNode p = unwrap(primitive, ROOT);
        if (p == null || !p.isObject()) {
            throw OneM2MException.badRequest("the message is not a request primitive (an object of op, to, fr, rqi, "
                    + "rvi…, TS-0004 table 6.4.1-1)");
        }
        JsonNode op = p.get("op");
        if (op == null) {
            throw OneM2MException.badRequest("the request primitive has no operation (op)");
        }
        int code = Members.integer(op, "op");
        Operation operation;
        try {
            operation = Operation.fromCode(code);
        } catch (RuntimeException e) {
            throw OneM2MException.badRequest("op " + code + " is not an operation (1 to 5)");
        }
        Request.Builder b = Request.builder(operation, null);
        for (Map.Entry<String, JsonNode> m : p.properties()) {
            String name = m.getKey();
            JsonNode v = m.getValue();
            if (v.isNull()) {
                continue;
            }
            switch (name) {
                case "op" -> { }
                case "to" -> b.to(Members.text(v, "to"));
                case "fr" -> b.fr(Members.text(v, "fr"));
                case "rqi" -> b.rqi(Members.text(v, "rqi"));
                case "rvi" -> b.rvi(Members.textOrNumber(v, "rvi"));
                case "ty" -> b.ty(Members.integer(v, "ty"));
                case "pc" -> b.pc(v);
                case "rcn" -> b.rcn(Members.integer(v, "rcn"));
                case "rt" -> responseType(v, b);
                case "rp" -> b.rp(Members.text(v, "rp"));
                case "drt" -> b.drt(Members.integer(v, "drt"));
                case "fc" -> b.fc(FilterCriteriaForm.read(v));
                case "ot" -> b.ot(Members.text(v, "ot"));
                case "rqet" -> b.rqet(Members.text(v, "rqet"));
                case "rset" -> b.rset(Members.text(v, "rset"));
                case "oet" -> b.oet(Members.text(v, "oet"));
                case "ec" -> b.ec(Members.textOrNumber(v, "ec"));
                case "gid" -> b.gid(Members.text(v, "gid"));
                case "vsi" -> b.vsi(Members.text(v, "vsi"));
                case "rids" -> b.rids(Members.texts(v, "rids"));
                case "tkns" -> b.tkns(Members.texts(v, "tkns", Members.MAX_TOKEN));
                case "tids" -> b.tids(Members.texts(v, "tids"));
                case "ltids" -> b.ltids(Members.texts(v, "ltids"));
                case "tqi" -> b.tqi(Members.bool(v, "tqi"));
                default -> throw OneM2MException.badRequest("unknown request parameter " + Excerpt.of(name)
                        + " (TS-0004 table 6.4.1-1)");
            }
        }
        return b.build();
    }

    /** The request as a primitive: every parameter it has, short names, no root (TS-0004 8.4). */
    public static ObjectNode write(Request rq) {
        ObjectNode p = JSON.objectNode();
        p.put("op", rq.op().code());
        Members.put(p, "to", rq.to());
        Members.put(p, "fr", rq.fr());
        Members.put(p, "rqi", rq.rqi());
        Members.put(p, "rvi", rq.rvi());
        Members.put(p, "ty", rq.ty());
        if (rq.pc() != null && !rq.pc().isNull()) {
            p.set("pc", rq.pc());
        }
        Members.put(p, "rcn", rq.rcn());
        if (rq.rt() != null || rq.rtu() != null) {
            ObjectNode rt = p.putObject("rt");
            Members.put(rt, "rtv", rq.rt());
            if (rq.rtu() != null) {
                rq.rtu().forEach(rt.putArray("nu")::add);
            }
        }
        Members.put(p, "rp", rq.rp());
        Members.put(p, "drt", rq.drt());
        ObjectNode fc = FilterCriteriaForm.write(rq.fc());
        if (fc != null) {
            p.set("fc", fc);
        }
        Members.put(p, "ot", rq.ot());
        Members.put(p, "rqet", rq.rqet());
        Members.put(p, "rset", rq.rset());
        Members.put(p, "oet", rq.oet());
        Members.put(p, "ec", rq.ec());
        Members.put(p, "gid", rq.gid());
        Members.put(p, "vsi", rq.vsi());
        Members.putTexts(p, "rids", rq.rids());
        Members.putTexts(p, "tkns", rq.tkns());
        Members.putTexts(p, "tids", rq.tids());
        Members.putTexts(p, "ltids", rq.ltids());
        Members.put(p, "tqi", rq.tqi());
        return p;
    }

    /** {@code rt}: m2m:responseTypeInfo {@code {rtv, nu}}; a bare number is taken as its rtv. */
    private static void responseType(JsonNode v, Request.Builder b) {
        if (v.isIntegralNumber()) {
            b.rt(Members.integer(v, "rt"));
            return;
        }
        if (!v.isObject()) {
            throw OneM2MException.badRequest("rt must be a responseTypeInfo {rtv, nu}");
        }
        for (Map.Entry<String, JsonNode> m : v.properties()) {
            switch (m.getKey()) {
                case "rtv" -> b.rt(Members.integer(m.getValue(), "rt.rtv"));
                case "nu" -> b.rtu(Members.texts(m.getValue(), "rt.nu"));
                default -> throw OneM2MException.badRequest("unknown member rt." + Excerpt.of(m.getKey()));
            }
        }
    }

    /** The content of {@code {"<root>": {...}}} when that is the object's only member, else the object itself. */
    static JsonNode unwrap(JsonNode p, String root) {
        if (p != null && p.isObject() && p.size() == 1 && p.has(root)) {
            return p.get(root);
        }
        return p;
    }
}
