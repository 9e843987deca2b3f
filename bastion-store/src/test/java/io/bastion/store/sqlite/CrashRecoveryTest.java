package io.bastion.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every write acknowledged before the process was killed with SIGKILL is in the database after reopening. */
class CrashRecoveryTest {
    private static final int TARGET_ACKS = 3000;

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedWriteSurvivesKillDashNine() throws Exception {
        Path db = dir.resolve("crash.db");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), CrashWriterMain.class.getName(), db.toString(), "4")
                .redirectError(dir.resolve("child-stderr.txt").toFile())
                .start();
        List<String> acked = new ArrayList<>();
        CountDownLatch enough = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(
                    new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    if (!line.equals("ready")) {
                        synchronized (acked) {
                            acked.add(line);
                            if (acked.size() >= TARGET_ACKS) {
                                enough.countDown();
                            }
                        }
                    }
                }
            } catch (java.io.IOException e) {
                // the pipe breaks when the child dies; what was read so far is what counts
            }
        });
        reader.start();
        boolean reached = enough.await(20, TimeUnit.SECONDS);
        child.destroyForcibly(); // SIGKILL: no shutdown hooks, no close(), writes in flight
        assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
        reader.join(10_000);
        assertThat(reached).as("child acknowledged %d writes in time (see child-stderr.txt)", TARGET_ACKS).isTrue();

        List<String> ris;
        synchronized (acked) {
            ris = List.copyOf(acked);
        }
        try (SqliteResourceStore store = SqliteResourceStore.open(StoreConfig.of(db))) {
            List<String> missing = new ArrayList<>();
            for (String ri : ris) {
                if (store.get(ri).isEmpty() || store.get(ri + "-cnt").isEmpty()) {
                    missing.add(ri);
                }
            }
            assertThat(missing).as("acknowledged but lost").isEmpty();
            long count = store.count();
            // at most the batches in flight at the kill were committed without being acknowledged
            assertThat(count).isBetween(1 + 2L * ris.size(), 1 + 2L * ris.size() + 2L * 4 * GroupCommitWriter.MAX_GROUP);
            assertThat(count % 2).as("batches are atomic: both resources or neither").isEqualTo(1);
            System.out.printf("crash: %d acknowledged batches all present after SIGKILL (%d resources on disk)%n",
                    ris.size(), count);
        }
    }
}
