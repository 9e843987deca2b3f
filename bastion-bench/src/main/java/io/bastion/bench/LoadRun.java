package io.bastion.bench;

import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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

    private static final int WARMUP = 0;
    private static final int MEASURE = 1;
    private static final int STOP = 2;

    private volatile int phase = WARMUP;

    private LoadRun() {
    }

    static Result run(String name, HttpClient client, String host, int port, int connections,
                      Duration warmup, Duration measure, RequestSource source, ResponseCheck check)
            throws InterruptedException {
        return new LoadRun().execute(name, client, host, port, connections, warmup, measure, source, check);
    }

    private Result execute(String name, HttpClient client, String host, int port, int connections,
                           Duration warmup, Duration measure, RequestSource source, ResponseCheck check)
            throws InterruptedException {
        List<Worker> workers = new ArrayList<>(connections);
        CountDownLatch finished = new CountDownLatch(connections);
        try {
            for (int i = 0; i < connections; i++) {
                workers.add(new Worker(i, client.connect(host, port), source, check, finished));
            }
        } catch (InterruptedException | RuntimeException e) {
            workers.forEach(w -> w.connection.close());
            throw e;
        }
        for (Worker w : workers) {
            w.sendNext();
        }
        sleep(warmup);
        long start = System.nanoTime();
        phase = MEASURE;
        sleep(measure);
        phase = STOP;
        long end = System.nanoTime();
        boolean drained = finished.await(30, TimeUnit.SECONDS);
        for (Worker w : workers) {
            w.finished = true;
            w.connection.close();
        }

        Histogram latency = new Histogram(3);
        long count = 0;
        long warmupErrors = 0;
        Map<String, Long> errors = new LinkedHashMap<>();
        Map<String, String> samples = new LinkedHashMap<>();
        for (Worker w : workers) {
            latency.add(w.latency);
            count += w.count;
            warmupErrors += w.warmupErrors;
            w.errors.forEach((k, v) -> errors.merge(k, v, Long::sum));
            w.samples.forEach(samples::putIfAbsent);
        }
        if (!drained) {
            errors.merge("requests still unanswered 30 s after the end of the run", finished.getCount(), Long::sum);
        }
        double seconds = (end - start) / 1e9;
        return new Result(name, connections, count, seconds, latency, errors, samples, warmupErrors);
    }

    private static void sleep(Duration d) throws InterruptedException {
        TimeUnit.NANOSECONDS.sleep(d.toNanos());
    }

    /** One connection's closed loop. All its callbacks run on the connection's event loop. */
    private final class Worker implements ResponseListener {
        final int index;
        final Connection connection;
        final RequestSource source;
        final ResponseCheck check;
        final CountDownLatch finishedLatch;
        final Histogram latency = new Histogram(3);
        final Map<String, Long> errors = new LinkedHashMap<>();
        final Map<String, String> samples = new LinkedHashMap<>();
        long seq;
        long sentAt;
        long count;
        long warmupErrors;
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
            int p = phase;
            String failure = check.failure(response);
            if (p == MEASURE) {
                count++;
                latency.recordValue(elapsed);
                if (failure != null) {
                    error(failure, M2m.body(response));
                }
            } else if (p == WARMUP && failure != null) {
                warmupErrors++;
                samples.putIfAbsent(failure, abbreviate(M2m.body(response)));
            }
            if (p == STOP) {
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
            error("connection failed: " + cause, "");
            finish();
        }

        private void error(String kind, String body) {
            errors.merge(kind, 1L, Long::sum);
            samples.putIfAbsent(kind, abbreviate(body));
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

    /** What one scenario measured. Latencies are in nanoseconds. */
    record Result(String scenario, int connections, long requests, double seconds, Histogram latency,
                  Map<String, Long> errors, Map<String, String> errorSamples, long warmupErrors) {

        double requestsPerSecond() {
            return seconds > 0 ? requests / seconds : 0;
        }

        double percentileMillis(double percentile) {
            return latency.getTotalCount() == 0 ? Double.NaN : latency.getValueAtPercentile(percentile) / 1e6;
        }

        long errorCount() {
            return errors.values().stream().mapToLong(Long::longValue).sum();
        }
    }
}
