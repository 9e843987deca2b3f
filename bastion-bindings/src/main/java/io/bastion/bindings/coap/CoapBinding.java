package io.bastion.bindings.coap;

import io.bastion.core.codec.Codec;
import io.bastion.core.codec.Codecs;
import io.bastion.core.primitive.Authentication;
import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.primitive.Operation;
import io.bastion.core.primitive.Peer;
import io.bastion.core.primitive.Request;
import io.bastion.core.primitive.Response;
import io.bastion.core.primitive.ResponseStatusCode;
import io.bastion.cse.RequestProcessor;
import io.bastion.security.credential.PskCredential;
import io.bastion.security.credential.PskStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.security.Principal;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;
import org.eclipse.californium.core.CoapServer;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.Option;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.core.network.Exchange;
import org.eclipse.californium.core.server.MessageDeliverer;
import org.eclipse.californium.elements.EndpointContext;
import org.eclipse.californium.elements.auth.PreSharedKeyIdentity;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.SystemConfig;
import org.eclipse.californium.elements.config.UdpConfig;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.cipher.CipherSuite;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CoAP door (TS-0008): a Californium server whose message deliverer hands every request, whatever its path, to
 * the {@link RequestProcessor}. Processing runs on the given executor, not on Californium's protocol threads, since
 * the processor may block on the store. Two flavours: plain UDP (door {@code coap}, no authentication) and DTLS 1.2
 * with pre-shared keys (door {@code coaps}, TS-0003 10.2.2), where the request's peer carries
 * {@code Authentication.Verified("12-<KpsaID>", the AE-IDs/CSE-IDs of the credential)}.
 */
