package io.bastion.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * RETRIEVE over MQTT (TS-0010) through a broker: {@code outstanding} request primitives in flight at all times (closed
 * loop per lane), all published by one MQTT client as the reader on {@code /oneM2M/req/<reader>/<cse>/json} at QoS 1,
 * answered on {@code /oneM2M/resp/<reader>/<cse>/json} and matched by rqi. One client, because TS-0010 gives an
 * originator one response topic: several clients of the same originator would each receive every answer.
 */
final class MqttLoad {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A request unanswered this long is an error (QoS 1 does not lose it; the CSE or the broker did). */
    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(20);

    private final RunClock clock = new RunClock();
    private final Mqtt3AsyncClient client;
    private final String requestTopic;
    private final String to;
    private final String originator;
    private final Map<String, Lane> waiting = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final java.util.concurrent.ScheduledThreadPoolExecutor timer =
            new java.util.concurrent.ScheduledThreadPoolExecutor(1, r -> {
                Thread t = new Thread(r, "bench-mqtt-timer");
                t.setDaemon(true);
                return t;
            });

    private MqttLoad(int brokerPort, String originator, String receiverLevel, String to) {
        this.originator = originator;
        this.to = to;
        this.requestTopic = "/oneM2M/req/" + originator + "/" + receiverLevel + "/json";
        timer.setRemoveOnCancelPolicy(true); // one timeout per request, cancelled by its answer
        this.client = MqttClient.builder().useMqttVersion3().identifier("bench-" + originator)
                .serverHost("127.0.0.1").serverPort(brokerPort).buildAsync();
    }

    static LoadRun.Result run(String name, int brokerPort, String originator, String receiverLevel, String to,
                              int outstanding, Duration warmup, Duration measure, CpuMeter meter,
                              ProcessHandle broker) throws InterruptedException {
        MqttLoad load = new MqttLoad(brokerPort, originator, receiverLevel, to);
        try {
            return load.execute(name, outstanding, warmup, measure, meter, broker);
        } finally {
            load.client.disconnect();
            load.timer.shutdownNow();
        }
    }

    private LoadRun.Result execute(String name, int outstanding, Duration warmup, Duration measure, CpuMeter meter,
                                   ProcessHandle broker) throws InterruptedException {
        try {
            client.connectWith().cleanSession(true).send().get(10, TimeUnit.SECONDS);
            client.publishes(MqttGlobalPublishFilter.ALL, p -> answered(p.getPayloadAsBytes()));
            client.subscribeWith().topicFilter("/oneM2M/resp/" + originator + "/#").qos(MqttQos.AT_LEAST_ONCE)
                    .send().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new SetupException("cannot connect to the broker as " + originator + ": " + e);
        }
        probe();
        CountDownLatch finished = new CountDownLatch(outstanding);
        List<Lane> lanes = new ArrayList<>();
        for (int i = 0; i < outstanding; i++) {
            lanes.add(new Lane(finished));
        }
        long brokerBefore = cpuNanos(broker);
        long t0 = System.nanoTime();
        lanes.forEach(Lane::next);
        RunClock.Window window = clock.run(warmup, measure, meter);
        double brokerCores = (cpuNanos(broker) - brokerBefore) / 1e9 / ((System.nanoTime() - t0) / 1e9);
        Tally.drain(finished, lanes.stream().map(l -> l.tally).toList(), "requests still unanswered");
        String detail = String.format("QoS 1, %d outstanding over one MQTT 3.1.1 client; mosquitto used %.2f cores "
                + "(warm-up and measurement)", outstanding, brokerCores);
        return Tally.result(name, lanes.stream().map(l -> l.tally).toList(), window, detail);
    }

    /** One request must be answered 2000 before the load starts. */
    private void probe() throws InterruptedException {
        Lane probe = new Lane(new CountDownLatch(1));
        String rqi = "mq-probe";
        java.util.concurrent.CompletableFuture<JsonNode> answer = new java.util.concurrent.CompletableFuture<>();
        probe.onAnswer = answer::complete;
        waiting.put(rqi, probe);
        client.publishWith().topic(requestTopic).qos(MqttQos.AT_LEAST_ONCE).payload(request(rqi)).send();
        try {
            JsonNode r = answer.get(30, TimeUnit.SECONDS);
            if (r.path("rsc").asInt() != 2000) {
                throw new SetupException("the probe over MQTT was answered " + r);
            }
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new SetupException("the probe over MQTT was not answered in 30 s (is the CSE on the broker?)");
        } finally {
            waiting.remove(rqi);
        }
    }

    private byte[] request(String rqi) {
        return ("{\"op\":2,\"to\":\"" + to + "\",\"fr\":\"" + originator + "\",\"rqi\":\"" + rqi
                + "\",\"rvi\":\"3\"}").getBytes(StandardCharsets.UTF_8);
    }

    private void answered(byte[] payload) {
        JsonNode r;
        try {
            r = JSON.readTree(payload);
        } catch (Exception e) {
            return;
        }
        Lane lane = waiting.remove(r.path("rqi").asText(""));
        if (lane != null) {
            lane.onAnswer.accept(r);
        }
    }

    private static long cpuNanos(ProcessHandle p) {
        return p.info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
    }

    /** One outstanding request at a time. */
    private final class Lane {
        final CountDownLatch finished;
        final Tally tally = new Tally();
        java.util.function.Consumer<JsonNode> onAnswer = this::onResponse;
        private long start;
        private java.util.concurrent.ScheduledFuture<?> deadline;

        Lane(CountDownLatch finished) {
            this.finished = finished;
        }

        void next() {
            String rqi = "mq-" + ids.incrementAndGet();
            start = System.nanoTime();
            waiting.put(rqi, this);
            deadline = timer.schedule(() -> {
                if (waiting.remove(rqi, this)) {
                    completed("no response in " + ANSWER_WITHIN.toSeconds() + " s", "");
                }
            }, ANSWER_WITHIN.toMillis(), TimeUnit.MILLISECONDS);
            client.publishWith().topic(requestTopic).qos(MqttQos.AT_LEAST_ONCE).payload(request(rqi)).send();
        }

        private void onResponse(JsonNode r) {
            deadline.cancel(false);
            int rsc = r.path("rsc").asInt();
            completed(rsc >= 2000 && rsc < 3000 ? null : "rsc " + rsc, r.toString());
        }

        private void completed(String failure, String body) {
            int p = clock.phase();
            tally.completed(p, System.nanoTime() - start, failure, body);
            if (p == RunClock.STOP) {
                finished.countDown();
            } else {
                next();
            }
        }
    }
}
