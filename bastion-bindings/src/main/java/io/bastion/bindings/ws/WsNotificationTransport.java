package io.bastion.bindings.ws;

import io.bastion.core.binding.NotificationTransport;
import io.bastion.core.codec.Serialization;
import io.bastion.core.primitive.Request;
import io.bastion.core.primitive.Response;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * Sends NOTIFY requests to AEs over the WebSocket connection they opened to this CSE (TS-0020 5.2: "request and
 * response primitives can be exchanged in both directions"). An AE asks for it with a point of access of the
 * WebSocket form, {@code ws://…} or {@code wss://…} (TS-0004 table 6.3.3-1, TS-0020 6.2.1): TS-0020 5.2 makes the
 * registree always the WebSocket client and the registrar always the server, so this CSE never opens a connection
 * to an AE and such a point of access can only mean the AE's own connection, whatever its host. The NOTIFY is
 * queued under {@link #PREFIX}{@code AE-ID} (one queue per AE, not one for every AE naming the same host) and written
 * in the connection's subprotocol (TS-0020 6.2.2.9: the subprotocol fixes the serialization on the connection),
 * addressed ({@code to}) to the AE-ID. With no connection open the attempt fails and the dispatcher retries it with
 * its backoff, so a notification waits for the AE's return within the retry budget (TS-0020 6.5: "it should be stored
 * and sent when the WebSocket connection is opened again"); it is not kept across a restart.
 */
public final class WsNotificationTransport implements NotificationTransport {
    /** How the dispatcher's target for an AE reached over its connection begins; no point of access has it. */
    public static final String PREFIX = "websocket:";

    private final WsConnections connections;

    public WsNotificationTransport(WsConnections connections) {
        this.connections = connections;
    }

    @Override
    public boolean supports(String poa) {
        return isWebSocket(poa) || poa.startsWith(PREFIX);
    }

    @Override
    public String targetOf(String poa, String aeId) {
        return PREFIX + aeId;
    }

    @Override
    public CompletableFuture<Response> send(String target, Request notify, Serialization serialization,
                                            Duration timeout) {
        if (!target.startsWith(PREFIX)) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("this CSE opens no WebSocket "
                    + "connections (TS-0020 5.2: the registrar is the server); " + target + " names no AE's"));
        }
        String aeId = target.substring(PREFIX.length());
        WsConnection c = connections.of(aeId);
        if (c == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("AE " + aeId
                    + " has no WebSocket connection open"));
        }
        return c.request(notify.toBuilder().to(aeId).build(), timeout);
    }

    private static boolean isWebSocket(String poa) {
        String p = poa.length() > 6 ? poa.substring(0, 6).toLowerCase(Locale.ROOT) : poa.toLowerCase(Locale.ROOT);
        return p.startsWith("ws://") || p.startsWith("wss://");
    }
}
