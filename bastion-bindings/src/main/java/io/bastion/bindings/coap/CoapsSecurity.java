package io.bastion.bindings.coap;

import io.bastion.bindings.https.ClientCertificates;
import io.bastion.security.certificate.CertificateAuthenticator;
import io.bastion.security.certificate.ServerCredentials;
import io.bastion.security.credential.PskStore;
import java.util.Objects;

/**
 * What the {@code coaps} door authenticates with: the pre-shared keys always (TS-0003 8.2.2.1), and, when the server
 * has a certificate, certificates and raw public keys too (8.2.2.2).
 *
 * @param psks the pre-shared keys (KpsaID → key and AE-IDs)
 * @param server the server's certificate chain and key (the same as the HTTPS door's), or null for PSK only
 * @param authenticator checks client certificates and raw public keys; required with {@code server}
 * @param clientCertificates whether certificate handshakes ask the client for a certificate (the HTTPS door's
 *        {@code https.client-auth}); PSK handshakes are not affected
 */
public record CoapsSecurity(PskStore psks, ServerCredentials server, CertificateAuthenticator authenticator,
                            ClientCertificates clientCertificates) {
    public CoapsSecurity {
        Objects.requireNonNull(psks, "psks");
        if (server != null) {
            Objects.requireNonNull(authenticator, "a coaps door with a certificate needs a certificate authenticator");
            clientCertificates = clientCertificates == null ? ClientCertificates.OPTIONAL : clientCertificates;
        }
    }

    /** Pre-shared keys only, as without a server certificate. */
    public static CoapsSecurity pskOnly(PskStore psks) {
        return new CoapsSecurity(psks, null, null, null);
    }

    /** Whether certificate suites (and raw public keys) are offered. */
    public boolean certificates() {
        return server != null;
    }
}
