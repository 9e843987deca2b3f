package io.bastion.bench;

import io.netty.handler.codec.http.FullHttpResponse;

/** Receives the outcome of the one request a {@link Connection} has in flight. Called on the connection's event loop. */
interface ResponseListener {

    /** The response; it is released after this returns, so copy what you keep. */
    void onResponse(FullHttpResponse response);

    /** The connection failed or was closed while a request was outstanding (or before the next one). */
    void onFailure(Throwable cause);
}
