package io.bastion.core.primitive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

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
 * @param ati assigned token identifiers: Local-Token-IDs this CSE assigned to tokens of the request (TS-0004
 *        m2m:dynAuthLocalTokenIdAssignments; HTTP {@code X-M2M-ATI}), never null
 * @param cnst content status: {@link ContentStatus#PARTIAL_CONTENT} when a RETRIEVE's content was cut, else null
 *        (HTTP {@code X-M2M-CTS}, CoAP oneM2M-CTS)
 * @param cnot content offset: with a partial content, the {@code ofst} that continues where this content ends
 *        (HTTP {@code X-M2M-CTO}, CoAP oneM2M-CTO), else null
 */
public record Response(
        ResponseStatusCode rsc,
        String rqi,
        JsonNode pc,
        String to,
        String fr,
        String rvi,
        String ot,
        String location,
        List<LocalTokenId> ati,
        ContentStatus cnst,
        Integer cnot) {

    public Response {
        ati = ati == null ? List.of() : List.copyOf(ati);
    }

    /** A complete response (no content status). */
    public Response(ResponseStatusCode rsc, String rqi, JsonNode pc, String to, String fr, String rvi, String ot,
                    String location, List<LocalTokenId> ati) {
        this(rsc, rqi, pc, to, fr, rvi, ot, location, ati, null, null);
    }

    /** A response without assigned token identifiers. */
    public Response(ResponseStatusCode rsc, String rqi, JsonNode pc, String to, String fr, String rvi, String ot,
                    String location) {
        this(rsc, rqi, pc, to, fr, rvi, ot, location, List.of());
    }

    /** One {@code ltia} element: a Local-Token-ID and the tokenID it stands for. */
    public record LocalTokenId(String lti, String tkid) {
    }

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
        return e.content() != null ? of(e.status(), e.content()) : error(e.status(), e.getMessage());
    }

    public Response withRequest(Request rq, String responder) {
        return new Response(rsc, rq == null ? rqi : rq.rqi(), pc, rq == null ? to : rq.fr(), responder,
                rq == null ? rvi : rq.rvi(), ot, location, ati, cnst, cnot);
    }

    public Response withLocation(String loc) {
        return new Response(rsc, rqi, pc, to, fr, rvi, ot, loc, ati, cnst, cnot);
    }

    public Response withOt(String timestamp) {
        return new Response(rsc, rqi, pc, to, fr, rvi, timestamp, location, ati, cnst, cnot);
    }

    public Response withAti(List<LocalTokenId> assignments) {
        return new Response(rsc, rqi, pc, to, fr, rvi, ot, location, assignments, cnst, cnot);
    }

    /**
     * The content is partial (TS-0001 8.1.3 Content Status and Content Offset): {@code offset} is what a next
     * RETRIEVE gives as {@code ofst} to continue.
     */
    public Response withPartialContent(int offset) {
        return new Response(rsc, rqi, pc, to, fr, rvi, ot, location, ati, ContentStatus.PARTIAL_CONTENT, offset);
    }
}
