package io.bastion.core.primitive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A protocol-neutral oneM2M response primitive ({@code m2m:rsp}).
 *
 * @param rsc response status code
 * @param rqi request identifier, echoed from the request
 * @param pc content, or null
 * @param to the originator of the request, echoed
 * @param fr the responder (this CSE's ID)
 * @param rvi release version indicator, echoed
 * @param ot originating timestamp of the response
 * @param location the address of a created resource (HTTP {@code Content-Location}), or null
 */
public record Response(
        ResponseStatusCode rsc,
        String rqi,
        JsonNode pc,
        String to,
        String fr,
        String rvi,
        String ot,
        String location) {

    public static Response of(ResponseStatusCode rsc, JsonNode pc) {
        return new Response(rsc, null, pc, null, null, null, null, null);
    }

    /** An error response whose content is {@code {"m2m:dbg": message}}: the one-line reason for the client. */
    public static Response error(ResponseStatusCode rsc, String message) {
        ObjectNode dbg = JsonNodeFactory.instance.objectNode();
        dbg.put("m2m:dbg", message);
        return of(rsc, dbg);
    }

    public static Response error(OneM2MException e) {
        return error(e.status(), e.getMessage());
    }

    public Response withRequest(Request rq, String responder) {
        return new Response(rsc, rq == null ? rqi : rq.rqi(), pc, rq == null ? to : rq.fr(), responder,
                rq == null ? rvi : rq.rvi(), ot, location);
    }

    public Response withLocation(String loc) {
        return new Response(rsc, rqi, pc, to, fr, rvi, ot, loc);
    }

    public Response withOt(String timestamp) {
        return new Response(rsc, rqi, pc, to, fr, rvi, timestamp, location);
    }
}
