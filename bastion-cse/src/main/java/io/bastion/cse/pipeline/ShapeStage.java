package io.bastion.cse.pipeline;

import io.bastion.core.log.RateLimitedLog;
import io.bastion.core.primitive.ErrorFallback;
import io.bastion.core.primitive.Response;
import io.bastion.core.time.Timestamps;
import io.bastion.cse.request.RequestContext;
import java.time.Clock;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.LoggerFactory;

/**
 * Shapes every response (stage 8): echoes rqi/rvi/to, stamps the responder and time, and turns failures of the
 * later stages into responses. It sits first in the chain so that it sees what every other stage answers, a response
 * the CSE holds ({@link RequestContext#held}) when it completes.
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
        CompletableFuture<Response> held = x.held();
        if (held != null) {
            CompletableFuture<Response> shaped = held.handle((later, e) -> shape(x, later != null ? later
                    : ErrorFallback.response(unwrap(e), LIMITED, x.request().op(), x.request().rqi())));
            // Whoever gives up on the shaped answer (a closed connection) gives up on what it waits for.
            shaped.whenComplete((later, e) -> {
                if (e instanceof CancellationException) {
                    held.cancel(false);
                }
            });
            x.hold(shaped);
        }
        return shape(x, r);
    }

    private static RuntimeException unwrap(Throwable e) {
        Throwable t = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        return t instanceof RuntimeException re ? re : new IllegalStateException(t);
    }

    private Response shape(RequestContext x, Response r) {
        if (!x.ati().isEmpty()) {
            r = r.withAti(x.ati());
        }
        if (x.relayed()) {
            // Another CSE answered (retargeting): its responder and timestamp are relayed as they came.
            Response relayed = r.withRequest(x.request(), r.fr() != null ? r.fr() : cseId);
            return relayed.ot() != null ? relayed : relayed.withOt(Timestamps.format(clock.instant()));
        }
        return r.withRequest(x.request(), cseId).withOt(Timestamps.format(clock.instant()));
    }
}
