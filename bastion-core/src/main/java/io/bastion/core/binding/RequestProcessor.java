package io.bastion.core.binding;

import io.bastion.core.primitive.Peer;
import io.bastion.core.primitive.Request;
import io.bastion.core.primitive.Response;
import java.util.concurrent.CompletableFuture;

/**
 * What a binding hands requests to. Calls may block on storage, so bindings call it off their I/O threads.
 * It never throws for bad input: every failure is a {@link Response} with a status code.
 */
public interface RequestProcessor {
    /** Processes a request and waits for its response, also one the CSE holds (a long poll). */
    Response process(Request request, Peer peer);

    /**
     * As {@link #process}, but a response the CSE holds until something happens (a long poll on a pollingChannel,
     * a request waiting for a polling AE's answer) completes later, so that the caller's thread is free meanwhile.
     * Most responses are complete when this returns. Cancelling the future (the connection closed) tells the CSE that
     * nobody waits for the answer any more.
     */
    default CompletableFuture<Response> processAsync(Request request, Peer peer) {
        return CompletableFuture.completedFuture(process(request, peer));
    }
}
