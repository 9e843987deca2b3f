package io.bastion.cse.pipeline;

import io.bastion.core.log.RateLimitedLog;
import io.bastion.core.primitive.ErrorFallback;
import io.bastion.core.primitive.Response;
import io.bastion.core.time.Timestamps;
import io.bastion.cse.request.RequestContext;
import java.time.Clock;
import org.slf4j.LoggerFactory;

/**
 * Shapes every response (stage 8): echoes rqi/rvi/to, stamps the responder and time, and turns failures of the
 * later stages into responses. It sits first in the chain so that it sees what every other stage answers.
 */
public final class ShapeStage implements Stage {
    /** A bug a client can trigger may be triggered again and again: logged with its stack trace, not without limit. */
    private static final RateLimitedLog LIMITED = RateLimitedLog.of(LoggerFactory.getLogger(ShapeStage.class));

    private final String cseId;
    private final Clock clock;

    public ShapeStage(String cseId, Clock clock) {
        this.cseId = cseId;
        this.clock = clock;
    }

    @Override
    public Response process(RequestContext x, Chain next) {
        Response r;
        try {
            r = next.proceed(x);
        } catch (RuntimeException e) {
            r = ErrorFallback.response(e, LIMITED, x.request().op(), x.request().rqi());
        }
        if (!x.ati().isEmpty()) {
            r = r.withAti(x.ati());
        }
        return r.withRequest(x.request(), cseId).withOt(Timestamps.format(clock.instant()));
    }
}
