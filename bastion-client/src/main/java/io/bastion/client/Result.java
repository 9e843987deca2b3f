package io.bastion.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.bastion.core.primitive.Response;
import io.bastion.core.primitive.ResponseStatusCode;
import java.util.ArrayList;
import java.util.List;

/**
 * A successful answer of the CSE: its response primitive with the accessors an AE needs (the status code, the
 * resource in the content, the created resource's address, the {@code m2m:dbg} a CSE may add).
 *
 * @param response the response primitive as read from the wire
 */
public record Result(Response response) {

    /** The response status code, e.g. 2001 CREATED. */
    public ResponseStatusCode rsc() {
        return response.rsc();
    }

    /** The primitive content, e.g. {@code {"m2m:cin": {...}}}; a missing node when the answer had none. */
    public JsonNode content() {
        return response.pc() == null ? MissingNode.getInstance() : response.pc();
    }

    /**
     * The resource in the content: the value under its single root ({@code m2m:cin}, {@code m2m:ae}…), the resource
     * representation TS-0004 7.2.1 puts there; a missing node when the content has no single root.
     */
    public JsonNode resource() {
        JsonNode pc = content();
        if (!pc.isObject() || pc.size() != 1) {
            return MissingNode.getInstance();
        }
        return pc.elements().next();
    }

    /** The root name of the content ({@code m2m:cin}), or null when it has no single root. */
    public String root() {
        JsonNode pc = content();
        if (!pc.isObject() || pc.size() != 1) {
            return null;
        }
        return pc.properties().iterator().next().getKey();
    }

    /** The resource's {@code ri}, or null. */
    public String ri() {
        return text(resource().get("ri"));
    }

    /** An attribute of the resource as text ({@code con}, {@code aei}…), or null when absent. */
    public String attribute(String shortName) {
        return text(resource().get(shortName));
    }

    /** The address of a created resource (HTTP {@code Content-Location}), or null. */
    public String location() {
        return response.location();
    }

    /** The one-line reason a CSE may add ({@code m2m:dbg}), or null. */
    public String dbg() {
        return dbgOf(response);
    }

    /** The list of addresses of a discovery result ({@code m2m:uril}); empty when the content is not one. */
    public List<String> uris() {
        JsonNode uril = content().path("m2m:uril");
        List<String> out = new ArrayList<>(uril.size());
        uril.forEach(u -> out.add(u.asText()));
        return List.copyOf(out);
    }

    static String dbgOf(Response r) {
        JsonNode pc = r.pc();
        return pc == null ? null : text(pc.get("m2m:dbg"));
    }

    private static String text(JsonNode n) {
        return n == null || n.isNull() || n.isMissingNode() ? null : n.isValueNode() ? n.asText() : n.toString();
    }
}
