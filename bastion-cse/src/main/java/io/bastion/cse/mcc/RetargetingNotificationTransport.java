package io.bastion.cse.mcc;

import io.bastion.core.binding.NotificationTransport;
import io.bastion.core.codec.Serialization;
import io.bastion.core.primitive.Request;
import io.bastion.core.primitive.Response;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The notification transport of a CSE that can forward: a target that is an address on another CSE
 * ({@code /id-mn/Cxyz}, a {@link io.bastion.cse.notification.NotificationRoute.Forwarded} route) goes through
 * {@link Retargeting} to the next hop, anything else to the binding's transport. The dispatcher's queueing, retries
 * and bounds apply to both alike.
 */
public final class RetargetingNotificationTransport implements NotificationTransport {
    /** Forwarding waits for the next hop; it does so on a virtual thread, not on the dispatcher's. */
    private static final ExecutorService WAITING = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("bastion-notify-forward-", 0).factory());

    private final NotificationTransport direct;
    private final Retargeting retargeting;

    public RetargetingNotificationTransport(NotificationTransport direct, Retargeting retargeting) {
        this.direct = direct;
        this.retargeting = retargeting;
    }

    @Override
    public boolean supports(String poa) {
        return direct.supports(poa) || retargeting.enabled() && retargeting.remoteCseId(poa) != null;
    }

    @Override
    public String targetOf(String poa, String aeId) {
        return direct.supports(poa) ? direct.targetOf(poa, aeId) : poa;
    }

    @Override
    public CompletableFuture<Response> send(String poa, Request notify, Serialization serialization,
                                            Duration timeout) {
        String cse = direct.supports(poa) ? null : retargeting.remoteCseId(poa);
        if (cse == null) {
            return direct.send(poa, notify, serialization, timeout);
        }
        Request addressed = notify.toBuilder().to(poa).build();
        return CompletableFuture.supplyAsync(() -> retargeting.send(cse, addressed, timeout), WAITING);
    }
}
