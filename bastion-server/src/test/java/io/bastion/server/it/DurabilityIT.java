package io.bastion.server.it;

import static io.bastion.server.it.M2m.rule;
import static io.bastion.server.it.M2m.rules;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.bastion.server.BastionServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What was acknowledged stays: across a clean restart, and across SIGKILL under write load. */
class DurabilityIT {

    @Test
    void everythingSurvivesARestart(@TempDir Path dir) throws InterruptedException {
        Map<String, JsonNode> before = new LinkedHashMap<>();
        List<String> paths = List.of("/cse-in/keep", "/cse-in/keep/acp", "/cse-in/keep/data",
                "/cse-in/keep/data/inner", "/cse-in/keep/data/sub", "/cse-in/keep/grp");
        String cin1;
        String cin2;
        NotificationReceiver rx = new NotificationReceiver();
        try (BastionServer s = M2m.startServer(dir)) {
            M2m m = new M2m(s.httpPort());
            m.registerAe("Ckeep", "keep", rx.url("/poa"));
            String acp = m.createAcp("Ckeep", "/cse-in/keep", "acp", rules(rule(2, "Cguest"), rule(63, "Ckeep")),
                    rules(rule(63, "Ckeep")));
            m.create("Ckeep", "/cse-in/keep", 3, "{\"m2m:cnt\":{\"rn\":\"data\",\"mni\":2,\"lbl\":[\"a\",\"b\"],"
                    + "\"acpi\":[\"" + acp + "\"]}}").expect(2001);
            m.createContainer("Ckeep", "/cse-in/keep/data", "inner");
            m.createCin("Ckeep", "/cse-in/keep/data", "dropped").expect(2001);
            cin1 = m.createCin("Ckeep", "/cse-in/keep/data", "first").expect(2001).ri();
            cin2 = m.createCin("Ckeep", "/cse-in/keep/data", "second").expect(2001).ri();
            m.create("Ckeep", "/cse-in/keep/data", 23, "{\"m2m:sub\":{\"rn\":\"sub\",\"nu\":[\"" + rx.url("/n")
                    + "\"],\"enc\":{\"net\":[3]}}}").expect(2001);
            rx.await("/n", NotificationReceiver.Received::isVerification);
            String dataRi = m.retrieve("Ckeep", "/cse-in/keep/data").expect(2000).ri();
            m.create("Ckeep", "/cse-in/keep", 9, "{\"m2m:grp\":{\"rn\":\"grp\",\"mnm\":3,\"mid\":[\"" + dataRi
                    + "\"]}}").expect(2001);
            m.registerAe("Cguest", "guest");
            for (String p : paths) {
                before.put(p, m.retrieve("Ckeep", p).expect(2000).inner());
            }
            before.put("/cse-in/keep/data/la", m.retrieve("Ckeep", "/cse-in/keep/data/la").expect(2000).inner());
            before.put("/cse-in/keep/data/ol", m.retrieve("Ckeep", "/cse-in/keep/data/ol").expect(2000).inner());
        }

        try (BastionServer s = M2m.startServer(dir)) {
            M2m m = new M2m(s.httpPort());
            for (Map.Entry<String, JsonNode> e : before.entrySet()) {
                assertThat(m.retrieve("Ckeep", e.getKey()).expect(2000).inner()).as(e.getKey())
                        .isEqualTo(e.getValue());
            }
            assertThat(m.retrieve("Ckeep", "/cse-in/keep/data/la").expect(2000).ri()).isEqualTo(cin2);
            assertThat(m.retrieve("Ckeep", "/cse-in/keep/data/ol").expect(2000).ri()).isEqualTo(cin1);
            // registrations, access control and the subscription still work
            m.retrieve("Cguest", "/cse-in/keep/data").expect(2000);
            m.retrieve("Cguest", "/cse-in/keep").expect(4103);
            m.create("Ckeep", "/cse-in", 2, M2m.aeBody("again")).expect(4117);
            m.createCin("Ckeep", "/cse-in/keep/data", "third").expect(2001);
            rx.await("/n", r -> r.net() == 3);
            JsonNode cnt = m.retrieve("Ckeep", "/cse-in/keep/data").expect(2000).inner();
            assertThat(cnt.path("cni").asInt()).isEqualTo(2);
            m.retrieve("Ckeep", "/" + cin1).expect(4004);
            // identifiers stay unique after the restart
            String fresh = m.create("Ckeep", "/cse-in/keep", 3, "{\"m2m:cnt\":{}}").expect(2001).ri();
            assertThat(before.values()).noneMatch(v -> v.path("ri").asText().equals(fresh));
        } finally {
            rx.close();
        }
    }

