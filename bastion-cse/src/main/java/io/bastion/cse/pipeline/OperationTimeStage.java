package io.bastion.cse.pipeline;

import io.bastion.core.primitive.Request;
import io.bastion.core.primitive.Response;
import io.bastion.cse.request.RequestContext;
import io.bastion.cse.timing.OperationTimer;
import io.bastion.cse.timing.RequestTimes;
import java.time.Clock;

/**
 * Holds a blocking request until its Operation Execution Time ({@code oet}, TS-0001 8.1.2; TS-0004 7.3.3.5 to
 * 7.3.3.9), between the access decision and the operation. The access decision is made on receipt, with the request
 * time of TS-0003 (when the request was received), so that a refused request is refused at once; after the wait the
 * request expiration is checked again (4008) and the target is resolved and the decision made again on what is there
 * then, with the same request time: a resource deleted, or a privilege withdrawn, while the request waited is not
 * acted on. Non-blocking requests ({@code rt} 1, 2, 4, 5) pass: whatever runs them later asks
 * {@link OperationTimer#runAt}. Costs one null check for a request without {@code oet}.
 */
public final class OperationTimeStage implements Stage {
    private static final int BLOCKING_REQUEST = 3;

    private final OperationTimer timer;
    private final Clock clock;
    private final Stage route;
    private final Stage authorize;

    /** @param route and {@code authorize}: the stages that run again after a wait */
    public OperationTimeStage(OperationTimer timer, Clock clock, Stage route, Stage authorize) {
        this.timer = timer;
        this.clock = clock;
        this.route = route;
        this.authorize = authorize;
    }

    @Override
    public Response process(RequestContext x, Chain next) {
        Request rq = x.request();
        if (rq.oet() == null || rq.rt() != null && rq.rt() != BLOCKING_REQUEST) {
            return next.proceed(x);
        }
        RequestTimes times = RequestTimes.of(rq, x.received());
        if (!times.waitsAfter(x.received())) {
            return next.proceed(x);
        }
        timer.hold(times.oet(), x.received());
        times.checkBeforeRun(clock.instant());
        return route.process(x, resolved -> authorize.process(resolved, next));
    }
}
