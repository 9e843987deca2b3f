package io.bastion.bench;

import io.netty.handler.codec.http.FullHttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The scenarios of the secured doors, against a CSE provisioned by {@link BenchCredentials}: the read of
 * {@code retrieve-la} (same resource, same originator, same ACP) over TLS-PSK and over HTTPS with a client
 * certificate; full handshakes per second; and the read over CoAP and CoAPS (DTLS-PSK).
 */
final class TransportScenarios {

    /** Scenario names, in the order they run. */
    static final List<String> NAMES = List.of("retrieve-tls-psk", "retrieve-tls13-psk", "retrieve-https",
            "handshake-psk", "handshake-ecdsa", "coap", "coaps");

    /** Client endpoints the CoAP scenarios spread their outstanding requests over (at most one per request). */
    static final int COAP_ENDPOINTS = 4;

    /** The handshake scenarios warm up this many times as long as the others. */
    static final int HANDSHAKE_WARMUP_FACTOR = 3;

    private static final String HOST = "127.0.0.1";
    private static final long PROBE_SECONDS = 30;

    private final CseProcess cse;
    private final BenchCredentials credentials;
    private final CseScenarios scenarios;
    private final HttpClient client;
    private final int connections;
    private final int clientThreads;
    private final Duration warmup;
    private final Duration duration;

    TransportScenarios(CseProcess cse, BenchCredentials credentials, CseScenarios scenarios, HttpClient client,
                       int connections, int clientThreads, Duration warmup, Duration duration) {
        this.cse = cse;
        this.credentials = credentials;
        this.scenarios = scenarios;
        this.client = client;
        this.connections = connections;
        this.clientThreads = clientThreads;
        this.warmup = warmup;
        this.duration = duration;
    }

    /** Sets the scenario up, probes it once, and measures it; a failed set-up throws {@link SetupException}. */
    LoadRun.Result run(String name) throws InterruptedException {
        return switch (name) {
            case "retrieve-tls-psk" -> retrieve(name, "psk", credentials.tls12Psk(), "psk-");
            case "retrieve-tls13-psk" -> retrieve(name, "psk", credentials.tls13Psk(), "psk13-");
            case "retrieve-https" -> retrieve(name, "https", credentials.certificate(true), "tls-");
            case "handshake-psk" -> handshakes(name, "psk", credentials.tls12Psk(), null);
            case "handshake-ecdsa" -> {
                ChannelSecurity.TlsCertificate tls = credentials.certificate(false);
                yield handshakes(name, "https", tls, tls::fullHandshakes);
            }
            case "coap" -> coap(name, "coap", false);
            case "coaps" -> coap(name, "coaps", true);
            default -> throw new IllegalArgumentException("not a transport scenario: " + name);
        };
    }

    private LoadRun.Result retrieve(String name, String door, ChannelSecurity security, String prefix)
            throws InterruptedException {
        int port = port(door);
        String authority = (door.equals("https") ? BenchPki.SERVER_NAME : HOST) + ":" + port;
        CseScenarios.Prepared p = scenarios.retrieveLa(authority, prefix);
        probe(port, security, p);
        System.out.println("    measuring (" + security.negotiated() + ")");
        return LoadRun.run(name, client, HOST, port, security, connections, warmup, duration, p.source(), p.check(),
                meter());
    }

    private LoadRun.Result handshakes(String name, String door, ChannelSecurity security,
                                      java.util.function.LongSupplier fullHandshakes) throws InterruptedException {
        int port = port(door);
        try {
            client.handshake(HOST, port, security).get(PROBE_SECONDS, TimeUnit.SECONDS).close().sync();
        } catch (ExecutionException | TimeoutException e) {
            throw new SetupException("a first handshake on the " + door + " door failed: "
                    + (e instanceof ExecutionException ? e.getCause() : "no answer in " + PROBE_SECONDS + " s"));
        }
        // The elliptic-curve arithmetic of both sides reaches compiled code slowly: a longer warm-up.
        Duration longer = warmup.multipliedBy(HANDSHAKE_WARMUP_FACTOR);
        System.out.println("    measuring " + connections + " clients in a loop of connect + full handshake + close ("
                + security.negotiated() + "), after a warm-up of " + longer.toSeconds() + " s");
        return HandshakeRun.run(name, client, HOST, port, security, connections, longer, duration, meter(),
                fullHandshakes);
    }

    private LoadRun.Result coap(String name, String door, boolean secure) throws InterruptedException {
        int port = port(door);
        String path = scenarios.latestUri();
        CoapLoad.Target target = new CoapLoad.Target(HOST, port, path, CseScenarios.READER,
                secure ? credentials.pskIdentity() : null, secure ? credentials.pskKey() : null);
        System.out.println("    measuring GET " + (secure ? "coaps" : "coap") + "://" + HOST + ":" + port + path);
        return CoapLoad.run(name, target, connections, COAP_ENDPOINTS, clientThreads, warmup, duration, meter());
    }

    /** One request over one secured connection must succeed before the load starts. */
    private void probe(int port, ChannelSecurity security, CseScenarios.Prepared p) throws InterruptedException {
        Connection c = client.connect(HOST, port, security);
        try {
            CompletableFuture<String> outcome = new CompletableFuture<>();
            c.send(p.source().next(0, -1), new ResponseListener() {
                @Override
                public void onResponse(FullHttpResponse response) {
                    String failure = p.check().failure(response);
                    outcome.complete(failure == null ? null
                            : failure + ": " + LoadRun.abbreviate(M2m.body(response)));
                }

                @Override
                public void onFailure(Throwable cause) {
                    outcome.complete("connection failed: " + cause);
                }
            });
            String failure = outcome.get(PROBE_SECONDS, TimeUnit.SECONDS);
            if (failure != null) {
                throw new SetupException("the first read over " + security.negotiated() + " failed: " + failure);
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new SetupException("the first read over " + security.negotiated() + " got no answer: " + e);
        } finally {
            c.close();
        }
    }

    private int port(String door) {
        int port = cse.port(door);
        if (port <= 0) {
            throw new SetupException("the CSE's 'listening' line has no " + door + "=PORT (the door did not open?)");
        }
        return port;
    }

    private CpuMeter meter() {
        return new CpuMeter(cse.handle());
    }
}