    @Test
    void acknowledgedCreatesSurviveSigkillUnderWriteLoad(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("child.log");
        Path data = dir.resolve("data");
        Process child = startChild(data, log);
        ConcurrentLinkedQueue<String> acknowledged = new ConcurrentLinkedQueue<>();
        AtomicLong attempts = new AtomicLong();
        AtomicInteger ioErrors = new AtomicInteger();
        ConcurrentLinkedQueue<String> refusals = new ConcurrentLinkedQueue<>();
        int threads = 4;
        try {
            int port = awaitPort(child, log);
            M2m m = new M2m(port);
            m.registerAe("Cload", "load");
            m.createContainer("Cload", "/cse-in/load", "stream");

            ExecutorService pool = Executors.newFixedThreadPool(threads);
            CountDownLatch go = new CountDownLatch(1);
            long stopAt = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                workers.add(pool.submit(() -> {
                    M2m client = new M2m(port);
                    go.await();
                    int n = 0;
                    while (System.nanoTime() < stopAt) {
                        attempts.incrementAndGet();
                        try {
                            M2m.Rsp r = client.createCin("Cload", "/cse-in/load/stream", "t" + id + "-" + n++);
                            if (r.rsc() == 2001) {
                                acknowledged.add(r.ri());
                            } else {
                                refusals.add(r.rsc() + " " + r.body());
                            }
                        } catch (RuntimeException e) {
                            ioErrors.incrementAndGet(); // the connection died with the server
                        }
                    }
                    return null;
                }));
            }
            go.countDown();
            // kill while the writers are still writing
            Thread.sleep(Duration.ofSeconds(3).toMillis() - 200);
            child.destroyForcibly();
            assertThat(child.waitFor(20, TimeUnit.SECONDS)).isTrue();
            for (Future<?> f : workers) {
                f.get(60, TimeUnit.SECONDS);
            }
            pool.shutdown();
        } finally {
            if (child.isAlive()) {
                child.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
            }
        }

        List<String> missing = new ArrayList<>();
        try (BastionServer s = M2m.startServer(data)) {
            M2m m = new M2m(s.httpPort());
            for (String ri : acknowledged) {
                if (m.retrieve("Cload", "/" + ri).rsc() != 2000) {
                    missing.add(ri);
                }
            }
            JsonNode cnt = m.retrieve("Cload", "/cse-in/load/stream").expect(2000).inner();
            System.out.printf("kill -9 under load: %d CREATE attempts by %d threads, %d acknowledged (2001), "
                            + "%d refused with another status, %d cut off by the kill, %d acknowledged but missing "
                            + "after restart; cni after restart %d%n",
                    attempts.get(), threads, acknowledged.size(), refusals.size(), ioErrors.get(), missing.size(),
                    cnt.path("cni").asInt());
            assertThat(acknowledged).as("the load produced acknowledged creates").isNotEmpty();
            assertThat(missing).as("acknowledged contentInstances lost by SIGKILL").isEmpty();
            assertThat(refusals).as("creates refused by the live server under load").isEmpty();
            assertThat(cnt.path("cni").asInt()).as("cni counts what is stored")
                    .isGreaterThanOrEqualTo(acknowledged.size());
            int stored = m.retrieve("Cload", "/cse-in/load/stream?fu=1&ty=4").expect(2000).uris().size();
            assertThat(cnt.path("cni").asInt()).as("cni equals the stored instances").isEqualTo(stored);
        }
    }

    private static Process startChild(Path data, Path log) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", cp, "io.bastion.server.Main", "run",
                "--http-port", "0", "--admin-port", "0", "--data", data.toString());
        pb.redirectError(log.toFile());
        return pb.start();
    }

    /** Reads the child's stdout up to the {@code listening http=PORT} line. */
    private static int awaitPort(Process child, Path log) throws Exception {
        ExecutorService reader = Executors.newSingleThreadExecutor();
        try {
            Future<Integer> port = reader.submit(() -> {
                BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(),
                        StandardCharsets.UTF_8));
                String line;
                while ((line = in.readLine()) != null) {
                    int at = line.indexOf("listening http=");
                    if (at >= 0) {
                        String rest = line.substring(at + "listening http=".length()).trim();
                        return Integer.parseInt(rest.split("\\s+")[0]);
                    }
                }
                return -1;
            });
            int p = port.get(60, TimeUnit.SECONDS);
            if (p <= 0) {
                throw new AssertionError("child server did not start: " + Files.readString(log));
            }
            return p;
        } finally {
            reader.shutdownNow();
        }
    }
}
