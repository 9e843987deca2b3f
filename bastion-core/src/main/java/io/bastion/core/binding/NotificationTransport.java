package io.bastion.core.binding;

import io.bastion.core.codec.Serialization;
import io.bastion.core.primitive.Request;
import io.bastion.core.primitive.Response;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Sends a NOTIFY request primitive to a point of access (an HTTP URL for now). Implemented by a binding; the
 * CSE's dispatcher owns queueing and retries.
 */
public interface NotificationTransport {

    /** Whether this transport can reach the given point of access (e.g. its scheme is http or https). */
    boolean supports(String poa);

    /**
     * The target a NOTIFY to the AE {@code aeId} at its point of access {@code poa} is queued and sent under: the
     * {@code poa} itself for a transport that reaches it by its address (HTTP), a target naming the AE for one that
     * reaches the AE over a connection the AE opened (a WebSocket client, TS-0020 5.2), whose address alone does not
     * say which. Called only for a {@code poa} this transport {@linkplain #supports supports}.
     */
    default String targetOf(String poa, String aeId) {
        return poa;
    }

    /**
     * Sends the request with its content in {@code serialization} (the receiver's, TS-0004 7.5.1.1); completes with
     * the receiver's response, or exceptionally when the target cannot be reached within {@code timeout} or the
     * serialization is not one this transport writes.
     */
    CompletableFuture<Response> send(String poa, Request notify, Serialization serialization, Duration timeout);

    /** As {@link #send(String, Request, Serialization, Duration)} in JSON. */
    default CompletableFuture<Response> send(String poa, Request notify, Duration timeout) {
        return send(poa, notify, Serialization.JSON, timeout);
    }
}
