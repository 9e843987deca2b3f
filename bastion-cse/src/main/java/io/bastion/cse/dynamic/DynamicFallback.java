package io.bastion.cse.dynamic;

import io.bastion.core.primitive.Operation;
import io.bastion.core.resource.Resource;
import io.bastion.cse.request.RequestContext;
import java.util.List;

/**
 * What dynamic authorization makes of a request that the access control policies denied (TS-0004 7.3.3.15): nothing
 * when no enabled dac applies, the indirect flow when the request asks for it ({@code tqi}, TS-0003 7.3.2.3), else
 * the direct consultation of the Dynamic Authorization Servers (TS-0003 7.3.2.2). The access control decides again
 * with what was granted, and audits.
 */
@FunctionalInterface
public interface DynamicFallback {

    /** Dynamic authorization is off: nothing applies. */
    DynamicFallback NONE = (x, target, op, orid) -> new Consultation.NotApplicable();

    /**
     * Never throws for anything a DAS does.
     *
     * @param orid the verified Role-IDs of the originator, sent as {@code orid}
     */
    Consultation afterDeny(RequestContext x, Resource target, Operation op, List<String> orid);
}
