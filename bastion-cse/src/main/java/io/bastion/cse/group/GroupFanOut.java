package io.bastion.cse.group;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.primitive.Request;
import io.bastion.core.primitive.Response;
import io.bastion.core.primitive.ResponseStatusCode;
import io.bastion.core.resource.Resource;
import io.bastion.cse.request.Target;
import io.bastion.cse.address.TargetResolver;
import io.bastion.cse.request.RequestContext;
import java.util.function.Function;

/**
 * The {@code fopt} virtual resource (TS-0001 10.2.7.6): repeats the request for every member (with the rest of the
 * address appended), through the whole pipeline so that each member's own access control applies, and
 * aggregates the answers as {@code m2m:agr}. Nesting through groups of groups is bounded.
 */
public final class GroupFanOut {
    private static final int MAX_DEPTH = 3;

    private final TargetResolver resolver;

    public GroupFanOut(TargetResolver resolver) {
        this.resolver = resolver;
    }

    /** @param pipeline runs a member request through the whole pipeline, from its first stage */
    public Response fanOut(RequestContext x, Target t, Function<RequestContext, Response> pipeline) {
        if (x.depth() >= MAX_DEPTH) {
            throw OneM2MException.badRequest("group fan-out nested deeper than " + MAX_DEPTH + " levels");
        }
        Resource group = t.resource();
        ArrayNode rsps = JsonNodeFactory.instance.arrayNode();
        for (String member : GroupBehaviour.members(group)) {
            String base = memberPath(member);
            String to = t.rest().isEmpty() ? base : base + "/" + t.rest();
            // Each member request gets its own content tree: processing a create or update consumes it.
            Request rq = x.request().toBuilder().to(to).rqi(x.request().rqi())
                    .pc(x.request().pc() == null ? null : x.request().pc().deepCopy()).build();
            Response r = pipeline.apply(member(x, rq));
            ObjectNode rsp = rsps.addObject();
            rsp.put("rsc", r.rsc().code());
            rsp.put("rqi", x.request().rqi());
            rsp.put("to", x.request().originator());
            rsp.put("fr", member);
            if (r.pc() != null) {
                rsp.set("pc", r.pc());
            }
            if (r.cnst() != null) {
                rsp.put("cnst", r.cnst().code());
                rsp.put("cnot", r.cnot());
            }
        }
        ObjectNode agr = JsonNodeFactory.instance.objectNode();
        agr.putObject("m2m:agr").set("m2m:rsp", rsps);
        return Response.of(ResponseStatusCode.OK, agr);
    }

    /** A member request, processed for the same originator and peer, one level deeper. */
    private static RequestContext member(RequestContext x, Request rq) {
        // Part of the same request: the same request time.
        RequestContext m = new RequestContext(rq, x.peer(), x.received());
        m.depth(x.depth() + 1);
        return m;
    }

    /** A member's structured path, so that a sub-path can be appended to it. */
    private String memberPath(String member) {
        try {
            return resolver.resolve(member).resource().path();
        } catch (OneM2MException e) {
            return member; // the member request will answer not found
        }
    }
}
