package io.bastion.cse.pipeline;

import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.primitive.Response;
import io.bastion.core.primitive.ResponseStatusCode;
import io.bastion.core.time.Timestamps;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shapes every response (stage 8): echoes rqi/rvi/to, stamps the responder and time, and turns failures of the
 * later stages into responses. It sits first in the chain so that it sees what every other stage answers.
 */
public final class ShapeStage implements Stage {
    private static final Logger LOG = LoggerFactory.getLogger(ShapeStage.class);

    private final String cseId;
    private final Clock clock;

    public ShapeStage(String cseId, Clock clock) {
        this.cseId = cseId;
        this.clock = clock;
    }

    @Override
    public Response process(Exchange x, Chain next) {
        Response r;
        try {
            r = next.proceed(x);
        } catch (OneM2MException e) {
            r = Response.error(e);
        } catch (RuntimeException e) {
            // A bug, not a client error: log it with the request id, answer without internals.
            LOG.error("internal error processing request rqi={} op={} to={}", x.request().rqi(), x.request().op(),
                    x.request().to(), e);
            r = Response.error(ResponseStatusCode.INTERNAL_SERVER_ERROR,
                    "internal error while processing request " + x.request().rqi());
        }
        if (!x.ati().isEmpty()) {
            r = r.withAti(x.ati());
        }
        return r.withRequest(x.request(), cseId).withOt(Timestamps.format(clock.instant()));
    }
}
