package io.bastion.cse.access;

import io.bastion.core.primitive.Operation;
import io.bastion.core.resource.Resource;
import io.bastion.cse.request.RequestContext;
import io.bastion.security.acp.AccessDecision;
import java.util.List;

/**
 * What distributed authorization makes of a request the policies (and dynamic authorization) denied: null when no
 * linked policy names a PDP ({@code adri}), else the PDPs' decision (TS-0003 7.5.2), a deny noting why.
 */
@FunctionalInterface
public interface DistributedFallback {

    /** Distributed authorization is off. */
    DistributedFallback NONE = (x, target, op, childTy) -> null;

    /** Never throws for anything a PDP does. */
    AccessDecision afterDeny(RequestContext x, Resource target, Operation op, Integer childTy);

    /**
     * For {@code explain}: what {@link #afterDeny} would do for a denied request, one line each (a decision held for
     * these facts, or which PDPs it would ask, in order), without asking any PDP; empty when no policy names one.
     */
    default List<String> wouldDo(RequestContext x, Resource target, Operation op, Integer childTy) {
        return List.of();
    }
}
