package io.bastion.core.binding;

import io.bastion.core.codec.Serialization;
import io.bastion.core.primitive.Request;
import io.bastion.core.primitive.Response;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Sends a request primitive of any operation to the CSE at a point of access, the next hop on the Mcc reference point
 * (registration, retargeting, announcement). Unlike a {@link NotificationTransport}, whose point of access is the full
 * address of a notification receiver, the address here is the next hop's base and the binding maps the request's
 * {@code to} into its target by its own rules (TS-0009 6.2.2.1 for HTTP).
 */
public interface RequestTransport {

    /** Whether this transport can reach the given point of access (e.g. its scheme is http or https). */
    boolean supports(String poa);

    /**
     * Sends {@code rq} with its content in {@code serialization}; completes with the receiver's response, or
     * exceptionally when the next hop cannot be reached or does not answer within {@code timeout}, or when the request
     * cannot be expressed in this binding (then with an {@link IllegalArgumentException} saying why).
     */
    CompletableFuture<Response> send(String poa, Request rq, Serialization serialization, Duration timeout);
}
