package io.bastion.bindings.mqtt;

import com.fasterxml.jackson.databind.JsonNode;
import io.bastion.core.binding.RequestProcessor;
import io.bastion.core.codec.Codec;
import io.bastion.core.codec.Codecs;
import io.bastion.core.codec.Serialization;
import io.bastion.core.id.IdForms;
import io.bastion.core.primitive.Authentication;
import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.primitive.Operation;
import io.bastion.core.primitive.Peer;
import io.bastion.core.primitive.Request;
import io.bastion.core.primitive.Response;
import io.bastion.core.primitive.ResponseStatusCode;
import io.bastion.core.resource.ResourceTypes;
import io.bastion.core.text.Excerpt;
import io.bastion.core.wire.RequestPrimitives;
import io.bastion.core.wire.ResponsePrimitives;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The door's one job: a request message from the broker becomes a request primitive for the CSE, and its response a
 * message on the response topic (TS-0010 6.4.3), in the serialization of the request's topic (6.5.3). Before the CSE
 * sees it, the door checks what only it can: the size, the serialization level, that the payload is a request
 * primitive (4000 naming what is wrong), and that its {@code fr} is the originator the topic names (4106; TS-0010
 * 7.2: the broker's ACL vouches for the topic, not for the payload). On a registration topic (6.4.4) the originator
 * has no ID yet and only a registration is taken. Every refusal is a response on the response topic; nothing the
 * payload holds can stop the door.
 */
public final class MqttRequestHandler {
    private static final Logger LOG = LoggerFactory.getLogger(MqttRequestHandler.class);
    /** How an MQTT request's peer names its door (doors.require-association=mqtt turns the door off). */
    public static final String DOOR = "mqtt";

    private final RequestProcessor cse;
    private final Codecs codecs;
    private final IdForms ids;
    private final String cseId;
    private final int maxPayload;
    private final Peer peer;

    /**
     * @param broker the broker's address: the remote end the CSE knows of, which {@code plain.allow} judges
     */
    public MqttRequestHandler(RequestProcessor cse, Codecs codecs, String spId, String cseId, int maxPayload,
                              InetSocketAddress broker) {
        this.cse = cse;
        this.codecs = codecs;
        this.ids = new IdForms(spId, cseId);
        this.cseId = cseId.startsWith("/") ? cseId : "/" + cseId;
        this.maxPayload = maxPayload;
        // Unauthenticated: the CSE never saw the publisher's credentials (TS-0010 7.1), only the broker's topic.
        this.peer = new Peer(broker, DOOR, Authentication.none());
    }

    /** A response message: the topic it goes to and its payload. */
    public record Answer(String topic, byte[] payload) {
    }

    /**
     * Handles one request message; completes with the answer to publish (never exceptionally).
     *
     * @param topic a topic under {@code /oneM2M/req/} or {@code /oneM2M/reg_req/} addressed to this CSE
     */
    public CompletableFuture<Answer> handle(MqttTopics.RequestTopic topic, byte[] payload) {
        Serialization s = topic.serialization().orElse(null);
        Codec codec = s == null ? null : codecs.forSerialization(s);
        if (codec == null) {
            // answered in JSON, on the JSON response topic the originator also listens to (…/#)
            return done(topic, codecs.json(), null, Response.error(ResponseStatusCode.UNSUPPORTED_MEDIA_TYPE,
                    "the topic's serialization " + Excerpt.of(topic.type()) + " is not served: json, cbor or xml"));
        }
        if (payload.length > maxPayload) {
            return done(topic, codec, null, Response.error(ResponseStatusCode.BAD_REQUEST, "the message of "
                    + payload.length + " bytes exceeds the limit of " + maxPayload + " bytes"));
        }
        Request rq;
        try {
            JsonNode primitive = codec.decode(payload);
            rq = RequestPrimitives.read(primitive);
            check(topic, rq);
        } catch (OneM2MException e) {
            return done(topic, codec, rqi(payload, codec), Response.error(e));
        } catch (RuntimeException e) {
            LOG.warn("MQTT: unreadable request on {}", topic, e);
            return done(topic, codec, null, Response.error(ResponseStatusCode.BAD_REQUEST,
                    "the message is not a request primitive"));
        }
        return cse.processAsync(rq, peer)
                .exceptionally(e -> {
                    LOG.error("MQTT: request {} failed", rq.rqi(), e);
                    return Response.error(ResponseStatusCode.INTERNAL_SERVER_ERROR, "internal error");
                })
                .thenApply(r -> answer(topic, codec, r.rqi() == null ? r.withRequest(rq, cseId) : r));
    }

    /**
     * The topic vouches for the originator; the payload must agree (TS-0010 7.2, TS-0003 7.2.1: an {@code fr} the
     * transport does not support is impersonation, 4106). The receiver level was the CSE's own subscription.
     */
    private void check(MqttTopics.RequestTopic topic, Request rq) {
        if (topic.registration()) {
            boolean registers = rq.op() == Operation.CREATE && rq.ty() != null
                    && (rq.ty() == ResourceTypes.AE || rq.ty() == ResourceTypes.CSR);
            if (!registers) {
                throw new OneM2MException(ResponseStatusCode.ORIGINATOR_NOT_AUTHENTICATED, "a registration topic ("
                        + MqttTopics.REG_REQ + ", TS-0010 6.4.4) carries only the registration of an AE or a CSE: "
                        + "its originator has no ID the topic could vouch for");
            }
            return;
        }
        String fr = rq.fr();
        if (fr == null || fr.isEmpty()) {
            return; // the CSE's validation refuses a request without From (4000)
        }
        String claimed = comparable(fr);
        String proved = comparable(MqttTopics.id(topic.originator()));
        if (!claimed.equals(proved)) {
            throw new OneM2MException(ResponseStatusCode.ORIGINATOR_NOT_AUTHENTICATED, "originator "
                    + Excerpt.of(fr) + " is not the originator of the topic (" + Excerpt.of(topic.originator())
                    + ", TS-0010 6.4.2): a client publishes in its own name only");
        }
    }

    private String comparable(String id) {
        String n = ids.normalize(id);
        return n == null ? id : n;
    }

    private CompletableFuture<Answer> done(MqttTopics.RequestTopic topic, Codec codec, String rqi, Response r) {
        return CompletableFuture.completedFuture(answer(topic, codec,
                new Response(r.rsc(), rqi, r.pc(), null, cseId, null, null, null)));
    }

    private Answer answer(MqttTopics.RequestTopic topic, Codec codec, Response r) {
        return new Answer(topic.responseTopic(codec.format()), codec.encode(ResponsePrimitives.write(r)));
    }

    /** The request's rqi when the payload is an object that has one, for a refusal the originator can match. */
    private static String rqi(byte[] payload, Codec codec) {
        try {
            JsonNode p = codec.decode(payload);
            JsonNode inner = p.size() == 1 && p.has(RequestPrimitives.ROOT) ? p.get(RequestPrimitives.ROOT) : p;
            JsonNode rqi = inner.get("rqi");
            return rqi != null && rqi.isTextual() && rqi.asText().length() <= 1024 ? rqi.asText() : null;
        } catch (RuntimeException e) {
            return null;
        }
    }
}
