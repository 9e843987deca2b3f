package io.bastion.client.notification;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
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
import java.util.Map;
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
 * <p>A NOTIFY carrying another object than a notification (an {@code m2m:seci} of the end-to-end security procedures,
 * say) goes to the {@link Responder} {@linkplain #respond registered} for its root, whose result is the answer's content.
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
    private final Map<String, Responder> responders = new ConcurrentHashMap<>();

    /**
     * Answers a NOTIFY whose content is not a notification but another object sent to this AE, rooted at the name it
     * is {@linkplain #respond registered} for (e.g. {@code m2m:seci} of TS-0004 6.3.5.48, which the end-to-end
     * security procedures of TS-0003 clause 8 exchange between AEs).
     */
    @FunctionalInterface
    public interface Responder {
        /**
         * The content of the answer (null: none) to the NOTIFY {@code rqi} from {@code originator}, whose whole content
         * is {@code content}; a {@link OneM2MException} refuses it with its code and message. The originator is what
         * the NOTIFY says: the responder decides whom it answers.
         */
        JsonNode answer(String originator, String rqi, JsonNode content);
    }

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

    /**
     * Hands each NOTIFY whose content is rooted at {@code root} to {@code responder}, whose result is the answer's
     * content (2000 OK); the subscription checks do not apply to it.
     */
    public void respond(String root, Responder responder) {
        if (root.equals("m2m:sgn")) {
            throw new IllegalArgumentException("notifications (m2m:sgn) go to the handler");
        }
        responders.put(root, responder);
    }

    private void handle(HttpExchange ex) {
        try (ex) {
            String rqi = ex.getRequestHeaders().getFirst(M2mFields.RI);
            String rvi = ex.getRequestHeaders().getFirst(M2mFields.RVI);
            Outcome o;
            try {
                o = accept(ex, rqi);
            } catch (OneM2MException e) {
                o = Outcome.refused(e.status(), e.getMessage());
            }
            Codec codec = codecs.forContentType(ex.getRequestHeaders().getFirst("Content-Type"));
            answer(ex, rqi, rvi, o, codec != null ? codec : codecs.json());
        } catch (IOException | RuntimeException e) {
            log.debug("notification from {} not answered: {}", ex.getRemoteAddress(), e.toString());
        }
    }

    /** The answer: its code and content (null: none; a refusal's is its {@code m2m:dbg}). */
    private record Outcome(ResponseStatusCode rsc, JsonNode pc) {
        static final Outcome OK = new Outcome(ResponseStatusCode.OK, null);

        static Outcome refused(ResponseStatusCode rsc, String dbg) {
            return new Outcome(rsc, JsonNodeFactory.instance.objectNode().put("m2m:dbg", dbg));
        }
    }

    private Outcome accept(HttpExchange ex, String rqi) throws IOException {
        if (!"POST".equals(ex.getRequestMethod())) {
            return Outcome.refused(ResponseStatusCode.OPERATION_NOT_ALLOWED, "a notification receiver takes NOTIFY "
                    + "(POST) only, not " + ex.getRequestMethod());
        }
        if (rqi == null || rqi.isBlank()) {
            return Outcome.refused(ResponseStatusCode.BAD_REQUEST, "the request identifier (X-M2M-RI) is missing");
        }
        String fr = ex.getRequestHeaders().getFirst(M2mFields.ORIGIN);
        if (fr == null || fr.isBlank()) {
            return Outcome.refused(ResponseStatusCode.BAD_REQUEST, "the originator (X-M2M-Origin) is missing");
        }
        String ct = ex.getRequestHeaders().getFirst("Content-Type");
        if (ct != null && ct.toLowerCase(Locale.ROOT).replace(" ", "").contains(";ty=")) {
            return Outcome.refused(ResponseStatusCode.BAD_REQUEST, "a CREATE (Content-Type with ty) is not a notification");
        }
        Codec codec = codecs.forContentType(ct);
        if (codec == null) {
            return Outcome.refused(ResponseStatusCode.UNSUPPORTED_MEDIA_TYPE, "content type " + ct + " is not read here: "
                    + "JSON, CBOR or XML");
        }
        byte[] body = read(ex.getRequestBody());
        if (body == null) {
            return Outcome.refused(ResponseStatusCode.BAD_REQUEST, "the notification is larger than " + MAX_BODY_BYTES
                    + " bytes");
        }
        if (body.length == 0) {
            return Outcome.refused(ResponseStatusCode.BAD_REQUEST, "the notification has no content (m2m:sgn)");
        }
        JsonNode pc = codec.decode(body);
        Responder responder = pc.isObject() && pc.size() == 1 ? responders.get(pc.properties().iterator().next().getKey())
                : null;
        if (responder != null) {
            return respond(responder, fr, rqi, pc);
        }
        JsonNode sgn = pc.path("m2m:sgn");
        if (!sgn.isObject()) {
            return Outcome.refused(ResponseStatusCode.BAD_REQUEST, "the content is not a notification (m2m:sgn)");
        }
        if (sgn.path("vrq").asBoolean(false)) {
            return verify(fr, sgn);
        }
        if (!hosts.contains(fr)) {
            return Outcome.refused(ResponseStatusCode.ORIGINATOR_HAS_NO_PRIVILEGE, "no subscription here expects "
                    + "notifications from " + fr);
        }
        try {
            handler.accept(new Notification(fr, rqi, sgn));
        } catch (RuntimeException e) {
            log.warn("the notification handler failed on {} from {}", rqi, fr, e);
            return Outcome.refused(ResponseStatusCode.INTERNAL_SERVER_ERROR, "the receiver could not process the "
                    + "notification");
        }
        return Outcome.OK;
    }

    private static Outcome respond(Responder responder, String fr, String rqi, JsonNode pc) {
        try {
            return new Outcome(ResponseStatusCode.OK, responder.answer(fr, rqi, pc));
        } catch (OneM2MException e) {
            return Outcome.refused(e.status(), e.getMessage());
        } catch (RuntimeException e) {
            log.warn("the responder failed on {} from {}", rqi, fr, e);
            return Outcome.refused(ResponseStatusCode.INTERNAL_SERVER_ERROR, "the receiver could not process the "
                    + "request");
        }
    }

    /** TS-0004 7.5.1.2.3, receiver: the creator and the originator must both be entitled to notify here. */
    private Outcome verify(String fr, JsonNode sgn) {
        String cr = sgn.path("cr").asText("");
        if (cr.isEmpty()) {
            return Outcome.refused(ResponseStatusCode.BAD_REQUEST, "a verification request without its creator (cr)");
        }
        if (!creators.contains(cr)) {
            return Outcome.refused(ResponseStatusCode.SUBSCRIPTION_CREATOR_HAS_NO_PRIVILEGE, "subscriptions by " + cr
                    + " are not accepted here");
        }
        if (!hosts.contains(fr)) {
            return Outcome.refused(ResponseStatusCode.SUBSCRIPTION_HOST_HAS_NO_PRIVILEGE, "notifications from " + fr
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

    private void answer(HttpExchange ex, String rqi, String rvi, Outcome o, Codec codec) throws IOException {
        var h = ex.getResponseHeaders();
        h.set(M2mFields.RSC, Integer.toString(o.rsc().code()));
        if (rqi != null) {
            h.set(M2mFields.RI, rqi);
        }
        if (rvi != null) {
            h.set(M2mFields.RVI, rvi);
        }
        if (o.pc() == null) {
            ex.sendResponseHeaders(o.rsc().httpStatus(), -1);
            return;
        }
        byte[] body = codec.encode(o.pc());
        h.set("Content-Type", Codecs.resourceMediaType(codec));
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
