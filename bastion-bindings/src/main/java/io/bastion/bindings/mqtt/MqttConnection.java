package io.bastion.bindings.mqtt;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3ClientBuilder;
import com.hivemq.client.mqtt.mqtt3.message.connect.Mqtt3ConnectBuilder;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CSE's one session with its broker (TS-0010 6.3.3: MQTT 3.1.1, clean session false, no will): connected in the
 * background and reconnected with a doubling delay whenever the broker is lost, its topic filters subscribed again on
 * every connection (a broker that restarted without its sessions has forgotten them), every message handed to one
 * handler on the given executor. Publishing while the broker is away waits in the client until it is back; a
 * request's own timeout bounds how long anyone waits for it.
 */
public final class MqttConnection implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MqttConnection.class);

    private final MqttClientSettings settings;
    private final Mqtt3AsyncClient client;
    private final List<String> filters = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    /**
     * @param handler gets each message's topic and payload, on {@code executor}
     */
    public MqttConnection(MqttClientSettings settings, Executor executor, BiConsumer<String, byte[]> handler) {
        this.settings = settings;
        Mqtt3ClientBuilder b = MqttClient.builder().useMqttVersion3()
                .identifier(settings.clientId())
                .serverHost(settings.host()).serverPort(settings.port())
                .automaticReconnect()
                .initialDelay(settings.reconnectInitial().toMillis(), TimeUnit.MILLISECONDS)
                .maxDelay(settings.reconnectMax().toMillis(), TimeUnit.MILLISECONDS)
                .applyAutomaticReconnect()
                .addConnectedListener(ctx -> {
                    LOG.info("MQTT: connected to {} as {}", settings.pointOfAccess(), settings.clientId());
                    subscribeAll();
                })
                .addDisconnectedListener(ctx -> {
                    if (closed) {
                        ctx.getReconnector().reconnect(false);
                    } else {
                        LOG.warn("MQTT: broker {} lost or unreachable ({}); retrying", settings.pointOfAccess(),
                                ctx.getCause() == null ? "no cause" : ctx.getCause().getMessage());
                    }
                });
        if (settings.tls()) {
            var ssl = MqttClientSslConfig.builder().protocols(List.of("TLSv1.3", "TLSv1.2"));
            if (settings.trust() != null) {
                ssl.trustManagerFactory(settings.trust());
            }
            if (settings.key() != null) {
                ssl.keyManagerFactory(settings.key());
            }
            b.sslConfig(ssl.build());
        }
        this.client = b.buildAsync();
        client.publishes(MqttGlobalPublishFilter.ALL, p -> handler.accept(p.getTopic().toString(),
                p.getPayloadAsBytes()), executor);
    }

    /** Remembers {@code filter} and subscribes to it now if connected (and on every later connection). */
    public void subscribe(String filter) {
        filters.add(filter);
        if (client.getState().isConnected()) {
            subscribe1(filter);
        }
    }

    /** Starts connecting; returns the first connection's outcome, which the client keeps retrying after a failure. */
    public CompletableFuture<Void> start() {
        Mqtt3ConnectBuilder.Send<CompletableFuture<com.hivemq.client.mqtt.mqtt3.message.connect.connack.Mqtt3ConnAck>>
                c = client.connectWith().cleanSession(false).keepAlive((int) settings.keepAlive().toSeconds());
        if (settings.username() != null) {
            var auth = c.simpleAuth().username(settings.username());
            if (settings.password() != null) {
                auth.password(settings.password());
            }
            c = auth.applySimpleAuth();
        }
        return c.send().thenApply(ack -> (Void) null);
    }

    /** Publishes at QoS 1 (TS-0010 6.4.1.1: not 2), never retained; completes when the broker acknowledged it. */
    public CompletableFuture<Void> publish(String topic, byte[] payload) {
        return client.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(payload).send()
                .thenApply(p -> (Void) null);
    }

    public boolean connected() {
        return client.getState().isConnected();
    }

    public MqttClientSettings settings() {
        return settings;
    }

    private void subscribeAll() {
        for (String f : filters) {
            subscribe1(f);
        }
    }

    private void subscribe1(String filter) {
        client.subscribeWith().topicFilter(filter).qos(MqttQos.AT_LEAST_ONCE).send().whenComplete((ack, e) -> {
            if (e != null) {
                LOG.warn("MQTT: subscribing to {} failed: {}", filter, e.getMessage());
            } else if (ack.getReturnCodes().stream().anyMatch(r -> r.isError())) {
                LOG.error("MQTT: the broker refused the subscription to {} (its ACL?): no request on it reaches "
                        + "this CSE", filter);
            }
        });
    }

    /** Disconnects (the broker keeps the session: clean session false, TS-0010 6.3.3). */
    @Override
    public void close() {
        closed = true;
        try {
            client.disconnect().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            // not connected, or the broker is gone: nothing to release on its side
        }
    }
}
