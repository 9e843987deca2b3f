package io.bastion.cse.nonblocking;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bastion.core.primitive.Request;
import io.bastion.core.primitive.Response;
import io.bastion.core.resource.Resource;
import io.bastion.cse.notification.NotificationDispatcher;
import io.bastion.cse.notification.NotificationJob;
import io.bastion.cse.notification.NotificationRoute;
import io.bastion.cse.notification.Notifications;
import io.bastion.cse.subscription.NotificationTargets;
import java.util.List;

/**
 * Notifies the result of a nonBlockingRequestAsynch request (TS-0004 7.5.1.2.5): an {@code m2m:rsp} to each entry of
 * the request's notification targets ({@code rtu}), to its originator when it gave none, to nobody when it gave an
 * empty list. An AE is reached as any notification target is ({@link NotificationTargets#route}): its points of access
 * in its serialization, or not at all when it cannot receive requests; a URL as given. Delivery goes through the
 * notification dispatcher, bounded and retried like every NOTIFY of this CSE.
 */
final class ResultDelivery {
    private final NotificationTargets targets;
    private final NotificationDispatcher dispatcher;
    private final Notifications notifications;

    ResultDelivery(NotificationTargets targets, NotificationDispatcher dispatcher, Notifications notifications) {
        this.targets = targets;
        this.dispatcher = dispatcher;
        this.notifications = notifications;
    }

    /** Sends the result {@code r} of the request {@code rq} that {@code req} records. */
    void deliver(Resource req, Response r, Request rq) {
        List<String> nu = MetaInformation.notificationTargets(req.get("mi"));
        List<String> receivers = nu == null ? List.of(req.getText("org")) : nu;
        ObjectNode rsp = RequestRecord.operationResult(r, rq);
        for (String receiver : receivers) {
            switch (targets.route(receiver)) {
                case NotificationRoute.Sending via -> {
                    String poa = via.target();
                    dispatcher.submit(NotificationJob.of(poa, null, notifications.result(poa, rsp.deepCopy()))
                            .withSerialization(via.serialization()));
                }
                // an originator that polls gets it through its pollingChannel
                case NotificationRoute.Polled polled -> dispatcher.submit(NotificationJob.of(polled.target(), null,
                        notifications.result(polled.target(), rsp.deepCopy())));
                // counted and logged as the undeliverable notifications of subscriptions are, under the <request>'s ri
                case NotificationRoute.Blocked blocked -> dispatcher.undeliverable(req.ri(), receiver, blocked.reason());
                // a resource that takes notifications in process (a crossResourceSubscription) takes those of its
                // own subscriptions only, never a request's result
                case NotificationRoute.Local local -> dispatcher.undeliverable(req.ri(), receiver,
                        local.receiver().ri() + " takes only the notifications of its own subscriptions");
            }
        }
    }
}
