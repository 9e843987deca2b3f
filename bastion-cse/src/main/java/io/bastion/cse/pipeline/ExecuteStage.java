package io.bastion.cse.pipeline;

import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.primitive.Request;
import io.bastion.core.primitive.Response;
import io.bastion.core.primitive.ResponseStatusCode;
import io.bastion.core.resource.Resource;
import io.bastion.core.resource.ResourceTypes;
import io.bastion.cse.request.RequestContext;
import io.bastion.cse.request.Target;
import io.bastion.cse.discovery.DiscoveryProcedure;
import io.bastion.cse.group.GroupFanOut;
import io.bastion.cse.notification.NotifyForwarding;
import io.bastion.cse.resource.ResourceOperations;
import io.bastion.store.ResourceStore;

/** Performs the operation on the resolved target (stage 6); subscriptions are told after commit (stage 7). */
public final class ExecuteStage implements Stage {
    private final ResourceOperations ops;
    private final DiscoveryProcedure discovery;
    private final GroupFanOut fanOut;
    private final NotifyForwarding notify;
    private final ResourceStore store;

    public ExecuteStage(ResourceOperations ops, DiscoveryProcedure discovery, GroupFanOut fanOut,
                        NotifyForwarding notify, ResourceStore store) {
        this.ops = ops;
        this.discovery = discovery;
        this.fanOut = fanOut;
        this.notify = notify;
        this.store = store;
    }

    @Override
    public Response process(RequestContext x, Chain next) {
        Request rq = x.request();
        Target t = x.target();
        if (t.virtual() == Target.Virtual.FAN_OUT_POINT) {
            return fanOut.fanOut(x, t);
        }
        if (t.virtual() == Target.Virtual.LATEST || t.virtual() == Target.Virtual.OLDEST) {
            return onInstance(x, t);
        }
        Resource r = t.resource();
        if (r.ty() == ResourceTypes.CIN && (rq.op() == io.bastion.core.primitive.Operation.RETRIEVE
                || rq.op() == io.bastion.core.primitive.Operation.DELETE)) {
            store.get(r.pi()).ifPresent(ExecuteStage::requireRetrievalEnabled);
        }
        return switch (rq.op()) {
            case CREATE -> ops.create(x, r);
            case RETRIEVE -> rq.isDiscovery() ? discovery.discover(x, r) : ops.retrieve(x, r);
            case UPDATE -> ops.update(x, r);
            case DELETE -> ops.delete(x, r);
            case NOTIFY -> notify.deliver(x, r);
            default -> throw OneM2MException.badRequest("unsupported operation");
        };
    }

    /** A container with disableRetrieval refuses access to its instances (TS-0004 7.4.7.2.2, 7.4.7.2.4). */
    private static void requireRetrievalEnabled(Resource cnt) {
        if (cnt.get("disr") != null && cnt.get("disr").asBoolean()) {
            throw new OneM2MException(ResponseStatusCode.OPERATION_NOT_ALLOWED,
                    "the container's contentInstances are not retrievable (disableRetrieval is true)");
        }
    }

    /** {@code la} / {@code ol}: RETRIEVE or DELETE of the latest or oldest contentInstance. */
    private Response onInstance(RequestContext x, Target t) {
        boolean latest = t.virtual() == Target.Virtual.LATEST;
        Resource cnt = t.resource();
        requireRetrievalEnabled(cnt);
        Resource cin = (latest ? store.latestChild(cnt.ri(), ResourceTypes.CIN)
                : store.oldestChild(cnt.ri(), ResourceTypes.CIN))
                .orElseThrow(() -> OneM2MException.notFound("the container has no contentInstance"));
        return switch (x.request().op()) {
            case RETRIEVE -> {
                if (x.request().isDiscovery()) {
                    throw OneM2MException.badRequest("discovery on la/ol is not supported");
                }
                yield ops.retrieve(x, cin);
            }
            case DELETE -> ops.delete(x, cin);
            default -> throw new OneM2MException(ResponseStatusCode.OPERATION_NOT_ALLOWED,
                    x.request().op() + " is not allowed on " + (latest ? "la" : "ol"));
        };
    }
}
