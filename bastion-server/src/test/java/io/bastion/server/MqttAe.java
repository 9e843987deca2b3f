package io.bastion.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3ClientBuilder;
import io.bastion.server.it.XmlTree;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.TrustManagerFactory;

/**
 * An AE (or any client) of a test broker speaking TS-0010 with the HiveMQ client: publishes request primitives on its
 * request topics and waits for the response by rqi; keeps the requests the CSE sends to it (notifications) and
 * answers them with 2000.
 */
final class MqttAe implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    static final ObjectMapper CBOR = new CBORMapper();
    private static final AtomicLong RQI = new AtomicLong();

    private final Mqtt3AsyncClient client;
    private final Map<String, java.util.function.Consumer<byte[]>> topicHandlers = new ConcurrentHashMap<>();
    private final java.util.List<String> filters = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Map<String, BlockingQueue<JsonNode>> responses = new ConcurrentHashMap<>();
    final BlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();
    /** The payloads of requests on {@code …/xml} topics as they came, for XPath over the DOM. */
    final BlockingQueue<byte[]> receivedXml = new LinkedBlockingQueue<>();
    /** The payloads of responses on {@code …/xml} topics as they came, by rqi. */
    private final Map<String, BlockingQueue<byte[]>> xmlResponses = new ConcurrentHashMap<>();
    /** The topics of {@link #received}, in the same order. */
    final BlockingQueue<String> receivedTopics = new LinkedBlockingQueue<>();

    MqttAe(int port, String clientId) {
        this(port, clientId, null);
    }

    MqttAe(int port, String clientId, TrustManagerFactory tls) {
        this(port, clientId, tls, false);
    }

    /** @param reconnect whether to reconnect (and subscribe again) when the broker goes away */
    MqttAe(int port, String clientId, TrustManagerFactory tls, boolean reconnect) {
        Mqtt3ClientBuilder b = MqttClient.builder().useMqttVersion3().identifier(clientId).serverHost("127.0.0.1")
                .serverPort(port);
        if (reconnect) {
            b.automaticReconnect().initialDelay(100, TimeUnit.MILLISECONDS).maxDelay(1, TimeUnit.SECONDS)
                    .applyAutomaticReconnect()
                    .addConnectedListener(c -> filters.forEach(f -> client().subscribeWith().topicFilter(f)
                            .qos(MqttQos.AT_LEAST_ONCE).send()));
        }
        if (tls != null) {
            b.sslConfig(MqttClientSslConfig.builder().trustManagerFactory(tls)
                    .hostnameVerifier((h, s) -> true).build());
        }
        client = b.buildAsync();
        client.connectWith().cleanSession(true).send().join();
        client.publishes(com.hivemq.client.mqtt.MqttGlobalPublishFilter.ALL, p -> {
            String topic = p.getTopic().toString();
            JsonNode body = decode(topic, p.getPayloadAsBytes());
            if (topic.contains("/resp/") || topic.contains("/reg_resp/")) {
                String rqi = body.path("rqi").asText("");
                if (topic.endsWith("/xml")) {
                    xmlResponses.computeIfAbsent(rqi, k -> new LinkedBlockingQueue<>()).add(p.getPayloadAsBytes());
                }
                responses.computeIfAbsent(rqi, k -> new LinkedBlockingQueue<>()).add(body);
                responses.computeIfAbsent("*", k -> new LinkedBlockingQueue<>()).add(body);
            } else if (topicHandlers.containsKey(topic)) {
                topicHandlers.get(topic).accept(p.getPayloadAsBytes());
            } else if (topic.contains("/req/")) {
                receivedTopics.add(topic);
                received.add(body);
                // answer on /oneM2M/resp/<originator>/<receiver>/<type>
                String[] l = topic.split("/");
                if (topic.endsWith("/xml")) {
                    receivedXml.add(p.getPayloadAsBytes());
                    String rsp = "<m2m:rsp xmlns:m2m=\"" + XmlTree.NAMESPACE + "\"><rsc>2000</rsc><rqi>"
                            + body.path("rqi").asText() + "</rqi></m2m:rsp>";
                    client.publishWith().topic("/oneM2M/resp/" + l[3] + "/" + l[4] + "/xml")
                            .qos(MqttQos.AT_LEAST_ONCE).payload(rsp.getBytes(StandardCharsets.UTF_8)).send();
                    return;
                }
                ObjectNode rsp = JSON.createObjectNode().put("rsc", 2000).put("rqi", body.path("rqi").asText());
                client.publishWith().topic("/oneM2M/resp/" + l[3] + "/" + l[4] + "/json").qos(MqttQos.AT_LEAST_ONCE)
                        .payload(JSON.valueToTree(rsp).toString().getBytes()).send();
            }
        });
    }

    /** Hands the payloads that arrive on {@code topic} to {@code handler} as they are. */
    MqttAe onTopic(String topic, java.util.function.Consumer<byte[]> handler) {
        topicHandlers.put(topic, handler);
        return this;
    }

    /** Subscribes (and waits for the broker's acknowledgement). */
    MqttAe listen(String filter) {
        filters.add(filter);
        client.subscribeWith().topicFilter(filter).qos(MqttQos.AT_LEAST_ONCE).send().join();
        return this;
    }

    private Mqtt3AsyncClient client() {
        return client;
    }

    /** Publishes without waiting for the broker: the future fails when the message was lost. */
    java.util.concurrent.CompletableFuture<?> publishAsync(String topic, byte[] payload) {
        return client.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(payload).send();
    }

    static String rqi() {
        return "mqtt-" + RQI.incrementAndGet();
    }

    void publish(String topic, byte[] payload) {
        client.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(payload).send().join();
    }

    /** Publishes {@code primitive} (JSON or CBOR by the topic's last level) and waits for the response to its rqi. */
    JsonNode request(String topic, ObjectNode primitive) throws Exception {
        String rqi = primitive.path("rqi").asText();
        publish(topic, encode(topic, primitive));
        return response(rqi, 20);
    }

    /**
     * Publishes an XML primitive written by hand on an {@code …/xml} topic and waits for the XML response to
     * {@code rqi}, as it came (null after 20 s).
     */
    byte[] requestXml(String topic, String rqi, String primitive) throws InterruptedException {
        publish(topic, primitive.getBytes(StandardCharsets.UTF_8));
        return xmlResponses.computeIfAbsent(rqi, k -> new LinkedBlockingQueue<>()).poll(20, TimeUnit.SECONDS);
    }

    /** The response with {@code rqi} ("*": any), or null after {@code seconds}. */
    JsonNode response(String rqi, int seconds) throws InterruptedException {
        return responses.computeIfAbsent(rqi, k -> new LinkedBlockingQueue<>()).poll(seconds, TimeUnit.SECONDS);
    }

    static byte[] encode(String topic, JsonNode n) throws Exception {
        return (topic.endsWith("/cbor") ? CBOR : JSON).writeValueAsBytes(n);
    }

    static JsonNode decode(String topic, byte[] payload) {
        try {
            if (topic.endsWith("/xml")) {
                // read by the JDK's DOM, not the CSE's codec: the primitive under its root, values as strings
                JsonNode root = XmlTree.read(payload);
                return root.elements().next();
            }
            return (topic.endsWith("/cbor") ? CBOR : JSON).readTree(payload);
        } catch (Exception | AssertionError e) {
            return JSON.createObjectNode().put("undecodable", new String(payload));
        }
    }

    static ObjectNode rqp(int op, String to, String fr) {
        return JSON.createObjectNode().put("op", op).put("to", to).put("fr", fr).put("rqi", rqi()).put("rvi", "3");
    }

    @Override
    public void close() {
        try {
            client.disconnect().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            // already gone
        }
    }
}
