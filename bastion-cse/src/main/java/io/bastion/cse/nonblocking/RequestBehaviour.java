package io.bastion.cse.nonblocking;

import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.primitive.Operation;
import io.bastion.core.primitive.ResponseStatusCode;
import io.bastion.core.resource.ResourceType;
import io.bastion.core.resource.ResourceTypes;
import io.bastion.cse.request.RequestContext;
import io.bastion.cse.request.Target;
import io.bastion.cse.resource.TypeBehaviour;

/**
 * {@code <request>} (ty 17) beyond its descriptor: a DELETE cancels the pending work it stands for (TS-0001 10.2.5.6);
 * when a worker is already performing it, the request cannot be recalled and the {@code <request>} stays
 * (5220 UNABLE_TO_RECALL_REQUEST, TS-0004 7.4.12.2.4). A finished one is simply deleted.
 */
public final class RequestBehaviour implements TypeBehaviour {
    private final PendingRequests pending;

    public RequestBehaviour(PendingRequests pending) {
        this.pending = pending;
    }

    @Override
    public ResourceType type() {
        return ResourceTypes.get(ResourceTypes.REQ);
    }

    @Override
    public void beforeRequest(RequestContext x, Target t) {
        if (x.request().op() == Operation.DELETE
                && pending.cancel(t.resource().ri()) == PendingRequests.Cancel.RUNNING) {
            throw new OneM2MException(ResponseStatusCode.UNABLE_TO_RECALL_REQUEST,
                    "the request is being performed and cannot be recalled; its result will be recorded here");
        }
    }
}
