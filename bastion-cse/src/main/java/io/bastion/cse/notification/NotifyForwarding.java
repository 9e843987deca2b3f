package io.bastion.cse.notification;

import io.bastion.core.binding.NotificationTransport;
import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.primitive.Request;
import io.bastion.core.primitive.Response;
import io.bastion.core.primitive.ResponseStatusCode;
import io.bastion.core.resource.Resource;
import io.bastion.core.resource.ResourceTypes;
import io.bastion.cse.request.RequestContext;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * NOTIFY requests addressed to resources of this CSE. Whatever the target, the content must be a notification
 * ({@link NotificationContent}); then to an AE it is relayed to its points of access in turn, in a serialization
 * the AE takes ({@link NotificationRoute#toAe}; TS-0004 7.3.3.9.1: the AE receives notifications through its
 * registrar), or, for an AE that is not request-reachable and polls a channel, queued in the channel and answered with
 * the AE's response when it comes (TS-0001 10.2.5.17, 10.2.5.19; the requester's connection is held without a thread);
 * to the CSEBase it is acknowledged, as this CSE holds no subscriptions at other CSEs whose notifications it would
 * process (7.3.3.9.2), unless it carries security information ({@code m2m:seci}), which is this CSE's end-to-end
 * security receiver's (TS-0001 11.4.2: {@code cse/e2e}); other targets cannot receive notifications. Security
 * information to an AE is relayed as any notification.
 */
public final class NotifyForwarding {
    private final NotificationTransport transport;
    private final Duration timeout;
    private final PolledRequests polled;
    private final Function<RequestContext, Response> securityInfo;

    /**
     * @param polled requests to AEs that poll a channel ({@link PolledRequests#NONE}: none does)
     * @param securityInfo answers a NOTIFY to the CSEBase whose content is {@code m2m:seci}
     */
    public NotifyForwarding(NotificationTransport transport, Duration timeout, PolledRequests polled,
                            Function<RequestContext, Response> securityInfo) {
        this.transport = transport;
        this.timeout = timeout;
        this.polled = polled;
        this.securityInfo = securityInfo;
    }

    public Response deliver(RequestContext x, Resource target) {
        NotificationContent.check(x.request().pc());
        if (target.ty() == ResourceTypes.CSE_BASE) {
            return NotificationContent.isSecurityInfo(x.request().pc()) ? securityInfo.apply(x)
                    : Response.of(ResponseStatusCode.OK, null);
        }
        if (target.ty() != ResourceTypes.AE) {
            throw new OneM2MException(ResponseStatusCode.OPERATION_NOT_ALLOWED,
                    "a " + ResourceTypes.of(target).rootName() + " cannot receive notifications");
        }
        NotificationRoute.Via via = switch (NotificationRoute.toAe(target, transport)) {
            case NotificationRoute.Via v -> v;
            case NotificationRoute.Polled p -> {
                if (x.depth() > 0) {
                    // A group's fan-out waits for each member in turn: it cannot hold a response.
                    throw new OneM2MException(ResponseStatusCode.TARGET_NOT_REACHABLE, "AE " + target.ri()
                            + " is reached through its pollingChannel, which a group's fan-out does not wait for");
                }
                x.hold(polled.request(p.target(), x.request(), x.received()));
                yield null;
            }
            case NotificationRoute.Blocked b -> throw new OneM2MException(b.status(), b.reason());
            case NotificationRoute.Local l -> throw new IllegalStateException("an AE is never reached in process");
            // an AE registered here is reached at its own points of access, never through another CSE
            case NotificationRoute.Forwarded f -> throw new IllegalStateException("forwarded route to a local AE");
        };
        if (via == null) {
            return Response.of(ResponseStatusCode.ACCEPTED, null); // stands for the held answer, never sent
        }
        for (String poa : via.poas()) {
            Request rq = x.request().toBuilder().to(poa).build();
            try {
                Response r = transport.send(poa, rq, via.serialization(), timeout)
                        .get(timeout.toMillis() + 500, TimeUnit.MILLISECONDS);
                return Response.of(r.rsc(), r.pc());
            } catch (ExecutionException | TimeoutException e) {
                // try the next point of access
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new OneM2MException(ResponseStatusCode.TARGET_NOT_REACHABLE,
                "AE " + target.ri() + " has no reachable point of access");
    }
}
