package io.bastion.cse.resource;

import io.bastion.core.primitive.Response;
import io.bastion.core.resource.Resource;
import io.bastion.cse.request.RequestContext;
import java.util.function.Function;

/**
 * What a type's virtual child may do with a request ({@link TypeBehaviour#onVirtualChild}): run a generic procedure on
 * a stored resource it stands for, or send new requests through the whole pipeline (a group's fan-out).
 */
public final class Procedures {
    private final ResourceOperations ops;
    private final Function<RequestContext, Response> pipeline;

    /** @param pipeline runs a request through the whole pipeline, from its first stage */
    public Procedures(ResourceOperations ops, Function<RequestContext, Response> pipeline) {
        this.ops = ops;
        this.pipeline = pipeline;
    }

    /** A RETRIEVE of {@code r} on behalf of the request. */
    public Response retrieve(RequestContext x, Resource r) {
        return ops.retrieve(x, r);
    }

    /** A DELETE of {@code r} on behalf of the request. */
    public Response delete(RequestContext x, Resource r) {
        return ops.delete(x, r);
    }

    /** Processes another request through every stage, as if it had come through a door. */
    public Response run(RequestContext x) {
        return pipeline.apply(x);
    }
}
