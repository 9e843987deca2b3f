package io.bastion.bindings.coap;

import io.bastion.core.codec.Codec;
import io.bastion.core.codec.Codecs;
import io.bastion.core.log.RateLimitedLog;
import io.bastion.core.primitive.Authentication;
import io.bastion.core.primitive.ErrorFallback;
import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.primitive.Operation;
import io.bastion.core.primitive.Peer;
import io.bastion.core.primitive.Request;
import io.bastion.core.primitive.Response;
import io.bastion.core.primitive.ResponseStatusCode;
import io.bastion.core.binding.RequestProcessor;
import io.bastion.security.credential.PskStore;
import io.bastion.security.credential.StandInKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;
import org.eclipse.californium.core.CoapServer;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.MessageObserverAdapter;
import org.eclipse.californium.core.coap.Option;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.core.network.Exchange;
import org.eclipse.californium.core.network.InMemoryMessageExchangeStore;
import org.eclipse.californium.core.network.serialization.UdpDataSerializer;
import org.eclipse.californium.core.server.MessageDeliverer;
import org.eclipse.californium.elements.EndpointContext;
import org.eclipse.californium.elements.config.CertificateAuthenticationMode;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.SystemConfig;
import org.eclipse.californium.elements.config.UdpConfig;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.SignatureAndHashAlgorithm;
import org.eclipse.californium.scandium.dtls.cipher.CipherSuite;
import org.eclipse.californium.scandium.dtls.cipher.XECDHECryptography;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CoAP door (TS-0008): a Californium server whose message deliverer hands every request, whatever its path, to
 * the {@link RequestProcessor}. Processing runs on the given executor, not on Californium's protocol threads, since
 * the processor may block on the store. Two flavours: plain UDP (door {@code coap}, no authentication) and DTLS 1.2
 * (door {@code coaps}, TS-0003 10.2) with pre-shared keys and, when the server has a certificate, certificates and
 * raw public keys, where the request's peer carries {@code Authentication.Verified(Credential-ID, the AE-IDs/CSE-IDs
 * the credential may use)} worked out per request by {@link CoapsAuthentication#forRequest}. A request whose session's
 * credential was withdrawn since the handshake carries {@code Authentication.Revoked}; the CSE answers it 4107 and the
 * door then ends the DTLS session.
 *
 * <p>Memory stays bounded under any UDP load: retransmissions are recognised by the {@link BoundedDeduplicator}
 * (bounds {@link #DEDUPLICATION_LIFETIME}, {@link #DEDUPLICATION_PER_PEER}, {@link #DEDUPLICATION_TOTAL}), requests
 * waiting for a worker by {@link #MAX_WAITING}, datagrams and DTLS jobs waiting to be sent by {@link #QUEUE_BOUND}.
 */
public final class CoapBinding implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CoapBinding.class);
    /** Per-request lines: a flood of datagrams must not flood the log. */
    private static final RateLimitedLog LIMITED = RateLimitedLog.of(LOG);
    /** The DTLS-PSK suites: TS-0003 10.2.2's CCM_8 suite first, then its CBC alternative. */
    static final CipherSuite[] PSK_SUITES = {
        CipherSuite.TLS_PSK_WITH_AES_128_CCM_8, CipherSuite.TLS_PSK_WITH_AES_128_CBC_SHA256};
    /** The certificate suites: the DTLS suite of TS-0003 10.2.3 first, then the suite it names for TLS. */
    static final CipherSuite[] CERTIFICATE_SUITES = {
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8, CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256};

    private final CoapServer server;
    private final CoapEndpoint endpoint;
    private final String door;
    /** The DTLS handshake threads the binding made ({@link DtlsSigningThreads}), or null. */
    private final ExecutorService handshakes;

    private CoapBinding(CoapServer server, CoapEndpoint endpoint, String door, ExecutorService handshakes) {
        this.server = server;
        this.endpoint = endpoint;
        this.door = door;
        this.handshakes = handshakes;
    }

    /**
     * How long a request's message ID is remembered for deduplication: RFC 7252's MAX_TRANSMIT_SPAN (45 s: the last
     * retransmission of a confirmable request leaves at most 45 s after the first) plus 15 s for the network and our
     * processing, instead of EXCHANGE_LIFETIME's 247 s, whose 200 s are twice the RFC's worst-case MAX_LATENCY of the
     * open Internet (100 s). A client must still not reuse a message ID within its own EXCHANGE_LIFETIME: a shorter
     * window on our side only forgets IDs no client may send again yet.
     */
    static final Duration DEDUPLICATION_LIFETIME = Duration.ofSeconds(60);
    /**
     * At most this many of one peer's latest messages are remembered (about 3 MB at about 3 KB per exchange): far more
     * than the one outstanding request of an RFC 7252 client (NSTART = 1) or the few of a busy gateway.
     */
    static final int DEDUPLICATION_PER_PEER = 1024;
    /**
     * At most this many messages are remembered in all, whatever the number of source addresses (about 50 MB, a tenth
     * of the default 512 MB heap).
     */
    static final int DEDUPLICATION_TOTAL = 16_384;
    /**
     * Datagrams waiting to be sent, and DTLS jobs waiting for a thread (Californium's defaults: unbounded for plain
     * UDP, 50,000–100,000 for DTLS): beyond about a second of traffic they are dropped, which UDP clients survive by
     * retransmitting, instead of queueing without limit.
     */
    static final int QUEUE_BOUND = 10_000;
    /** Requests of one door received and not yet answered (waiting for or on a worker). */
    static final int MAX_WAITING = 1024;

    /** A Californium configuration of its defaults that never reads or writes a properties file. */
    static Configuration configuration(int maxBodyBytes) {
        Configuration c = new Configuration(SystemConfig.DEFINITIONS, CoapConfig.DEFINITIONS, UdpConfig.DEFINITIONS,
                DtlsConfig.DEFINITIONS);
        c.set(CoapConfig.MAX_RESOURCE_BODY_SIZE, maxBodyBytes);
        // the deduplicator we install reads its own bounds; these keep Californium's other timers consistent with it
        c.set(CoapConfig.EXCHANGE_LIFETIME, DEDUPLICATION_LIFETIME.toSeconds(), TimeUnit.SECONDS);
        c.set(CoapConfig.NON_LIFETIME, DEDUPLICATION_LIFETIME.toSeconds(), TimeUnit.SECONDS);
        c.set(UdpConfig.UDP_CONNECTOR_OUT_CAPACITY, QUEUE_BOUND);
        c.set(DtlsConfig.DTLS_OUTBOUND_MESSAGE_BUFFER_SIZE, QUEUE_BOUND);
        c.set(DtlsConfig.DTLS_MAX_PENDING_OUTBOUND_JOBS, QUEUE_BOUND);
        c.set(DtlsConfig.DTLS_MAX_PENDING_INBOUND_JOBS, QUEUE_BOUND);
        return c;
    }

    /** The exchange store of a door: Californium's, with the {@link BoundedDeduplicator}. */
    static InMemoryMessageExchangeStore exchangeStore(Configuration config) {
        InMemoryMessageExchangeStore store = new InMemoryMessageExchangeStore(config);
        store.setDeduplicator(new BoundedDeduplicator(DEDUPLICATION_LIFETIME, DEDUPLICATION_PER_PEER,
                DEDUPLICATION_TOTAL));
        return store;
    }

    /** Plain CoAP over UDP on {@code bind:port} (0 picks a free port), door {@code coap}. */
    public static CoapBinding plain(String bind, int port, int maxBodyBytes, Executor workers,
                                    RequestProcessor processor, Codecs codecs) {
        Configuration config = configuration(maxBodyBytes);
        CoapEndpoint ep = new CoapEndpoint.Builder().setConfiguration(config)
                .setInetSocketAddress(new InetSocketAddress(bind, port))
                .setMessageExchangeStore(exchangeStore(config))
                .setDataSerializerAndParser(new UdpDataSerializer(), new DatagramParser("coap", config))
                .setOptionRegistry(OneM2mOptions.REGISTRY).build();
        return create(config, ep, "coap", workers, processor, codecs,
                ctx -> new Peer(ctx.getPeerAddress(), "coap", Authentication.none()), null, null);
    }

    /** CoAP over DTLS 1.2 with pre-shared keys from {@code psks} on {@code bind:port}, door {@code coaps}. */
    public static CoapBinding dtlsPsk(String bind, int port, int maxBodyBytes, Executor workers,
                                      RequestProcessor processor, Codecs codecs, PskStore psks) {
        return dtls(bind, port, maxBodyBytes, workers, processor, codecs, CoapsSecurity.pskOnly(psks));
    }

    /**
     * CoAP over DTLS 1.2 on {@code bind:port}, door {@code coaps}: the PSK suites always; with a server certificate
     * also {@code TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8} (TS-0003 10.2.3) and its CBC alternative, the server presenting
     * its X.509 chain or, to a client that asks for it (RFC 7250), its raw public key, and verifying client
     * certificates and raw public keys with the {@link DtlsCertificateVerifier}. The server's private key is used
     * through its key manager only: a PKCS#11 key handle signs on its token (see {@link DtlsSigningThreads}).
     */
    public static CoapBinding dtls(String bind, int port, int maxBodyBytes, Executor workers,
                                   RequestProcessor processor, Codecs codecs, CoapsSecurity security) {
        Configuration config = configuration(maxBodyBytes);
        DtlsPskStore store = new DtlsPskStore(security.psks(), new StandInKeys(new SecureRandom()));
        CoapsAuthentication authentication = new CoapsAuthentication(security.psks(),
                security.certificates() ? security.authenticator() : null);
        List<CipherSuite> suites = new ArrayList<>();
        if (security.certificates()) {
            suites.addAll(List.of(CERTIFICATE_SUITES));
        }
        suites.addAll(List.of(PSK_SUITES));
        DtlsConnectorConfig.Builder dtls = new DtlsConnectorConfig.Builder(config)
                .setAddress(new InetSocketAddress(bind, port))
                .set(DtlsConfig.DTLS_ROLE, DtlsConfig.DtlsRole.SERVER_ONLY)
                // CCM_8 is not on Scandium's "recommended" list, but it is the suite TS-0003 mandates.
                .set(DtlsConfig.DTLS_RECOMMENDED_CIPHER_SUITES_ONLY, false)
                .setAsList(DtlsConfig.DTLS_CIPHER_SUITES, suites.toArray(CipherSuite[]::new))
                .setAdvancedPskStore(store)
                // each session keeps its security association; a revoked one is not resumed
                .setApplicationLevelInfoSupplier(authentication.infoSupplier())
                .setResumptionVerifier(new RevocationAwareResumption());
        DtlsServerIdentity identity = security.certificates() ? DtlsServerIdentity.of(security.server()) : null;
        if (identity != null) {
            offerCertificates(dtls, identity, security);
        }
        DTLSConnector connector;
        DtlsConnectorConfig built;
        try {
            built = dtls.build();
            connector = new DTLSConnector(built);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new IllegalArgumentException("cannot configure the coaps door: " + e.getMessage(), e);
        }
        ExecutorService handshakes = null;
        if (identity != null) {
            handshakes = Executors.newFixedThreadPool(Math.max(1, built.get(DtlsConfig.DTLS_CONNECTOR_THREAD_COUNT)),
                    new DtlsSigningThreads(identity.privateKey(), "coaps-handshake"));
            connector.setExecutor(handshakes);
            LOG.info("coaps door offers certificates and raw public keys ({}; client certificates {})",
                    security.server().describe(), security.clientCertificates().name().toLowerCase(Locale.ROOT));
        }
        CoapEndpoint ep = new CoapEndpoint.Builder().setConfiguration(config)
                .setConnector(connector)
                .setMessageExchangeStore(exchangeStore(config))
                .setDataSerializerAndParser(new UdpDataSerializer(), new DatagramParser("coaps", config))
                .setOptionRegistry(OneM2mOptions.REGISTRY).build();
        return create(config, ep, "coaps", workers, processor, codecs,
                ctx -> new Peer(ctx.getPeerAddress(), "coaps", authentication.forRequest(ctx)),
                peer -> endSession(connector, peer), handshakes);
    }

    /** The certificate side of the handshake: our identity, the client verifier, the profile's algorithms. */
    private static void offerCertificates(DtlsConnectorConfig.Builder dtls, DtlsServerIdentity identity,
                                          CoapsSecurity security) {
        dtls.setCertificateIdentityProvider(identity)
                // TS-0003 10.1.1: P-256 keys, ECDSA with SHA-256 (stated: no Scandium helper derives them here)
                .setAsList(DtlsConfig.DTLS_SIGNATURE_AND_HASH_ALGORITHMS, SignatureAndHashAlgorithm.SHA256_WITH_ECDSA)
                .setAsList(DtlsConfig.DTLS_CURVES, XECDHECryptography.SupportedGroup.secp256r1)
                .setAdvancedCertificateVerifier(new DtlsCertificateVerifier(security.authenticator()))
                .set(DtlsConfig.DTLS_CLIENT_AUTHENTICATION_MODE, switch (security.clientCertificates()) {
                    case NONE -> CertificateAuthenticationMode.NONE;
                    case OPTIONAL -> CertificateAuthenticationMode.WANTED;
                    case REQUIRED -> CertificateAuthenticationMode.NEEDED;
                });
    }

    /**
     * Ends the DTLS session of a peer whose credential was revoked: a {@code close_notify}, and the session needs a
     * new handshake before it carries data again (which {@link RevocationAwareResumption} keeps from being a
     * resumption).
     */
    private static void endSession(DTLSConnector connector, InetSocketAddress peer) {
        try {
            connector.close(peer);
        } catch (RuntimeException e) { // the door is stopping
            LOG.debug("coaps session of {} not closed: {}", peer, e.toString());
        }
    }

    /**
     * @param endSession ends the secure session of a peer after the answer to a request whose credential was revoked;
     *     null for plain CoAP
     */
    private static CoapBinding create(Configuration config, CoapEndpoint ep, String door, Executor workers,
                                      RequestProcessor processor, Codecs codecs,
                                      Function<EndpointContext, Peer> peers, Consumer<InetSocketAddress> endSession,
                                      ExecutorService handshakes) {
        CoapServer server = new CoapServer(config);
        server.addEndpoint(ep);
        server.setMessageDeliverer(new Deliverer(workers, new Handler(processor, codecs, peers, endSession)));
        return new CoapBinding(server, ep, door, handshakes);
    }

    public CoapBinding start() {
        try {
            server.start();
        } catch (IllegalStateException e) {
            close();
            throw new UncheckedIOException(new IOException("cannot start the " + door + " door: " + e.getMessage(),
                    e));
        }
        if (!endpoint.isStarted()) {
            close();
            throw new UncheckedIOException(new IOException("cannot start the " + door + " door on "
                    + endpoint.getAddress()));
        }
        LOG.info("{} door listening on {}", door, endpoint.getAddress());
        return this;
    }

    /** The bound UDP port. */
    public int port() {
        return endpoint.getAddress().getPort();
    }

    @Override
    public void close() {
        server.destroy();
        if (handshakes != null) {
            handshakes.shutdownNow();
        }
    }

    /**
     * Hands requests to the workers, at most {@link #MAX_WAITING} of this door's at a time: UDP has no back-pressure,
     * so beyond that a request is answered 5.03 Service Unavailable at once instead of queueing without limit. The
     * server never originates requests, so responses need no routing.
     */
    private record Deliverer(Executor workers, Handler handler, Semaphore waiting) implements MessageDeliverer {
        Deliverer(Executor workers, Handler handler) {
            this(workers, handler, new Semaphore(MAX_WAITING));
        }

        @Override
        public void deliverRequest(Exchange exchange) {
            if (!waiting.tryAcquire()) {
                busy(exchange);
                return;
            }
            try {
                workers.execute(() -> {
                    try {
                        handler.handle(exchange);
                    } finally {
                        waiting.release();
                    }
                });
            } catch (RejectedExecutionException e) {
                waiting.release();
                busy(exchange);
            }
        }

        private static void busy(Exchange exchange) {
            org.eclipse.californium.core.coap.Response r = new org.eclipse.californium.core.coap.Response(
                    CoAP.ResponseCode.SERVICE_UNAVAILABLE);
            r.getOptions().setMaxAge(1); // RFC 7252 5.9.3.4: retry after a second
            exchange.sendResponse(r);
        }

        @Override
        public void deliverResponse(Exchange exchange, org.eclipse.californium.core.coap.Response response) {
            if (exchange.getRequest() != null) {
                exchange.getRequest().setResponse(response);
            }
        }
    }

    /** One request: map, process, encode; never throws. */
    private static final class Handler {
        private final RequestProcessor processor;
        private final Codecs codecs;
        private final CoapRequestMapper mapper;
        private final Function<EndpointContext, Peer> peers;
        private final Consumer<InetSocketAddress> endSession;

        Handler(RequestProcessor processor, Codecs codecs, Function<EndpointContext, Peer> peers,
                Consumer<InetSocketAddress> endSession) {
            this.processor = Objects.requireNonNull(processor);
            this.codecs = codecs;
            this.mapper = new CoapRequestMapper(codecs);
            this.peers = peers;
            this.endSession = endSession;
        }

        void handle(Exchange exchange) {
            org.eclipse.californium.core.coap.Request coap = exchange.getRequest();
            String rqi = optionText(coap, OneM2mOptions.RQI);
            String rvi = optionText(coap, OneM2mOptions.RVI);
            Codec codec = codecs.json();
            int format = ContentFormats.JSON;
            Operation op = null;
            Peer peer = null;
            Response rs;
            try {
                // First: a request over a revoked session ends it, whatever else is wrong with the request.
                peer = peers.apply(coap.getSourceContext());
                // Negotiated first: a CREATE must not take effect when its answer cannot be delivered.
                if (coap.getOptions().hasAccept()) {
                    int accept = coap.getOptions().getAccept();
                    Codec c = ContentFormats.codec(codecs, accept);
                    if (c == null) {
                        throw new OneM2MException(ResponseStatusCode.NOT_ACCEPTABLE,
                                "Accept " + accept + ": no acceptable Content-Format is served");
                    }
                    codec = c;
                    format = accept;
                } else if (coap.getOptions().hasContentFormat()) {
                    Codec c = ContentFormats.codec(codecs, coap.getOptions().getContentFormat());
                    if (c != null) {
                        codec = c;
                        format = ContentFormats.of(c);
                    }
                }
                Request rq = mapper.map(coap);
                op = rq.op();
                rs = Objects.requireNonNull(processor.process(rq, peer), "request processor returned no response");
            } catch (RuntimeException e) {
                rs = ErrorFallback.response(e, LIMITED, "CoAP", rqi);
            }
            try {
                org.eclipse.californium.core.coap.Response out = CoapResponseEncoder.encode(rs, op, rqi, rvi, codec,
                        format);
                if (peer != null && peer.authentication() instanceof Authentication.Revoked r && endSession != null) {
                    endAfter(out, peer, r);
                }
                exchange.sendResponse(out);
            } catch (RuntimeException e) {
                LIMITED.error("CoAP response to {} could not be sent", rqi, e);
            }
        }

        /**
         * Ends the peer's session once the answer (the CSE's 4107) has left: the response goes through the stack on
         * another thread, and a {@code close_notify} sent before it would make the client drop it.
         */
        private void endAfter(org.eclipse.californium.core.coap.Response out, Peer peer, Authentication.Revoked r) {
            LIMITED.info("{} session of {}: credential {} revoked ({}); ending it after this answer", peer.door(),
                    peer.remote(), r.credentialId(), r.reason());
            AtomicBoolean once = new AtomicBoolean();
            out.addMessageObserver(new MessageObserverAdapter() {
                @Override
                public void onSent(boolean retransmission) {
                    end();
                }

                @Override
                public void onSendError(Throwable error) {
                    end();
                }

                @Override
                public void onCancel() {
                    end();
                }

                private void end() {
                    if (once.compareAndSet(false, true)) {
                        endSession.accept(peer.remote());
                    }
                }
            });
        }

        private static String optionText(org.eclipse.californium.core.coap.Request coap,
                                         org.eclipse.californium.core.coap.option.OptionDefinition def) {
            Option o = coap.getOptions().getOtherOption(def);
            return o == null || o.getLength() == 0 ? null : o.getStringValue();
        }
    }
}
