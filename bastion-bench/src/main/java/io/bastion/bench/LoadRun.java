package io.bastion.bench;

import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.HdrHistogram.Histogram;

/**
 * A closed-loop load run: each of N connections sends a request, waits for its response, records the latency
 * and sends the next one; first a warm-up (nothing recorded), then the measurement window.
 */
final class LoadRun {

    /** Makes the next request for a connection; {@code seq} counts that connection's requests from 0. */
    interface RequestSource {
        FullHttpRequest next(int connection, long seq);
    }

    /** Null when the response is what the scenario expects, else a short description of what went wrong. */
    interface ResponseCheck {
        String failure(FullHttpResponse response);
    }

    private final RunClock clock = new RunClock();

    private LoadRun() {
    }

    static Result run(String name, HttpClient client, String host, int port, int connections,
                      Duration warmup, Duration measure, RequestSource source, ResponseCheck check)
            throws InterruptedException {
        return run(name, client, host, port, ChannelSecurity.PLAIN, connections, warmup, measure, source, check,
                CpuMeter.BENCH_ONLY);
    }

    /** The same over connections secured by {@code security} (each handshake completes before the warm-up). */
    static Result run(String name, HttpClient client, String host, int port, ChannelSecurity security,
                      int connections, Duration warmup, Duration measure, RequestSource source, ResponseCheck check,
                      CpuMeter meter) throws InterruptedException {
        return new LoadRun().execute(name, client, host, port, security, connections, warmup, measure, source, check,
                meter);
    }

    private Result execute(String name, HttpClient client, String host, int port, ChannelSecurity security,
                           int connections, Duration warmup, Duration measure, RequestSource source,
                           ResponseCheck check, CpuMeter meter) throws InterruptedException {
        List<Worker> workers = new ArrayList<>(connections);
        CountDownLatch finished = new CountDownLatch(connections);
        try {
            for (int i = 0; i < connections; i++) {
                workers.add(new Worker(i, client.connect(host, port, security), source, check, finished));
            }
        } catch (InterruptedException | RuntimeException e) {
            workers.forEach(w -> w.connection.close());
            throw e;
        }
        for (Worker w : workers) {
            w.sendNext();
        }
        RunClock.Window window = clock.run(warmup, measure, meter);
        List<Tally> tallies = workers.stream().map(w -> w.tally).toList();
        Tally.drain(finished, tallies, "requests still unanswered");
        for (Worker w : workers) {
            w.finished = true;
            w.connection.close();
        }
        return Tally.result(name, tallies, window, security.negotiated());
    }

    /** One connection's closed loop. All its callbacks run on the connection's event loop. */
    private final class Worker implements ResponseListener {
        final int index;
        final Connection connection;
        final RequestSource source;
        final ResponseCheck check;
        final CountDownLatch finishedLatch;
        final Tally tally = new Tally();
        long seq;
        long sentAt;
        volatile boolean finished;

        Worker(int index, Connection connection, RequestSource source, ResponseCheck check, CountDownLatch finished) {
            this.index = index;
            this.connection = connection;
            this.source = source;
            this.check = check;
            this.finishedLatch = finished;
        }

        void sendNext() {
            FullHttpRequest req = source.next(index, seq++);
            sentAt = System.nanoTime();
            connection.send(req, this);
        }

        @Override
        public void onResponse(FullHttpResponse response) {
            long elapsed = System.nanoTime() - sentAt;
            if (finished) {
                return;
            }
            int p = clock.phase();
            String failure = check.failure(response);
            tally.completed(p, elapsed, failure, failure == null ? "" : M2m.body(response));
            if (p == RunClock.STOP) {
                finish();
            } else {
                sendNext();
            }
        }

        @Override
        public void onFailure(Throwable cause) {
            if (finished) {
                return;
            }
            tally.error("connection failed: " + cause, "");
            finish();
        }

        private void finish() {
            finished = true;
            finishedLatch.countDown();
        }
    }

    static String abbreviate(String s) {
        String oneLine = s.replaceAll("\\s+", " ").strip();
        return oneLine.length() <= 200 ? oneLine : oneLine.substring(0, 200) + "...";
    }

    /**
     * What one scenario measured. Latencies are in nanoseconds; {@code requests} counts the operations of the
     * scenario (requests, or full handshakes); {@code detail} says what was negotiated or how the load was spread.
     */
    record Result(String scenario, int connections, long requests, double seconds, Histogram latency,
                  Map<String, Long> errors, Map<String, String> errorSamples, long warmupErrors, CpuMeter.Use cpu,
                  String detail) {

        double requestsPerSecond() {
            return seconds > 0 ? requests / seconds : 0;
        }

        double percentileMillis(double percentile) {
            return latency.getTotalCount() == 0 ? Double.NaN : latency.getValueAtPercentile(percentile) / 1e6;
        }

        long errorCount() {
            return errors.values().stream().mapToLong(Long::longValue).sum();
        }

        /** The same figures with another {@code detail}. */
        Result withDetail(String newDetail) {
            return new Result(scenario, connections, requests, seconds, latency, errors, errorSamples, warmupErrors,
                    cpu, newDetail);
        }
    }
}
