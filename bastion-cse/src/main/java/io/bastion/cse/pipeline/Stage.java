package io.bastion.cse.pipeline;

import io.bastion.core.primitive.Response;
import io.bastion.cse.request.RequestContext;

/** One step of request processing (DESIGN.md section 1); it answers itself or passes on to the next stage. */
public interface Stage {
    Response process(RequestContext x, Chain next);

    /** The rest of the pipeline after a stage. */
    interface Chain {
        Response proceed(RequestContext x);
    }
}
