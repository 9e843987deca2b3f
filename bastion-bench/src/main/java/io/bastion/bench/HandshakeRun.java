package io.bastion.bench;

import io.netty.channel.Channel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Full handshakes per second: N clients, each in a closed loop of connect, complete a full handshake (no session
 * resumption), close, and again. The latency is TCP connect plus handshake as the client sees it. Nothing is sent
 * over the secured channel; it is closed with close_notify.
 */
final class HandshakeRun {

    private static final Executor RETRY = CompletableFuture.delayedExecutor(10, TimeUnit.MILLISECONDS);

    private final RunClock clock = new RunClock();
    private final AtomicLong completed = new AtomicLong();

    private HandshakeRun() {
    }

    /**
     * @param fullHandshakes counts the full handshakes the client made (null when every handshake is full by
     *        construction); fewer than the completed handshakes means some were resumed, which is reported as errors
     */
    static LoadRun.Result run(String name, HttpClient client, String host, int port, ChannelSecurity security,
                              int clients, Duration warmup, Duration measure, CpuMeter meter,
                              LongSupplier fullHandshakes) throws InterruptedException {
        return new HandshakeRun().execute(name, client, host, port, security, clients, warmup, measure, meter,
                fullHandshakes);
    }

    private LoadRun.Result execute(String name, HttpClient client, String host, int port, ChannelSecurity security,
                                   int clients, Duration warmup, Duration measure, CpuMeter meter,
                                   LongSupplier fullHandshakes) throws InterruptedException {
        long fullBefore = fullHandshakes == null ? 0 : fullHandshakes.getAsLong();
        CountDownLatch finished = new CountDownLatch(clients);
        List<Lane> lanes = new ArrayList<>(clients);
        for (int i = 0; i < clients; i++) {
            lanes.add(new Lane(client, host, port, security, finished));
        }
        lanes.forEach(Lane::next);
        RunClock.Window window = clock.run(warmup, measure, meter);
        List<Tally> tallies = lanes.stream().map(l -> l.tally).toList();
        Tally.drain(finished, tallies, "handshakes still unfinished");
        if (fullHandshakes != null) {
            long full = fullHandshakes.getAsLong() - fullBefore;
            if (full < completed.get()) {
                tallies.get(0).errors.merge("resumed handshakes (not full ones), in warm-up and measurement",
                        completed.get() - full, Long::sum);
            }
        }
        return Tally.result(name, tallies, window, security.negotiated());
    }

    /** One client's loop. Its callbacks run on event-loop threads, one at a time. */
    private final class Lane {
        final HttpClient client;
        final String host;
        final int port;
        final ChannelSecurity security;
        final CountDownLatch finished;
        final Tally tally = new Tally();

        Lane(HttpClient client, String host, int port, ChannelSecurity security, CountDownLatch finished) {
            this.client = client;
            this.host = host;
            this.port = port;
            this.security = security;
            this.finished = finished;
        }

        void next() {
            long start = System.nanoTime();
            client.handshake(host, port, security).whenComplete((Channel ch, Throwable failure) -> {
                long elapsed = System.nanoTime() - start;
                int p = clock.phase();
                if (failure == null) {
                    completed.incrementAndGet();
                    ch.close();
                    tally.completed(p, elapsed, null, "");
                } else {
                    tally.completed(p, elapsed, "handshake failed: " + rootCause(failure), "");
                }
                if (p == RunClock.STOP) {
                    finished.countDown();
                } else if (failure != null) {
                    // A refused handshake is fast: pause a little rather than spin against a refusing server.
                    RETRY.execute(this::next);
                } else {
                    next();
                }
            });
        }
    }

    private static String rootCause(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c.getClass().getSimpleName() + (c.getMessage() == null ? "" : ": " + c.getMessage());
    }
}
