package io.bastion.bindings.mqtt;

import io.bastion.core.binding.NotificationTransport;
import io.bastion.core.binding.RequestTransport;
import io.bastion.core.codec.Codec;
import io.bastion.core.codec.Codecs;
import io.bastion.core.codec.Serialization;
import io.bastion.core.id.IdForms;
import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.primitive.Request;
import io.bastion.core.primitive.Response;
import io.bastion.core.primitive.ResponseStatusCode;
import io.bastion.core.wire.RequestPrimitives;
import io.bastion.core.wire.ResponsePrimitives;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CSE as an originator over MQTT (TS-0010 6.4.2, 6.4.3): a request to an entity whose point of access is on the
 * CSE's broker ({@code mqtt://host[:port][/path]}, {@code mqtts://…}, 6.6) is published on
 * {@code [path]/oneM2M/req/<this CSE>/<receiver>/<type>} and its response awaited on
 * {@code /oneM2M/resp/<this CSE>/<receiver>/<type>}, matched by its request identifier and by the receiver level, so
 * that only the receiver (whom the broker's ACL lets publish there) can answer. The receiver is the AE-ID of a
 * notification's addressee, or the CSE-ID its target names (Mcc). A notification target given as a URL with a path
 * is the whole topic (6.6), which has no response topic: the broker's acknowledgement is its delivery; a topic under
 * {@code oneM2M} is refused there, as it would let a subscriber make this CSE publish requests or responses in its
 * name. Only the CSE's own broker is reachable: a point of access on another broker is not supported.
 */
public final class MqttRequestTransport implements RequestTransport, NotificationTransport {
    private static final Logger LOG = LoggerFactory.getLogger(MqttRequestTransport.class);

    private final MqttConnection connection;
    private final Codecs codecs;
    private final IdForms ids;
    private final String cseId;
    /** The registrar's CSE-ID, for a request whose target names no CSE (a CSE-relative one), or null. */
    private final String registrarCseId;
    private final Map<String, CompletableFuture<Response>> pending = new ConcurrentHashMap<>();

    public MqttRequestTransport(MqttConnection connection, Codecs codecs, String spId, String cseId,
                                String registrarCseId) {
        this.connection = connection;
        this.codecs = codecs;
        this.ids = new IdForms(spId, cseId);
        this.cseId = cseId.startsWith("/") ? cseId : "/" + cseId;
        this.registrarCseId = registrarCseId;
    }

    /** Whether {@code poa} is an MQTT point of access on this CSE's broker. */
    @Override
    public boolean supports(String poa) {
        return broker(poa) != null;
    }

    @Override
    public CompletableFuture<Response> send(String poa, Request rq, Serialization serialization, Duration timeout) {
        URI u = broker(poa);
        Codec codec = codecs.forSerialization(serialization);
        if (u == null || codec == null) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(u == null ? "not a point of access "
                    + "on this CSE's MQTT broker: " + poa : serialization + " is not written by this CSE"));
        }
        String path = u.getRawPath() == null ? "" : u.getRawPath().replaceAll("^/+", "");
        byte[] payload;
        try {
            payload = codec.encode(RequestPrimitives.write(rq));
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        if (!path.isEmpty() && poa.equals(rq.to())) {
            return publishToTopic(path, payload);
        }
        String receiver;
        try {
            receiver = receiver(rq);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        String receiverLevel = MqttTopics.level(receiver);
        if (!MqttTopics.isPlainLevel(receiverLevel)) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("the receiver " + receiver
                    + " cannot be a topic level (no +, # or /)"));
        }
        String key = receiverLevel + " " + rq.rqi();
        CompletableFuture<Response> answer = new CompletableFuture<>();
        if (pending.putIfAbsent(key, answer) != null) {
            return CompletableFuture.failedFuture(new IllegalStateException("request " + rq.rqi() + " to "
                    + receiver + " is already waiting for its response"));
        }
        answer.whenComplete((r, e) -> pending.remove(key, answer));
        String topic = (path.isEmpty() ? "" : path) + MqttTopics.request(cseId, receiver, serialization);
        publish(topic, payload).whenComplete((v, e) -> {
            if (e != null) {
                answer.completeExceptionally(e);
            }
        });
        return answer.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * A message on this CSE's response topic: completes the request it answers, when one waits for it from that
     * receiver; any other is dropped (a late or forged answer).
     */
    void onResponse(String topic, byte[] payload) {
        String[] levels = MqttTopics.parseResponse(topic).orElse(null);
        if (levels == null || !levels[0].equals(MqttTopics.level(cseId))) {
            return;
        }
        Codec codec = Serialization.of(levels[2]).map(codecs::forSerialization).orElse(null);
        if (codec == null) {
            LOG.debug("MQTT: response in an unknown serialization on {}", topic);
            return;
        }
        Response r;
        try {
            r = ResponsePrimitives.read(codec.decode(payload));
        } catch (OneM2MException | IllegalArgumentException e) {
            LOG.debug("MQTT: unreadable response on {}: {}", topic, e.getMessage());
            return;
        }
        CompletableFuture<Response> waiting = r.rqi() == null ? null : pending.get(levels[1] + " " + r.rqi());
        if (waiting == null) {
            LOG.debug("MQTT: response {} on {} answers no request waiting", r.rqi(), topic);
            return;
        }
        waiting.complete(r);
    }

    /** Published on the broker's acknowledgement: a notification target's own topic has no response (TS-0010 6.6). */
    private CompletableFuture<Response> publishToTopic(String topic, byte[] payload) {
        String first = topic.split("/", 2)[0];
        if (first.equalsIgnoreCase("oneM2M") || topic.contains("+") || topic.contains("#")) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("notification topic " + topic
                    + " is refused: no wildcards, and the oneM2M topics carry requests and responses only"));
        }
        return publish(topic, payload).thenApply(v -> Response.of(ResponseStatusCode.OK, null));
    }

    /** Publishes; a topic the client refuses (malformed UTF-8, too long) fails the future rather than the caller. */
    private CompletableFuture<Void> publish(String topic, byte[] payload) {
        try {
            return connection.publish(topic, payload);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("topic " + topic + ": "
                    + e.getMessage(), e));
        }
    }

    /** The AE-ID or CSE-ID the request's topic names as its receiver. */
    private String receiver(Request rq) {
        String to = rq.to();
        if (to == null || to.isEmpty()) {
            throw new IllegalArgumentException("a request without a target (to) cannot be sent over MQTT");
        }
        String n = ids.normalize(to);
        if (n != null && IdForms.isAeIdStem(n)) {
            return n;
        }
        String cse = ids.cseIdOf(to);
        if (cse != null && !cse.equals(cseId)) {
            return cse;
        }
        if (registrarCseId != null) {
            return registrarCseId;
        }
        throw new IllegalArgumentException("the target " + to + " names no AE or CSE to address over MQTT");
    }

    /** The point of access as a URI when it is MQTT on this CSE's broker, else null. */
    private URI broker(String poa) {
        if (poa == null || !(poa.regionMatches(true, 0, "mqtt://", 0, 7)
                || poa.regionMatches(true, 0, "mqtts://", 0, 8))) {
            return null;
        }
        URI u;
        try {
            u = new URI(poa);
        } catch (java.net.URISyntaxException e) {
            return null;
        }
        MqttClientSettings s = connection.settings();
        boolean tls = u.getScheme().toLowerCase(Locale.ROOT).equals("mqtts");
        int port = u.getPort() > 0 ? u.getPort() : tls ? 8883 : 1883;
        if (u.getHost() == null || tls != s.tls() || port != s.port() || !sameHost(u.getHost(), s.host())) {
            return null;
        }
        return u;
    }

    private static boolean sameHost(String a, String b) {
        String x = a.startsWith("[") ? a.substring(1, a.length() - 1) : a;
        return x.equalsIgnoreCase(b) || isLoopback(x) && isLoopback(b);
    }

    private static boolean isLoopback(String h) {
        return h.equalsIgnoreCase("localhost") || h.startsWith("127.") || h.equals("::1");
    }
}
