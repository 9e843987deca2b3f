package io.bastion.bench;

import io.bastion.bindings.coap.OneM2mOptions;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.californium.core.coap.MessageObserverAdapter;
import org.eclipse.californium.core.coap.Option;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.SystemConfig;
import org.eclipse.californium.elements.config.UdpConfig;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.cipher.CipherSuite;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedSinglePskStore;

/**
 * RETRIEVE over CoAP (TS-0008) with Californium's client endpoints, plain UDP or DTLS 1.2 with a pre-shared key
 * ({@code TLS_PSK_WITH_AES_128_CCM_8}): {@code outstanding} confirmable GETs in flight at all times (closed loop per
 * lane), spread over a few client endpoints, each one a UDP socket and, for CoAPS, one DTLS session.
 *
 * <p>A CoAP server deduplicates by (peer, message ID) for up to EXCHANGE_LIFETIME (247 s by RFC 7252; the CSE's doors
 * at most 60 s and a bounded number of messages), and a client endpoint has 65,536 message IDs: an endpoint is therefore replaced by a fresh one (new port, new DTLS session) after
 * {@value #ROTATE_AFTER} requests, so long runs never reuse a message ID the server still remembers.
 */
final class CoapLoad {

    static final int ROTATE_AFTER = 50_000;

    /** What to read, from where, as whom; {@code pskIdentity} null for plain CoAP. */
    record Target(String host, int port, String path, String originator, String pskIdentity, byte[] pskKey) {
        boolean secure() {
            return pskIdentity != null;
        }
    }

    private final RunClock clock = new RunClock();
    private final Target target;
    private final String uri;
    private final Configuration config;
    private final ScheduledExecutorService main;
    private final ScheduledExecutorService secondary;
    private final List<CoapEndpoint> retired = new ArrayList<>();
    private final AtomicInteger requestIds = new AtomicInteger();

    private CoapLoad(Target target, int threads) {
        this.target = target;
        this.uri = (target.secure() ? "coaps://" : "coap://") + target.host() + ":" + target.port() + target.path();
        this.config = configuration();
        this.main = Executors.newScheduledThreadPool(threads, daemon("bench-coap"));
        this.secondary = Executors.newSingleThreadScheduledExecutor(daemon("bench-coap-timer"));
    }

    static LoadRun.Result run(String name, Target target, int outstanding, int endpoints, int threads,
                              Duration warmup, Duration measure, CpuMeter meter) throws InterruptedException {
        CoapLoad load = new CoapLoad(target, threads);
        try {
            return load.execute(name, outstanding, Math.min(endpoints, outstanding), warmup, measure, meter);
        } finally {
            load.shutdown();
        }
    }

    private LoadRun.Result execute(String name, int outstanding, int endpoints, Duration warmup, Duration measure,
                                   CpuMeter meter) throws InterruptedException {
        List<Slot> slots = new ArrayList<>();
        for (int i = 0; i < endpoints; i++) {
            slots.add(new Slot());
        }
        CountDownLatch finished = new CountDownLatch(outstanding);
        List<Lane> lanes = new ArrayList<>();
        for (int i = 0; i < outstanding; i++) {
            lanes.add(new Lane(slots.get(i % endpoints), finished));
        }
        lanes.forEach(Lane::next);
        RunClock.Window window = clock.run(warmup, measure, meter);
        List<Tally> tallies = lanes.stream().map(l -> l.tally).toList();
        // Confirmable requests give up after their retransmissions (MAX_RETRANSMIT 2: about 14 s).
        Tally.drain(finished, tallies, "requests still unanswered");
        String detail = "CON GET, " + outstanding + " outstanding over " + endpoints + " client endpoint(s)"
                + (target.secure() ? ", DTLS 1.2 TLS_PSK_WITH_AES_128_CCM_8" : ", plain UDP");
        return Tally.result(name, tallies, window, detail);
    }

    private Configuration configuration() {
        Configuration c = new Configuration(SystemConfig.DEFINITIONS, CoapConfig.DEFINITIONS, UdpConfig.DEFINITIONS,
                DtlsConfig.DEFINITIONS);
        // One receiver and one sender thread per socket: the protocol work runs on the shared executors.
        c.set(UdpConfig.UDP_RECEIVER_THREAD_COUNT, 1);
        c.set(UdpConfig.UDP_SENDER_THREAD_COUNT, 1);
        c.set(DtlsConfig.DTLS_RECEIVER_THREAD_COUNT, 1);
        c.set(DtlsConfig.DTLS_CONNECTOR_THREAD_COUNT, 1);
        c.set(DtlsConfig.DTLS_MAX_RETRANSMISSIONS, 2);
        c.set(CoapConfig.MAX_RETRANSMIT, 2);
        return c;
    }

