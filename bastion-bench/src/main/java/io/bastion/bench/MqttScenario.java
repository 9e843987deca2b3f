package io.bastion.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code retrieve-la-mqtt}: the read of {@code retrieve-la} (same resource, same reader, same ACP) over the MQTT door
 * (TS-0010): the CSE is started with {@code --mqtt-url} on a mosquitto the bench runs ({@link BrokerProcess}), and
 * {@link MqttLoad} publishes the requests. The ratio to {@code retrieve-la} is the door's cost including the broker's
 * hop; the broker's own CPU is in the detail.
 */
final class MqttScenario {
    static final String NAME = "retrieve-la-mqtt";
    /** The topic level of the bench CSE's CSE-ID (/id-in, the default). */
    private static final String CSE_LEVEL = "id-in";

    private MqttScenario() {
    }

    static CseProcess.Provisioner provisioner(int brokerPort) {
        return (cli, workDir, dataDir) -> new CseProcess.Launch(List.of("--mqtt-url", "tcp://127.0.0.1:" + brokerPort),
                Map.of());
    }

    static LoadRun.Result run(CseScenarios cs, int outstanding, Duration warmup, Duration measure, CpuMeter meter,
                              BrokerProcess broker) {
        try {
            String uri = cs.latestUri();
            return MqttLoad.run(NAME, broker.port(), CseScenarios.READER, CSE_LEVEL,
                    uri.startsWith("/") ? uri.substring(1) : uri, outstanding, warmup, measure, meter,
                    broker.handle());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SetupException("interrupted");
        }
    }
}
