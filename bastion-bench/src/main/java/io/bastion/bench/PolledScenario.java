package io.bastion.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.handler.codec.http.FullHttpResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * {@code retrieve-la-polled}: the read of {@code retrieve-la} while {@link #PARKED} connections hold long polls on one
 * AE's pollingChannel, and the polling round trip meanwhile: every {@link #PROBE_MILLIS} ms the AE creates a
 * contentInstance whose content is the bench's clock, in a container it subscribed to; the notification goes through
 * the channel to one of the parked polls, whose answer gives the latency from the create being sent to the notification
 * arriving at the poller (create, notification, channel, poll answer). A poll answered (or timed out, 4008) polls
 * again at once. The CSE is started with connection limits that admit the parked connections.
 */
final class PolledScenario {
    static final String NAME = "retrieve-la-polled";
    static final int PARKED = 1000;
    static final long PROBE_MILLIS = 20;
    static final String POLLER = "Cpoller";
    static final String HOME = CseScenarios.BASE + "/poller";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<Connection> parked = new ArrayList<>();
    private final Histogram roundTrip = new Histogram(60_000_000_000L, 3);
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicLong answered = new AtomicLong();
    private final AtomicLong timedOut = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong seq = new AtomicLong();
    private Thread prober;

    /** Raises the CSE's connection limits so that the parked polls and the load fit, in its configuration file. */
    static CseProcess.Provisioner provisioner() {
        return (cli, workDir, dataDir) -> {
            Path config = workDir.resolve("bastion.properties");
            boolean exists = Files.exists(config);
            String keys = "http.max-connections=" + (PARKED + 1024) + "\nhttp.max-connections-per-address="
                    + (PARKED + 1024) + "\n";
            try {
                if (exists) {
                    Files.writeString(config, Files.readString(config) + keys, StandardCharsets.UTF_8);
                } else {
                    Files.writeString(config, keys, StandardCharsets.UTF_8);
                }
            } catch (IOException e) {
                throw new SetupException("cannot write the configuration: " + e.getMessage());
            }
            // Another provisioner already names the file (the transports' keystore): it now holds these keys too.
            return new CseProcess.Launch(exists ? List.of() : List.of("--config", config.toString()), Map.of());
        };
    }

    /** The polling AE (rr=false) with its channel, and a container whose new instances notify it. */
    void setUp(SetupClient setup) throws InterruptedException {
        setup.create(CseScenarios.BASE, POLLER, M2m.AE,
                "{\"m2m:ae\":{\"rn\":\"poller\",\"api\":\"Nbench\",\"rr\":false,\"srv\":[\"3\"]}}");
        setup.create(HOME, POLLER, 15, "{\"m2m:pch\":{\"rn\":\"ch\"}}");
        setup.create(HOME, POLLER, M2m.CNT, "{\"m2m:cnt\":{\"rn\":\"box\",\"mni\":10}}");
        setup.create(HOME + "/box", POLLER, 23, "{\"m2m:sub\":{\"rn\":\"s\",\"nu\":[\"" + POLLER
                + "\"],\"enc\":{\"net\":[3]}}}");
    }

    /** Opens the parked connections, each holding a long poll, and starts the probes. */
    void start(HttpClient client, int port, SetupClient setup) throws InterruptedException {
        running.set(true);
        for (int i = 0; i < PARKED; i++) {
            Connection c = client.connect("127.0.0.1", port);
            parked.add(c);
            poll(c, setup.authority(), i);
        }
        prober = Thread.ofPlatform().name("bench-poll-prober").daemon().start(() -> probe(setup));
    }

    private void poll(Connection c, String authority, int index) {
        if (!running.get()) {
            return;
        }
        c.send(M2m.retrieve(authority, HOME + "/ch/pcu", POLLER, "poll-" + index + "-" + seq.incrementAndGet()),
                new ResponseListener() {
                    @Override
                    public void onResponse(FullHttpResponse response) {
                        long now = System.nanoTime();
                        String rsc = M2m.rsc(response);
                        if ("2000".equals(rsc)) {
                            recordArrival(M2m.body(response), now);
                        } else if ("4008".equals(rsc)) {
                            timedOut.incrementAndGet();
                        } else {
                            failed.incrementAndGet();
                        }
                        poll(c, authority, index);
                    }

                    @Override
                    public void onFailure(Throwable cause) {
                        if (running.get()) {
                            failed.incrementAndGet();
                        }
                    }
                });
    }

    private void recordArrival(String body, long now) {
        try {
            JsonNode con = JSON.readTree(body).path("m2m:rqp").path("pc").path("m2m:sgn").path("nev").path("rep")
                    .path("m2m:cin").path("con");
            long sent = Long.parseLong(con.asText());
            synchronized (roundTrip) {
                roundTrip.recordValue(Math.max(0, now - sent));
            }
            answered.incrementAndGet();
        } catch (IOException | NumberFormatException e) {
            failed.incrementAndGet();
        }
    }

    private void probe(SetupClient setup) {
        while (running.get()) {
            try {
                setup.create(HOME + "/box", POLLER, M2m.CIN, "{\"m2m:cin\":{\"con\":\"" + System.nanoTime()
                        + "\"}}");
                Thread.sleep(PROBE_MILLIS);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                failed.incrementAndGet();
            }
        }
    }

    /** Stops the probes and closes the parked connections; returns the round trip figures. */
    String stop() throws InterruptedException {
        running.set(false);
        if (prober != null) {
            prober.interrupt();
            prober.join(5000);
        }
        String detail;
        synchronized (roundTrip) {
            detail = String.format(Locale.ROOT, "%d parked long polls on one pollingChannel; polling round trip "
                    + "(create sent -> notification at a poller) p50 %.3f ms, p99 %.3f ms over %d notifications (warm-up included); "
                    + "%d polls timed out (4008) and polled again, %d failures", PARKED,
                    roundTrip.getValueAtPercentile(50) / 1e6, roundTrip.getValueAtPercentile(99) / 1e6,
                    answered.get(), timedOut.get(), failed.get());
        }
        parked.forEach(Connection::close);
        parked.clear();
        return detail;
    }
}
