package io.bastion.cse.pipeline;

import io.bastion.core.primitive.Response;
import io.bastion.cse.request.Exchange;
import java.util.List;

/** The stages composed once, in order; each request walks them from the first. */
public final class Pipeline {
    private final Stage[] stages;

    public Pipeline(List<Stage> stages) {
        this.stages = stages.toArray(Stage[]::new);
    }

    public Response run(Exchange x) {
        return new Cursor(0).proceed(x);
    }

    private final class Cursor implements Stage.Chain {
        private final int index;

        Cursor(int index) {
            this.index = index;
        }

        @Override
        public Response proceed(Exchange x) {
            if (index >= stages.length) {
                throw new IllegalStateException("the last stage must answer");
            }
            return stages[index].process(x, new Cursor(index + 1));
        }
    }
}
