package io.bastion.cse.notification;

import io.bastion.core.primitive.Request;
import io.bastion.core.primitive.Response;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * Requests to an AE that is reached through its polling channel ({@link NotificationRoute.Polled}), answered by the
 * AE through the channel (TS-0001 10.2.5.17 to 10.2.5.19). Implemented by the polling channels of the CSE.
 */
public interface PolledRequests {
    /** No polling channels: every such request is refused as unreachable. */
    PolledRequests NONE = (target, rq, received) -> CompletableFuture.failedFuture(
            new IllegalStateException("no polling channels"));

    /**
     * Queues {@code rq} for the AE behind {@code target} (a {@link NotificationRoute.Polled#target()}) and completes
     * with the AE's response, or with 4008 REQUEST_TIMEOUT when it expires first (its {@code rqet}, bounded by the
     * channel's expiry), or with 5207 NOT_ACCEPTABLE at once when the channel is full; never exceptionally.
     *
     * @param received when the CSE received the request, from which its expiry counts
     */
    CompletableFuture<Response> request(String target, Request rq, Instant received);
}
