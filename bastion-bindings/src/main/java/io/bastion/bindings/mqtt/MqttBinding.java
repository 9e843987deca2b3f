package io.bastion.bindings.mqtt;

import io.bastion.core.binding.RequestProcessor;
import io.bastion.core.codec.Codecs;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MQTT door (TS-0010): one session with the broker ({@link MqttConnection}) that carries both directions. It is
 * made before the CSE, so that the CSE can send through {@link #transport()}, and serves requests once {@link #serve}
 * hands it the CSE: then it subscribes to {@code /oneM2M/req/+/<CSE-ID>/#} and {@code /oneM2M/reg_req/+/<CSE-ID>/#}.
 * A broker that is down does not stop the CSE: the session is retried in the background, the other doors serve.
 */
public final class MqttBinding implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MqttBinding.class);

    private final MqttClientSettings settings;
    private final Codecs codecs;
    private final String spId;
    private final String cseId;
    private final MqttConnection connection;
    private final MqttRequestTransport transport;
    private volatile MqttRequestHandler handler;

    private MqttBinding(MqttClientSettings settings, Codecs codecs, String spId, String cseId, String registrarCseId,
                        Executor executor) {
        this.settings = settings;
        this.codecs = codecs;
        this.spId = spId;
        this.cseId = cseId;
        this.connection = new MqttConnection(settings, executor, this::onMessage);
        this.transport = new MqttRequestTransport(connection, codecs, spId, cseId, registrarCseId);
        connection.subscribe(MqttTopics.responseFilter(cseId));
    }

    /**
     * Connects to the broker in the background and waits for the first connection at most {@code wait}; a broker not
     * there by then is retried with backoff while the CSE runs.
     *
     * @param registrarCseId the registrar's CSE-ID when it is reached over MQTT (for a request whose target names no
     *        CSE), or null
     * @param executor where messages are handled (the CSE's workers: handling may wait on the store)
     */
    public static MqttBinding connect(MqttClientSettings settings, Codecs codecs, String spId, String cseId,
                                      String registrarCseId, Executor executor, java.time.Duration wait) {
        MqttBinding b = new MqttBinding(settings, codecs, spId, cseId, registrarCseId, executor);
        CompletableFuture<Void> first = b.connection.start();
        try {
            first.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.warn("MQTT: broker {} not reached yet ({}); the CSE starts and keeps trying",
                    settings.pointOfAccess(), e.getCause() == null ? e.toString() : e.getCause().getMessage());
        }
        return b;
    }

    /** Starts serving requests to this CSE with {@code cse}. */
    public MqttBinding serve(RequestProcessor cse) {
        this.handler = new MqttRequestHandler(cse, codecs, spId, cseId, settings.maxPayload(),
                new InetSocketAddress(settings.host(), settings.port()));
        connection.subscribe(MqttTopics.requestFilter(MqttTopics.REQ, cseId));
        connection.subscribe(MqttTopics.requestFilter(MqttTopics.REG_REQ, cseId));
        return this;
    }

    /** How the CSE sends requests and notifications to entities on its broker. */
    public MqttRequestTransport transport() {
        return transport;
    }

    public MqttClientSettings settings() {
        return settings;
    }

    public boolean connected() {
        return connection.connected();
    }

    private void onMessage(String topic, byte[] payload) {
        if (topic.startsWith("/oneM2M/" + MqttTopics.RESP + "/")) {
            transport.onResponse(topic, payload);
            return;
        }
        MqttRequestHandler h = handler;
        MqttTopics.RequestTopic rt = MqttTopics.parseRequest(topic).orElse(null);
        if (h == null || rt == null) {
            // another level count under our filter (…/#): no response topic can be formed for it
            LOG.debug("MQTT: message on {} is no request topic of TS-0010 6.4.2; dropped", topic);
            return;
        }
        h.handle(rt, payload).thenCompose(a -> connection.publish(a.topic(), a.payload()))
                .whenComplete((v, e) -> {
                    if (e != null) {
                        LOG.warn("MQTT: the response on {} was not published: {}", topic, e.getMessage());
                    }
                });
    }

    @Override
    public void close() {
        connection.close();
    }
}
