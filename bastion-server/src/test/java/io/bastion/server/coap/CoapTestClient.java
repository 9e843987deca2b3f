package io.bastion.server.coap;

import com.fasterxml.jackson.databind.JsonNode;
import io.bastion.bindings.coap.OneM2mOptions;
import io.bastion.server.it.M2m;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.Option;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.SystemConfig;
import org.eclipse.californium.elements.config.UdpConfig;
import org.eclipse.californium.elements.exception.ConnectorException;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.cipher.CipherSuite;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedSinglePskStore;

/**
 * A oneM2M CoAP client for tests: Californium's CoapClient on its own endpoint (plain, DTLS-PSK, or DTLS set up by the
 * caller, e.g. with a certificate or a raw public key).
 */
public final class CoapTestClient implements AutoCloseable {
    private static final AtomicLong RQI = new AtomicLong();
    private final CoapEndpoint endpoint;
    private final CoapClient client = new CoapClient();
    private final String base;

    private CoapTestClient(CoapEndpoint endpoint, String scheme, int port) {
        this.endpoint = endpoint;
        this.base = scheme + "://127.0.0.1:" + port;
        client.setEndpoint(endpoint);
        client.setTimeout(10_000L);
    }

    static Configuration config() {
        Configuration c = new Configuration(SystemConfig.DEFINITIONS, CoapConfig.DEFINITIONS, UdpConfig.DEFINITIONS,
                DtlsConfig.DEFINITIONS);
        c.set(DtlsConfig.DTLS_MAX_RETRANSMISSIONS, 1);
        return c;
    }

    public static CoapTestClient plain(int port) {
        CoapEndpoint ep = new CoapEndpoint.Builder().setConfiguration(config())
                .setInetSocketAddress(new InetSocketAddress("127.0.0.1", 0))
                .setOptionRegistry(OneM2mOptions.REGISTRY).build();
        return new CoapTestClient(ep, "coap", port);
    }

    public static CoapTestClient dtls(int port, String identity, byte[] key) {
        return dtls(port, b -> b.setAsList(DtlsConfig.DTLS_CIPHER_SUITES, CipherSuite.TLS_PSK_WITH_AES_128_CCM_8)
                .setAdvancedPskStore(new AdvancedSinglePskStore(identity, key)));
    }

    /**
     * A DTLS client of {@code 127.0.0.1:port} whose credentials and cipher suites {@code security} sets on a builder
     * that is already a client on a free port with Scandium's non-recommended suites (CCM_8) allowed.
     */
    public static CoapTestClient dtls(int port, Consumer<DtlsConnectorConfig.Builder> security) {
        Configuration config = config();
        DtlsConnectorConfig.Builder b = new DtlsConnectorConfig.Builder(config)
                .setAddress(new InetSocketAddress("127.0.0.1", 0))
                .set(DtlsConfig.DTLS_ROLE, DtlsConfig.DtlsRole.CLIENT_ONLY)
                .set(DtlsConfig.DTLS_RECOMMENDED_CIPHER_SUITES_ONLY, false);
        security.accept(b);
        CoapEndpoint ep = new CoapEndpoint.Builder().setConfiguration(config)
                .setConnector(new DTLSConnector(b.build()))
                .setOptionRegistry(OneM2mOptions.REGISTRY).build();
        return new CoapTestClient(ep, "coaps", port);
    }

    /** A request with oneM2M-FR and oneM2M-RQI (and RVI 4); {@code fr} may be null. */
    public Request request(CoAP.Code code, String path, String fr) {
        Request r = new Request(code);
        r.setURI(base + path);
        if (fr != null) {
            r.getOptions().addOption(new Option(OneM2mOptions.FR, fr));
        }
        r.getOptions().addOption(new Option(OneM2mOptions.RQI, "coap-" + RQI.incrementAndGet()));
        r.getOptions().addOption(new Option(OneM2mOptions.RVI, "4"));
        return r;
    }

    public Rsp create(String fr, String path, int ty, String json) {
        Request r = request(CoAP.Code.POST, path, fr);
        r.getOptions().addOption(new Option(OneM2mOptions.TY, ty));
        r.getOptions().setContentFormat(50);
        r.setPayload(json);
        return send(r);
    }

    public Rsp retrieve(String fr, String path) {
        return send(request(CoAP.Code.GET, path, fr));
    }

    /** Sends and waits; null when no response came (e.g. a failed DTLS handshake). */
    public Rsp send(Request r) {
        try {
            CoapResponse rsp = client.advanced(r);
            return rsp == null ? null : new Rsp(rsp);
        } catch (ConnectorException | IOException e) {
            return null;
        }
    }

    @Override
    public void close() {
        client.shutdown();
        endpoint.destroy();
    }

    /** A response: CoAP code, the oneM2M-RSC option and the JSON payload. */
    public record Rsp(CoapResponse raw) {
        public String code() {
            return raw.getCode().text;
        }

        public int rsc() {
            Option o = raw.getOptions().getOtherOption(OneM2mOptions.RSC);
            return o == null ? -1 : o.getIntegerValue();
        }

        public String rqi() {
            Option o = raw.getOptions().getOtherOption(OneM2mOptions.RQI);
            return o == null ? null : o.getStringValue();
        }

        public JsonNode body() {
            try {
                byte[] p = raw.getPayload();
                return M2m.JSON.readTree(p == null || p.length == 0 ? "{}" : new String(p, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public String toString() {
            return code() + " rsc=" + rsc() + " " + raw.getResponseText();
        }
    }
}
