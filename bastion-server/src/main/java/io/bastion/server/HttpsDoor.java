package io.bastion.server;

import io.bastion.bindings.http.ConnectionUpgrade;
import io.bastion.bindings.http.HttpBinding;
import io.bastion.bindings.http.HttpBindingConfig;
import io.bastion.bindings.https.HttpsFront;
import io.bastion.core.codec.Codecs;
import io.bastion.core.binding.RequestProcessor;
import io.bastion.security.certificate.CertificateAuthenticator;
import io.bastion.security.certificate.ServerCredentials;
import io.bastion.core.id.IdForms;
import java.time.Clock;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * Wires the HTTPS door: server credentials from the PKCS#12 keystore, the trusted CAs of
 * {@code <data>/credentials/trust/} and the bindings of {@code <data>/credentials/cert-bindings.json}, in front of an
 * HTTP binding on {@code https.port}.
 */
final class HttpsDoor {
    private HttpsDoor() {
    }

    /**
     * The server's certificate and key, opened once for the doors that present them: needed when HTTPS is enabled,
     * and used by the coaps door and as the client certificate to DAS endpoints ({@code das.client-certificate})
     * and to the registrar ({@code registrar.client-certificate}) when one is configured; null when nothing needs one.
     *
     * @throws IllegalArgumentException when HTTPS is enabled without a key, or the key cannot be opened
     */
    static ServerCredentials serverKey(ServerConfig config, Function<String, String> environment) {
        HttpsSettings s = config.https();
        boolean coaps = config.coap().securePort() >= 0 && s.hasServerKey();
        boolean das = config.cse().dynamic().dasClientCertificate() && s.hasServerKey();
        boolean registrar = config.mcc().registrar() != null && config.mcc().registrar().clientCertificate()
                && s.hasServerKey();
        return s.enabled() || coaps || das || registrar ? s.credentials(environment) : null;
    }

    /**
     * The client certificate authenticator of the data folder (trusted CAs, bindings, revoked certificates), shared by
     * HTTPS and coaps.
     */
    static CertificateAuthenticator authenticator(ServerConfig config, Clock clock) {
        return CertificateAuthenticator.inDataDir(config.dataDir(),
                new IdForms(config.cse().spId(), config.cse().cseId()), clock);
    }

    /**
     * The started HTTPS binding, or null when {@code https.port} is -1.
     *
     * @param door the binding settings the server's HTTP-family doors share, for a port
     * @param serverKey from {@link #serverKey}
     * @param upgrade the WebSocket binding the door switches connections to, or null
     */
    static HttpBinding start(ServerConfig config, IntFunction<HttpBindingConfig> door, RequestProcessor cse,
                             Clock clock, ServerCredentials serverKey, ConnectionUpgrade upgrade) {
        HttpsSettings s = config.https();
        if (!s.enabled()) {
            return null;
        }
        HttpsFront front = HttpsFront.create(serverKey, authenticator(config, clock), s.clientCertificates());
        return new HttpBinding(door.apply(s.port()), cse, new Codecs(), front, null, upgrade).start();
    }
}
