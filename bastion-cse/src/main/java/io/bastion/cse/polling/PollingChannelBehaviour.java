package io.bastion.cse.polling;

import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.primitive.Request;
import io.bastion.core.primitive.Response;
import io.bastion.core.primitive.ResponseStatusCode;
import io.bastion.core.resource.ResourceType;
import io.bastion.core.resource.ResourceTypes;
import io.bastion.cse.request.RequestContext;
import io.bastion.cse.request.Target;
import io.bastion.cse.resource.Procedures;
import io.bastion.cse.resource.TypeBehaviour;
import java.util.concurrent.CompletableFuture;

/**
 * {@code <pollingChannel>} (TS-0004 7.4.21) and its {@code pcu} (7.4.22). Who may create and use a channel is the
 * registree rule of the access control ({@code ResourceType#registreeOnly}); here is what {@code pcu} does: a
 * RETRIEVE is the long poll (7.4.22.2.2), held without a thread until a primitive for the owner arrives or the poll
 * expires (4008); a NOTIFY carries the owner's answer to a primitive it polled (7.4.22.2.5); UPDATE and DELETE are
 * 4005 (7.4.22.2.3, 7.4.22.2.4), and so is a CREATE below it.
 */
public final class PollingChannelBehaviour implements TypeBehaviour {
    private final PollingChannels channels;

    public PollingChannelBehaviour(PollingChannels channels) {
        this.channels = channels;
    }

    @Override
    public ResourceType type() {
        return ResourceTypes.get(ResourceTypes.PCH);
    }

    @Override
    public Response onVirtualChild(RequestContext x, Target t, Procedures generic) {
        Request rq = x.request();
        return switch (rq.op()) {
            case RETRIEVE -> {
                if (rq.isDiscovery() || rq.fc().hasConditions()) {
                    throw OneM2MException.badRequest("a long poll on a pollingChannelURI takes no filter criteria");
                }
                if (x.depth() > 0) {
                    throw new OneM2MException(ResponseStatusCode.OPERATION_NOT_ALLOWED,
                            "a pollingChannelURI is polled by its owner directly, not through a group");
                }
                CompletableFuture<Response> poll = channels.poll(t.resource(), x.received(), rq.rqet());
                if (poll.isDone()) {
                    yield poll.join(); // something was waiting: no need to hold the connection
                }
                x.hold(poll);
                yield Response.of(ResponseStatusCode.ACCEPTED, null); // stands for the held answer, never sent
            }
            case NOTIFY -> channels.answer(t.resource(), rq);
            default -> throw new OneM2MException(ResponseStatusCode.OPERATION_NOT_ALLOWED, "a pollingChannelURI is "
                    + "only polled (RETRIEVE) and answered through (NOTIFY); it is not " + switch (rq.op()) {
                        case CREATE -> "a parent";
                        case UPDATE -> "updated";
                        default -> "deleted";
                    } + " through the API (TS-0004 7.4.22.2)");
        };
    }
}
