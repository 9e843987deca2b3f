package io.bastion.server;

import io.bastion.bindings.http.HttpRequestTransport;
import io.bastion.cse.config.MccConfig;
import io.bastion.security.certificate.ServerCredentials;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import javax.net.ssl.SSLContext;

/**
 * How this CSE's requests reach its registrar ({@code registrar.*}): HTTPS with the JDK's TLS, trusting the CAs of
 * {@code registrar.trust} (the JDK's defaults without it) and presenting the HTTPS door's key as client certificate
 * when {@code registrar.client-certificate=https}, so that the registrar learns this CSE's CSE-ID from the certificate
 * (TS-0003 8.2.2.2); the host name of {@code registrar.url} is checked against the registrar's certificate. TLS-PSK to
 * the registrar ({@code registrar.psk-identity}) is not spoken by this transport: such a setting stops the start
 * rather than registering without the association it asks for.
 */
final class MccTransports {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private MccTransports() {
    }

    /**
     * The transport to the registrar, or null when this CSE has none.
     *
     * @param serverKey the HTTPS door's credentials, or null when none are configured
     * @throws IllegalArgumentException when a setting cannot be honoured (a missing key, an unreadable CA file, PSK)
     */
    static HttpRequestTransport forRegistrar(ServerConfig config, ServerCredentials serverKey) {
        MccConfig.Registrar registrar = config.mcc().registrar();
        if (registrar == null) {
            return null;
        }
        if (registrar.pskIdentity() != null) {
            throw new IllegalArgumentException("registrar.psk-identity: this build sends requests to the registrar "
                    + "over HTTP and HTTPS with certificates only; remove it and use registrar.trust and "
                    + "registrar.client-certificate=https");
        }
        SSLContext ssl = DasClientTls.context(registrar.trust() == null ? null : Path.of(registrar.trust()),
                registrar.clientCertificate(), serverKey, "registrar.trust", "registrar.client-certificate",
                "the registrar");
        HttpClient.Builder b = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT).followRedirects(HttpClient.Redirect.NEVER);
        if (ssl != null) {
            b.sslContext(ssl);
        }
        return new HttpRequestTransport(b.build());
    }
}
