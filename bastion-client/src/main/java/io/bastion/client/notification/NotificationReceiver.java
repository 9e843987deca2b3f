package io.bastion.client.notification;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.bastion.core.codec.Codec;
import io.bastion.core.codec.Codecs;
import io.bastion.core.http.M2mFields;
import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.primitive.ResponseStatusCode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An AE's notification endpoint over HTTP (TS-0009: a NOTIFY is a POST without {@code ty}): the JDK's HTTP server on
 * the chosen address, one virtual thread per request, answering as TS-0009 and TS-0004 say ({@code X-M2M-RSC},
 * {@code X-M2M-RI} echoed, the reason of a refusal in {@code m2m:dbg}).
 *
 * <p>It takes notifications only from the CSEs and for the subscribers it {@linkplain #expect expects} (none until
 * told: a receiver nobody subscribed refuses everything). A subscription verification request (TS-0004 7.5.1.2.3,
 * {@code vrq}) is answered here, never handed on: 2000 when its creator ({@code cr}) is an expected subscriber and its
 * originator an expected CSE, else 4101 SUBSCRIPTION_CREATOR_HAS_NO_PRIVILEGE or 5205
 * SUBSCRIPTION_HOST_HAS_NO_PRIVILEGE as 7.5.1.2.3 says, so that nobody else can point a subscription here. Every other
 * notification goes to the handler before the answer (2000; 5000 if the handler throws), so a slow handler slows its
 * CSE down rather than piling notifications up here. A notification from a CSE not expected is 4103. Malformed input
 * (no {@code X-M2M-RI} or {@code X-M2M-Origin}, a body that is not {@code m2m:sgn}, more than {@link #MAX_BODY_BYTES})
 * is 4000 naming what is wrong, another media type 4015, another method 4005.
 *
 * <p>Over plain HTTP the originator of a NOTIFY is not proved, only checked for consistency; a receiver that must know
 * who notifies it needs TLS (not offered here yet) or end-to-end protection of the primitive.
 */
public final class NotificationReceiver implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NotificationReceiver.class);
    /** Larger notification contents are refused (4000). */
    public static final int MAX_BODY_BYTES = 1024 * 1024;

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Codecs codecs = new Codecs();
    private final String path;
    private final Consumer<Notification> handler;
    private final Set<String> hosts = ConcurrentHashMap.newKeySet();
    private final Set<String> creators = ConcurrentHashMap.newKeySet();

    private NotificationReceiver(InetSocketAddress bind, String path, Consumer<Notification> handler)
            throws IOException {
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("the receiver's path must start with '/': " + path);
        }
        this.path = path;
        this.handler = handler;
        this.server = HttpServer.create(bind, 64);
        server.setExecutor(executor);
        server.createContext(path, this::handle);
        server.start();
    }

    /**
     * Starts a receiver on {@code bind} (port 0: a free one) at path {@code /}; {@code handler} gets every accepted
     * notification. The address must be one the CSE can reach.
     */
    public static NotificationReceiver start(InetSocketAddress bind, Consumer<Notification> handler) {
        return start(bind, "/", handler);
    }

    /** As {@link #start(InetSocketAddress, Consumer)}, at {@code path}. */
    public static NotificationReceiver start(InetSocketAddress bind, String path, Consumer<Notification> handler) {
        try {
            return new NotificationReceiver(bind, path, handler);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + bind + ": " + e.getMessage(), e);
        }
    }

    /** The receiver's address, for a subscription's {@code nu} or an AE's {@code poa}. */
    public String url() {
        InetSocketAddress a = server.getAddress();
        String host = a.getAddress().getHostAddress();
        if (host.indexOf(':') >= 0) {
            host = "[" + host + "]";
        }
        return "http://" + host + ":" + a.getPort() + path;
    }

    /** The port it listens on. */
    public int port() {
        return server.getAddress().getPort();
    }

    /**
     * Takes notifications from the CSE {@code cseId} (the {@code X-M2M-Origin} it notifies with) and verification
     * requests for subscriptions that {@code creator} makes there; a CSE-relative AE-ID also counts in its
     * SP-relative form ({@code /id-in/Cmyapp}). {@link io.bastion.client.CseClient#subscribe} calls it.
     */
    public void expect(String cseId, String creator) {
        hosts.add(cseId);
        creators.add(creator);
        if (!creator.startsWith("/")) {
            creators.add(cseId + "/" + creator);
        }
    }

    private void handle(HttpExchange ex) {
        try (ex) {
            String rqi = ex.getRequestHeaders().getFirst(M2mFields.RI);
            String rvi = ex.getRequestHeaders().getFirst(M2mFields.RVI);
            Outcome o;
            try {
                o = accept(ex, rqi);
            } catch (OneM2MException e) {
                o = new Outcome(e.status(), e.getMessage());
            }
            answer(ex, rqi, rvi, o);
        } catch (IOException | RuntimeException e) {
            log.debug("notification from {} not answered: {}", ex.getRemoteAddress(), e.toString());
        }
    }

    private record Outcome(ResponseStatusCode rsc, String dbg) {
        static final Outcome OK = new Outcome(ResponseStatusCode.OK, null);
    }

    private Outcome accept(HttpExchange ex, String rqi) throws IOException {
        if (!"POST".equals(ex.getRequestMethod())) {
            return new Outcome(ResponseStatusCode.OPERATION_NOT_ALLOWED, "a notification receiver takes NOTIFY "
                    + "(POST) only, not " + ex.getRequestMethod());
        }
        if (rqi == null || rqi.isBlank()) {
            return new Outcome(ResponseStatusCode.BAD_REQUEST, "the request identifier (X-M2M-RI) is missing");
        }
        String fr = ex.getRequestHeaders().getFirst(M2mFields.ORIGIN);
        if (fr == null || fr.isBlank()) {
            return new Outcome(ResponseStatusCode.BAD_REQUEST, "the originator (X-M2M-Origin) is missing");
        }
        String ct = ex.getRequestHeaders().getFirst("Content-Type");
        if (ct != null && ct.toLowerCase(Locale.ROOT).replace(" ", "").contains(";ty=")) {
            return new Outcome(ResponseStatusCode.BAD_REQUEST, "a CREATE (Content-Type with ty) is not a notification");
        }
        Codec codec = codecs.forContentType(ct);
        if (codec == null) {
            return new Outcome(ResponseStatusCode.UNSUPPORTED_MEDIA_TYPE, "content type " + ct + " is not read here: "
                    + "JSON or CBOR");
        }
        byte[] body = read(ex.getRequestBody());
        if (body == null) {
            return new Outcome(ResponseStatusCode.BAD_REQUEST, "the notification is larger than " + MAX_BODY_BYTES
                    + " bytes");
        }
        if (body.length == 0) {
            return new Outcome(ResponseStatusCode.BAD_REQUEST, "the notification has no content (m2m:sgn)");
        }
        JsonNode sgn = codec.decode(body).path("m2m:sgn");
        if (!sgn.isObject()) {
            return new Outcome(ResponseStatusCode.BAD_REQUEST, "the content is not a notification (m2m:sgn)");
        }
        if (sgn.path("vrq").asBoolean(false)) {
            return verify(fr, sgn);
        }
        if (!hosts.contains(fr)) {
            return new Outcome(ResponseStatusCode.ORIGINATOR_HAS_NO_PRIVILEGE, "no subscription here expects "
                    + "notifications from " + fr);
        }
        try {
            handler.accept(new Notification(fr, rqi, sgn));
        } catch (RuntimeException e) {
            log.warn("the notification handler failed on {} from {}", rqi, fr, e);
            return new Outcome(ResponseStatusCode.INTERNAL_SERVER_ERROR, "the receiver could not process the "
                    + "notification");
        }
        return Outcome.OK;
    }

    /** TS-0004 7.5.1.2.3, receiver: the creator and the originator must both be entitled to notify here. */
    private Outcome verify(String fr, JsonNode sgn) {
        String cr = sgn.path("cr").asText("");
        if (cr.isEmpty()) {
            return new Outcome(ResponseStatusCode.BAD_REQUEST, "a verification request without its creator (cr)");
        }
        if (!creators.contains(cr)) {
            return new Outcome(ResponseStatusCode.SUBSCRIPTION_CREATOR_HAS_NO_PRIVILEGE, "subscriptions by " + cr
                    + " are not accepted here");
        }
        if (!hosts.contains(fr)) {
            return new Outcome(ResponseStatusCode.SUBSCRIPTION_HOST_HAS_NO_PRIVILEGE, "notifications from " + fr
                    + " are not accepted here");
        }
        return Outcome.OK;
    }

    /** The body, or null when it is larger than {@link #MAX_BODY_BYTES}. */
    private static byte[] read(InputStream in) throws IOException {
        try (in) {
            byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
            return body.length > MAX_BODY_BYTES ? null : body;
        }
    }

    private void answer(HttpExchange ex, String rqi, String rvi, Outcome o) throws IOException {
        var h = ex.getResponseHeaders();
        h.set(M2mFields.RSC, Integer.toString(o.rsc().code()));
        if (rqi != null) {
            h.set(M2mFields.RI, rqi);
        }
        if (rvi != null) {
            h.set(M2mFields.RVI, rvi);
        }
        if (o.dbg() == null) {
            ex.sendResponseHeaders(o.rsc().httpStatus(), -1);
            return;
        }
        ObjectNode dbg = JsonNodeFactory.instance.objectNode().put("m2m:dbg", o.dbg());
        byte[] body = codecs.json().encode(dbg);
        h.set("Content-Type", "application/json");
        ex.sendResponseHeaders(o.rsc().httpStatus(), body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    /** Stops listening; requests being answered get up to a second to finish. */
    @Override
    public void close() {
        server.stop(1);
        executor.close();
    }
}
