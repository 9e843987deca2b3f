package io.bastion.cse.pipeline;

import io.bastion.core.primitive.Response;
import io.bastion.cse.address.TargetResolver;
import io.bastion.cse.mcc.Retargeting;
import io.bastion.cse.request.RequestContext;

/**
 * Finds the target (stage 4): a target hosted by another CSE is forwarded there ({@link Retargeting}, TS-0004
 * 7.3.2.8: "the receiver is a transit CSE") and its answer relayed, without this CSE's access decision, which is the
 * hosting CSE's; any other is resolved here. Deciding which costs a request for this CSE one comparison.
 */
public final class RouteStage implements Stage {
    private final TargetResolver resolver;
    private final Retargeting retargeting;

    public RouteStage(TargetResolver resolver, Retargeting retargeting) {
        this.resolver = resolver;
        this.retargeting = retargeting;
    }

    @Override
    public Response process(RequestContext x, Chain next) {
        String remote = retargeting.remoteCseId(x.request().to());
        if (remote != null) {
            return retargeting.forward(x, remote);
        }
        x.target(resolver.resolve(x.request().to()));
        return next.proceed(x);
    }
}
