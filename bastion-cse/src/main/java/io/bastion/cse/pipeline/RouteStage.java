package io.bastion.cse.pipeline;

import io.bastion.core.primitive.Response;
import io.bastion.cse.address.TargetResolver;
import io.bastion.cse.request.RequestContext;

/**
 * Finds the target (stage 4). Every target is local for now: addresses of other CSEs or service providers are
 * answered as not found by the resolver, since no remote CSE can be registered yet.
 */
public final class RouteStage implements Stage {
    private final TargetResolver resolver;

    public RouteStage(TargetResolver resolver) {
        this.resolver = resolver;
    }

    @Override
    public Response process(RequestContext x, Chain next) {
        x.target(resolver.resolve(x.request().to()));
        return next.proceed(x);
    }
}
