package io.bastion.cse.dynamic;

import io.bastion.core.primitive.Operation;
import io.bastion.core.resource.Resource;
import io.bastion.cse.request.RequestContext;

/** What a consultation's result is remembered for: one originator, one target resource, one operation. */
public record ConsultationKey(String originator, String targetRi, Operation op) {

    /** The key of {@code op} on {@code target} by the originator of {@code x}. */
    public static ConsultationKey of(RequestContext x, Resource target, Operation op) {
        return new ConsultationKey(x.originator(), target.ri(), op);
    }
}
