package io.bastion.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * What one lane of a closed-loop run (a connection, an outstanding CoAP request, a handshaking client) counted:
 * latencies and completions during the measurement, errors by kind with an example each. Updated by one thread at a
 * time (a lane has one operation in flight), read after the run.
 */
final class Tally {
    final Histogram latency = new Histogram(3);
    final Map<String, Long> errors = new LinkedHashMap<>();
    final Map<String, String> samples = new LinkedHashMap<>();
    long count;
    long warmupErrors;

    /** One completed operation: counted (with its latency) only while measuring; {@code failure} null for success. */
    void completed(int phase, long nanos, String failure, String body) {
        if (phase == RunClock.MEASURE) {
            count++;
            latency.recordValue(nanos);
            if (failure != null) {
                error(failure, body);
            }
        } else if (phase == RunClock.WARMUP && failure != null) {
            warmupErrors++;
            samples.putIfAbsent(failure, LoadRun.abbreviate(body));
        }
    }

    /** A failure outside a measured operation (e.g. the connection broke): an error whatever the phase. */
    void error(String kind, String body) {
        errors.merge(kind, 1L, Long::sum);
        samples.putIfAbsent(kind, LoadRun.abbreviate(body));
    }

    /**
     * Waits up to 30 s after the run for the lanes' operations in flight; those still unfinished then are counted as
     * one error of the first lane, "{@code what} 30 s after the end of the run".
     */
    static void drain(CountDownLatch finished, List<Tally> lanes, String what) throws InterruptedException {
        if (!finished.await(30, TimeUnit.SECONDS)) {
            lanes.get(0).errors.merge(what + " 30 s after the end of the run", finished.getCount(), Long::sum);
        }
    }

    /** Adds up the lanes' tallies. */
    static LoadRun.Result result(String name, List<Tally> lanes, RunClock.Window window, String detail) {
        Histogram latency = new Histogram(3);
        long count = 0;
        long warmupErrors = 0;
        Map<String, Long> errors = new LinkedHashMap<>();
        Map<String, String> samples = new LinkedHashMap<>();
        for (Tally t : lanes) {
            latency.add(t.latency);
            count += t.count;
            warmupErrors += t.warmupErrors;
            t.errors.forEach((k, v) -> errors.merge(k, v, Long::sum));
            t.samples.forEach(samples::putIfAbsent);
        }
        return new LoadRun.Result(name, lanes.size(), count, window.seconds(), latency, errors, samples, warmupErrors,
                window.cpu(), detail);
    }
}
