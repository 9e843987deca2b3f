package io.bastion.bindings.http;

import io.bastion.core.log.RateLimitedLog;
import io.bastion.core.primitive.Peer;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import java.util.concurrent.CompletableFuture;
import org.slf4j.LoggerFactory;

/**
 * One request on a connection, from arrival to the written response. Runs on the worker executor; its response
 * is handed back to the connection's event loop, which writes responses in request order.
 */
final class InFlightRequest implements Runnable {
    private static final RateLimitedLog LIMITED = RateLimitedLog.of(LoggerFactory.getLogger(InFlightRequest.class));

    /** How the connection continues after this exchange's response is written. */
    enum Ending {
        KEEP_OPEN,
        /** {@code Connection: close}: the request was read completely, so closing loses nothing. */
        CLOSE,
        /** The request was not read to its end: half-close and drain before closing, so no RST eats the answer. */
        LINGER
    }

    private final ConnectionHandler connection;
    private final RequestDispatcher dispatcher;
    private final FullHttpRequest request;
    private final Peer peer;
    final Ending ending;
    /** Set on the event loop only; null while the request is still being processed. */
    FullHttpResponse response;
    /** A response the CSE holds (a long poll), until it completes; cancelled if the connection closes first. */
    private volatile CompletableFuture<?> held;

    InFlightRequest(ConnectionHandler connection, RequestDispatcher dispatcher, FullHttpRequest request, Peer peer,
            Ending ending) {
        this.connection = connection;
        this.dispatcher = dispatcher;
        this.request = request;
        this.peer = peer;
        this.ending = ending;
    }

    /** An exchange answered on the event loop without processing (oversized or undecodable requests). */
    static InFlightRequest answered(FullHttpResponse response, Ending ending) {
        InFlightRequest x = new InFlightRequest(null, null, null, null, ending);
        x.response = response;
        return x;
    }

    /** The request's X-M2M-RI, as the client sent it. */
    String requestId() {
        return request.headers().get(M2mHeader.RI.field);
    }

    /** Releases the request of an exchange that will never run (its connection closed, or no worker took it). */
    void abandon() {
        request.release();
    }

    /** Tells the CSE that nobody waits for a held response any more: the connection closed. */
    void cancelHeld() {
        CompletableFuture<?> h = held;
        if (h != null) {
            h.cancel(false);
        }
    }

    @Override
    public void run() {
        String rqi = requestId();
        try {
            held = dispatcher.handle(request, peer, ending == Ending.KEEP_OPEN,
                    res -> connection.completed(this, res));
        } catch (Throwable t) {
            // The dispatcher answers every failure itself; reaching here is an Error or a bug in encoding the
            // answer. Still answer, or the client and every request pipelined behind this one would hang.
            LIMITED.error("HTTP request handling failed", t);
            connection.completed(this, dispatcher.internalError(rqi));
        } finally {
            request.release();
        }
    }
}