    private CoapEndpoint newEndpoint() {
        CoapEndpoint.Builder b = new CoapEndpoint.Builder().setConfiguration(config)
                .setOptionRegistry(OneM2mOptions.REGISTRY);
        if (target.secure()) {
            DtlsConnectorConfig dtls = new DtlsConnectorConfig.Builder(config)
                    .setAddress(new InetSocketAddress(target.host(), 0))
                    .set(DtlsConfig.DTLS_ROLE, DtlsConfig.DtlsRole.CLIENT_ONLY)
                    .set(DtlsConfig.DTLS_RECOMMENDED_CIPHER_SUITES_ONLY, false)
                    .setAsList(DtlsConfig.DTLS_CIPHER_SUITES, CipherSuite.TLS_PSK_WITH_AES_128_CCM_8)
                    .setAdvancedPskStore(new AdvancedSinglePskStore(target.pskIdentity(), target.pskKey()))
                    .build();
            b.setConnector(new DTLSConnector(dtls));
        } else {
            b.setInetSocketAddress(new InetSocketAddress(target.host(), 0));
        }
        CoapEndpoint ep = b.build();
        ep.setExecutors(main, secondary);
        try {
            ep.start();
        } catch (IOException e) {
            ep.destroy();
            throw new SetupException("cannot start a CoAP client endpoint: " + e.getMessage());
        }
        return ep;
    }

    private void shutdown() {
        synchronized (retired) {
            retired.forEach(CoapEndpoint::destroy);
            retired.clear();
        }
        main.shutdownNow();
        secondary.shutdownNow();
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** One client endpoint in use, replaced after {@link #ROTATE_AFTER} requests. */
    private final class Slot {
        private CoapEndpoint endpoint = newEndpoint();
        private int issued;

        Slot() {
            synchronized (retired) {
                retired.add(endpoint); // destroyed at the end of the run, like every later one
            }
        }

        synchronized CoapEndpoint next() {
            if (issued >= ROTATE_AFTER) {
                endpoint = newEndpoint();
                synchronized (retired) {
                    retired.add(endpoint);
                }
                issued = 0;
            }
            issued++;
            return endpoint;
        }
    }

    /** One outstanding request at a time; its callbacks run on Californium's threads, one at a time. */
    private final class Lane {
        final Slot slot;
        final CountDownLatch finished;
        final Tally tally = new Tally();

        Lane(Slot slot, CountDownLatch finished) {
            this.slot = slot;
            this.finished = finished;
        }

        void next() {
            Request r = Request.newGet();
            r.setURI(uri);
            r.getOptions().addOption(new Option(OneM2mOptions.FR, target.originator()));
            r.getOptions().addOption(new Option(OneM2mOptions.RQI, "co-" + requestIds.incrementAndGet()));
            r.getOptions().addOption(new Option(OneM2mOptions.RVI, "3"));
            long start = System.nanoTime();
            AtomicBoolean done = new AtomicBoolean();
            r.addMessageObserver(new MessageObserverAdapter() {
                @Override
                public void onResponse(Response response) {
                    if (done.compareAndSet(false, true)) {
                        String failure = failure(response);
                        completed(start, failure, failure == null ? "" : response.getPayloadString(), true);
                    }
                }

                @Override
                public void onTimeout() {
                    gaveUp(done, start, "no response (timeout after retransmissions)");
                }

                @Override
                public void onReject() {
                    gaveUp(done, start, "rejected by the server (RST)");
                }

                @Override
                public void onCancel() {
                    gaveUp(done, start, "canceled");
                }

                @Override
                public void onSendError(Throwable error) {
                    gaveUp(done, start, "send error: " + error);
                }
            });
            try {
                slot.next().sendRequest(r);
            } catch (RuntimeException e) {
                gaveUp(done, start, "cannot send: " + e);
            }
        }

        private void gaveUp(AtomicBoolean done, long start, String why) {
            if (done.compareAndSet(false, true)) {
                completed(start, why, "", false);
            }
        }

        private void completed(long start, String failure, String body, boolean answered) {
            long elapsed = System.nanoTime() - start;
            int p = clock.phase();
            tally.completed(p, elapsed, failure, body);
            if (p == RunClock.STOP) {
                finished.countDown();
            } else if (!answered) {
                // Nothing came back: try again a little later rather than spin (and recurse) on a failing send.
                secondary.schedule(this::next, 10, TimeUnit.MILLISECONDS);
            } else {
                next();
            }
        }
    }

    /** Null for a oneM2M success (oneM2M-RSC 2xxx), else a short description. */
    static String failure(Response response) {
        Option rsc = response.getOptions().getOtherOption(OneM2mOptions.RSC);
        if (rsc != null) {
            int v = rsc.getIntegerValue();
            if (v >= 2000 && v < 3000) {
                return null;
            }
            return "oneM2M-RSC " + v + " (CoAP " + response.getCode().text + ")";
        }
        return "oneM2M-RSC missing (CoAP " + response.getCode().text + ")";
    }
}