public final class CoapBinding implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CoapBinding.class);
    /** The DTLS-PSK suites: TS-0003 10.2.2's CCM_8 suite first, then its CBC alternative. */
    static final CipherSuite[] PSK_SUITES = {
        CipherSuite.TLS_PSK_WITH_AES_128_CCM_8, CipherSuite.TLS_PSK_WITH_AES_128_CBC_SHA256};

    private final CoapServer server;
    private final CoapEndpoint endpoint;
    private final String door;

    private CoapBinding(CoapServer server, CoapEndpoint endpoint, String door) {
        this.server = server;
        this.endpoint = endpoint;
        this.door = door;
    }

    /** A Californium configuration of its defaults that never reads or writes a properties file. */
    static Configuration configuration(int maxBodyBytes) {
        Configuration c = new Configuration(SystemConfig.DEFINITIONS, CoapConfig.DEFINITIONS, UdpConfig.DEFINITIONS,
                DtlsConfig.DEFINITIONS);
        c.set(CoapConfig.MAX_RESOURCE_BODY_SIZE, maxBodyBytes);
        return c;
    }

    /** Plain CoAP over UDP on {@code bind:port} (0 picks a free port), door {@code coap}. */
    public static CoapBinding plain(String bind, int port, int maxBodyBytes, Executor workers,
                                    RequestProcessor processor, Codecs codecs) {
        Configuration config = configuration(maxBodyBytes);
        CoapEndpoint ep = new CoapEndpoint.Builder().setConfiguration(config)
                .setInetSocketAddress(new InetSocketAddress(bind, port))
                .setOptionRegistry(OneM2mOptions.REGISTRY).build();
        return create(config, ep, "coap", workers, processor, codecs,
                ctx -> new Peer(ctx.getPeerAddress(), "coap", Authentication.none()));
    }

    /** CoAP over DTLS 1.2 with pre-shared keys from {@code psks} on {@code bind:port}, door {@code coaps}. */
    public static CoapBinding dtlsPsk(String bind, int port, int maxBodyBytes, Executor workers,
                                      RequestProcessor processor, Codecs codecs, PskStore psks) {
        Configuration config = configuration(maxBodyBytes);
        DtlsPskStore store = new DtlsPskStore(psks);
        DtlsConnectorConfig dtls = new DtlsConnectorConfig.Builder(config)
                .setAddress(new InetSocketAddress(bind, port))
                .set(DtlsConfig.DTLS_ROLE, DtlsConfig.DtlsRole.SERVER_ONLY)
                // CCM_8 is not on Scandium's "recommended" list, but it is the suite TS-0003 mandates.
                .set(DtlsConfig.DTLS_RECOMMENDED_CIPHER_SUITES_ONLY, false)
                .setAsList(DtlsConfig.DTLS_CIPHER_SUITES, PSK_SUITES)
                .setAdvancedPskStore(store)
                .build();
        CoapEndpoint ep = new CoapEndpoint.Builder().setConfiguration(config)
                .setConnector(new DTLSConnector(dtls))
                .setOptionRegistry(OneM2mOptions.REGISTRY).build();
        return create(config, ep, "coaps", workers, processor, codecs,
                ctx -> new Peer(ctx.getPeerAddress(), "coaps", pskAuthentication(store, ctx.getPeerIdentity())));
    }

    /**
     * What a DTLS-PSK session proved. The credential is looked up again per request: one removed since the handshake
     * leaves the session with no allowed originator, so every request fails authentication rather than succeeding.
     */
    static Authentication pskAuthentication(DtlsPskStore store, Principal principal) {
        if (!(principal instanceof PreSharedKeyIdentity psk)) {
            return Authentication.none();
        }
        String identity = psk.getIdentity();
        return store.lookup(identity)
                .<Authentication>map(c -> new Authentication.Verified(c.credentialId(), c.allowedIds()))
                .orElseGet(() -> new Authentication.Verified(PskCredential.CREDENTIAL_TYPE + "-" + identity,
                        Set.of()));
    }

    private static CoapBinding create(Configuration config, CoapEndpoint ep, String door, Executor workers,
                                      RequestProcessor processor, Codecs codecs,
                                      Function<EndpointContext, Peer> peers) {
        CoapServer server = new CoapServer(config);
        server.addEndpoint(ep);
        server.setMessageDeliverer(new Deliverer(workers, new Handler(processor, codecs, peers)));
        return new CoapBinding(server, ep, door);
    }

    public CoapBinding start() {
        try {
            server.start();
        } catch (IllegalStateException e) {
            server.destroy();
            throw new UncheckedIOException(new IOException("cannot start the " + door + " door: " + e.getMessage(),
                    e));
        }
        if (!endpoint.isStarted()) {
            server.destroy();
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
    }

    /** Hands requests to the workers; the server never originates requests, so responses need no routing. */
    private record Deliverer(Executor workers, Handler handler) implements MessageDeliverer {
        @Override
        public void deliverRequest(Exchange exchange) {
            try {
                workers.execute(() -> handler.handle(exchange));
            } catch (RejectedExecutionException e) {
                exchange.sendResponse(new org.eclipse.californium.core.coap.Response(
                        CoAP.ResponseCode.SERVICE_UNAVAILABLE));
            }
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

        Handler(RequestProcessor processor, Codecs codecs, Function<EndpointContext, Peer> peers) {
            this.processor = Objects.requireNonNull(processor);
            this.codecs = codecs;
            this.mapper = new CoapRequestMapper(codecs);
            this.peers = peers;
        }

        void handle(Exchange exchange) {
            org.eclipse.californium.core.coap.Request coap = exchange.getRequest();
            String rqi = optionText(coap, OneM2mOptions.RQI);
            String rvi = optionText(coap, OneM2mOptions.RVI);
            Codec codec = codecs.json();
            int format = ContentFormats.JSON;
            Operation op = null;
            Response rs;
            try {
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
                rs = processor.process(rq, peers.apply(coap.getSourceContext()));
                if (rs == null) {
                    throw new IllegalStateException("request processor returned no response");
                }
            } catch (OneM2MException e) {
                rs = Response.error(e);
            } catch (RuntimeException e) {
                LOG.error("CoAP request {} failed", rqi, e);
                rs = Response.error(ResponseStatusCode.INTERNAL_SERVER_ERROR, "internal error");
            }
            try {
                exchange.sendResponse(CoapResponseEncoder.encode(rs, op, rqi, rvi, codec, format));
            } catch (RuntimeException e) {
                LOG.error("CoAP response to {} could not be sent", rqi, e);
            }
        }

        private static String optionText(org.eclipse.californium.core.coap.Request coap,
                                         org.eclipse.californium.core.coap.option.OptionDefinition def) {
            Option o = coap.getOptions().getOtherOption(def);
            return o == null || o.getLength() == 0 ? null : o.getStringValue();
        }
    }
}
