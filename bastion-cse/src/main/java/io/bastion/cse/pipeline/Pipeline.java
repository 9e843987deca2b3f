package io.bastion.cse.pipeline;

import io.bastion.core.primitive.Response;
import io.bastion.cse.request.RequestContext;
import java.util.List;
import java.util.function.Function;

/** The stages composed once, in order; each request walks them from the first. */
public final class Pipeline {
    private final Stage[] stages;

    /**
     * The stages that {@code compose} makes in order, given the pipeline they belong to, for a stage that runs
     * requests through it again (a group's fan-out sends each member request from the first stage). The pipeline
     * may be run only once it is built.
     */
    public Pipeline(Function<Pipeline, List<Stage>> compose) {
        this.stages = compose.apply(this).toArray(Stage[]::new);
    }

    public Response run(RequestContext x) {
        return new Cursor(0).proceed(x);
    }

    /**
     * As {@link #run}, waiting for a response the CSE holds ({@link RequestContext#held}, a long poll or a request
     * waiting for a polling AE's answer), for a caller that has a thread to spare and must have the real answer (the
     * performing of an accepted non-blocking request).
     */
    public Response runToTheEnd(RequestContext x) {
        Response r = run(x);
        return x.held() == null ? r : x.held().join();
    }

    private final class Cursor implements Stage.Chain {
        private final int index;

        Cursor(int index) {
            this.index = index;
        }

        @Override
        public Response proceed(RequestContext x) {
            if (index >= stages.length) {
                throw new IllegalStateException("the last stage must answer");
            }
            return stages[index].process(x, new Cursor(index + 1));
        }
    }
}
