package io.bastion.cse.pipeline;

import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.primitive.Request;
import io.bastion.core.primitive.Response;
import io.bastion.core.resource.Resource;
import io.bastion.cse.discovery.DiscoveryProcedure;
import io.bastion.cse.notification.NotifyForwarding;
import io.bastion.cse.request.RequestContext;
import io.bastion.cse.request.Target;
import io.bastion.cse.resource.Procedures;
import io.bastion.cse.resource.ResourceOperations;
import io.bastion.cse.resource.TypeBehaviour;
import io.bastion.cse.resource.TypeBehaviours;
import java.util.function.Function;

/**
 * Performs the operation on the resolved target (stage 6); subscriptions are told after commit (stage 7). A virtual
 * child ({@code la}, {@code fopt}…) is its type's behaviour to answer; a stored resource gets the generic procedure
 * after its type's behaviour had its say ({@link TypeBehaviour#beforeRequest}).
 */
public final class ExecuteStage implements Stage {
    private final ResourceOperations ops;
    private final DiscoveryProcedure discovery;
    private final NotifyForwarding notify;
    private final TypeBehaviours behaviours;
    private final Procedures procedures;

    /** @param pipeline runs a request through the whole pipeline, for a virtual child that makes new requests */
    public ExecuteStage(ResourceOperations ops, DiscoveryProcedure discovery, NotifyForwarding notify,
                        TypeBehaviours behaviours, Function<RequestContext, Response> pipeline) {
        this.ops = ops;
        this.discovery = discovery;
        this.notify = notify;
        this.behaviours = behaviours;
        this.procedures = new Procedures(ops, pipeline);
    }

    @Override
    public Response process(RequestContext x, Chain next) {
        Request rq = x.request();
        Target t = x.target();
        Resource r = t.resource();
        TypeBehaviour b = behaviours.of(r);
        if (t.isVirtual()) {
            return b.onVirtualChild(x, t, procedures);
        }
        b.beforeRequest(x, t);
        return switch (rq.op()) {
            case CREATE -> ops.create(x, r);
            case RETRIEVE -> rq.isDiscovery() ? discovery.discover(x, r) : ops.retrieve(x, r);
            case UPDATE -> {
                Response bound = b.onUpdate(x, t);
                yield bound != null ? bound : ops.update(x, r);
            }
            case DELETE -> ops.delete(x, r);
            case NOTIFY -> notify.deliver(x, r);
            default -> throw OneM2MException.badRequest("unsupported operation");
        };
    }
}
