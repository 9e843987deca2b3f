package io.bastion.server;

import io.bastion.bindings.http.HttpBinding;
import io.bastion.bindings.http.HttpBindingConfig;
import io.bastion.bindings.https.HttpsFront;
import io.bastion.core.codec.Codecs;
import io.bastion.cse.RequestProcessor;
import io.bastion.security.certificate.CertificateAuthenticator;
import io.bastion.security.certificate.CertificateBindings;
import io.bastion.core.id.IdForms;
import io.bastion.security.certificate.TrustStore;
import java.time.Clock;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * Wires the HTTPS door: server credentials from the PKCS#12 keystore, the trusted CAs of
 * {@code <data>/credentials/trust/} and the bindings of {@code <data>/credentials/cert-bindings.json}, in front of an
 * HTTP binding on {@code https.port}.
 */
final class HttpsDoor {
    private HttpsDoor() {
    }

    /** The started HTTPS binding, or null when {@code https.port} is -1. */
    static HttpBinding start(ServerConfig config, Executor workers, RequestProcessor cse, Clock clock,
                             Function<String, String> environment) {
        HttpsSettings s = config.https();
        if (!s.enabled()) {
            return null;
        }
        CertificateAuthenticator authenticator = new CertificateAuthenticator(
                TrustStore.inDataDir(config.dataDir()), CertificateBindings.inDataDir(config.dataDir()),
                new IdForms(config.cse().spId(), config.cse().cseId()), clock);
        HttpsFront front = HttpsFront.create(s.credentials(environment), authenticator, s.clientCertificates());
        return new HttpBinding(HttpBindingConfig.of(config.bind(), s.port(), workers)
                .withMaxBodyBytes(config.maxBodyBytes()), cse, new Codecs(), front).start();
    }
}
