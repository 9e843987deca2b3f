package io.bastion.core.binding;

import io.bastion.core.primitive.Peer;
import io.bastion.core.primitive.Request;
import io.bastion.core.primitive.Response;

/**
 * What a binding hands requests to. Calls may block on storage, so bindings call it off their I/O threads.
 * It never throws for bad input: every failure is a {@link Response} with a status code.
 */
public interface RequestProcessor {
    Response process(Request request, Peer peer);
}
