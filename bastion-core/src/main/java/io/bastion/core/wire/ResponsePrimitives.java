package io.bastion.core.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bastion.core.primitive.ContentStatus;
import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.primitive.Response;
import io.bastion.core.primitive.ResponseStatusCode;
import java.util.ArrayList;
import java.util.List;

/**
 * A response primitive as one object (m2m:responsePrimitive, TS-0004 table 6.4.2-1, serialized per clause 8), written
 * from a {@link Response} and read into one. Not wrapped in JSON and CBOR (TS-0004 8.4); a wrapped one is read too.
 * The address of a created resource has no parameter of its own here (HTTP's Content-Location): the created
 * resource in {@code pc} says it.
 */
public final class ResponsePrimitives {
    /** The root name of a response primitive (rsp). */
    public static final String ROOT = "m2m:rsp";
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private ResponsePrimitives() {
    }

    /** The response as a primitive: rsc and rqi always (TS-0010 6.5.2), every other parameter it has. */
    public static ObjectNode write(Response r) {
        ObjectNode p = JSON.objectNode();
        p.put("rsc", r.rsc().code());
        Members.put(p, "rqi", r.rqi());
        if (r.pc() != null && !r.pc().isNull()) {
            p.set("pc", r.pc());
        }
        Members.put(p, "to", r.to());
        Members.put(p, "fr", r.fr());
        Members.put(p, "rvi", r.rvi());
        Members.put(p, "ot", r.ot());
        if (!r.ati().isEmpty()) {
            ArrayNode ltia = p.putObject("ati").putArray("ltia");
            for (Response.LocalTokenId a : r.ati()) {
                ltia.addObject().put("lti", a.lti()).put("tkid", a.tkid());
            }
        }
        if (r.cnst() != null) {
            p.put("cnst", r.cnst().code());
        }
        Members.put(p, "cnot", r.cnot());
        return p;
    }

    /**
     * The response a primitive carries. Only {@code rsc} must be a known response status code; other members are
     * taken when well formed and otherwise left out, as the outcome is the status code.
     *
     * @throws OneM2MException 4000 when the object is no response primitive
     */
    public static Response read(JsonNode primitive) {
        JsonNode p = RequestPrimitives.unwrap(primitive, ROOT);
        if (p == null || !p.isObject() || p.get("rsc") == null) {
            throw OneM2MException.badRequest("the message is not a response primitive (no rsc)");
        }
        ResponseStatusCode rsc;
        try {
            rsc = ResponseStatusCode.fromCode(Members.integer(p.get("rsc"), "rsc"));
        } catch (IllegalArgumentException e) {
            throw OneM2MException.badRequest("rsc " + p.get("rsc") + " is not a response status code");
        }
        JsonNode pc = p.get("pc");
        return new Response(rsc, text(p, "rqi"), pc == null || pc.isNull() ? null : pc, text(p, "to"),
                text(p, "fr"), text(p, "rvi"), text(p, "ot"), null, ati(p.get("ati")), contentStatus(p.get("cnst")),
                p.path("cnot").canConvertToInt() ? p.get("cnot").intValue() : null);
    }

    private static String text(JsonNode p, String name) {
        JsonNode v = p.get(name);
        return v != null && v.isTextual() ? v.asText() : null;
    }

    private static List<Response.LocalTokenId> ati(JsonNode ati) {
        List<Response.LocalTokenId> out = new ArrayList<>();
        if (ati != null) {
            for (JsonNode a : ati.path("ltia")) {
                if (a.path("lti").isTextual() && a.path("tkid").isTextual()) {
                    out.add(new Response.LocalTokenId(a.get("lti").asText(), a.get("tkid").asText()));
                }
            }
        }
        return out;
    }

    private static ContentStatus contentStatus(JsonNode v) {
        if (v == null || !v.canConvertToInt()) {
            return null;
        }
        for (ContentStatus s : ContentStatus.values()) {
            if (s.code() == v.intValue()) {
                return s;
            }
        }
        return null;
    }
}
