package io.bastion.trust.das;

import io.bastion.bindings.https.ClientCertificates;
import io.bastion.core.id.IdForms;
import io.bastion.security.certificate.CertificateAuthenticator;
import io.bastion.security.certificate.CertificateBindings;
import io.bastion.security.certificate.CertificateRevocations;
import io.bastion.security.certificate.ServerCredentials;
import io.bastion.security.certificate.TrustStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;

/**
 * How a DAS serves TLS (the Certificate-Based SAEF of TS-0003 8.2.2.2 between a Hosting CSE and the DAS): its server
 * certificate and key, and whether and how callers authenticate with client certificates.
 *
 * <p>A client certificate is validated as the CSE's HTTPS door validates one ({@link CertificateAuthenticator}: PKIX
 * to a trusted CA, the TS-0003 10.1.1 profile, the operator's deny list); the IDs it may use are those it names (a
 * CSE-ID certificate: URI {@code onem2m://<SP-ID>/<CSE-ID>} or DNS name {@code <CSE-ID>.<SP-ID>}) and those bound to
 * it in {@code <DAS data>/credentials/cert-bindings.json}. {@link DasService} then requires the {@code X-M2M-Origin} of
 * every request over such a connection to be one of them (4106 otherwise).
 *
 * @param credentials the DAS's TLS server certificate and key
 * @param clientCertificates whether client certificates are asked for ({@code optional}) or required
 * @param trust a file of CA certificates (PEM bundle or DER) or a folder of them that client certificates must chain
 *        to; null: {@code <DAS data>/credentials/trust/} ({@code bastion credentials --data DIR cert trust FILE})
 * @param spId the M2M-SP-ID the callers' certificates are read against; default {@code bastion.example}
 */
public record DasTls(ServerCredentials credentials, ClientCertificates clientCertificates, Path trust,
                     String spId) {
    public static final String DEFAULT_SP_ID = "bastion.example";

    public DasTls {
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(clientCertificates, "clientCertificates");
        spId = spId == null || spId.isBlank() ? DEFAULT_SP_ID : spId.strip();
    }

    /**
     * The authenticator of the DAS's callers: the trusted CAs, and the bindings and deny list of the DAS's data
     * folder ({@code bastion credentials --data DIR cert bind|revoke}).
     */
    CertificateAuthenticator callers(DasSettings settings, Clock clock) {
        Path dataDir = settings.dataDir();
        TrustStore store = trust == null ? TrustStore.inDataDir(dataDir)
                : Files.isDirectory(trust) ? new TrustStore(trust) : TrustStore.ofFile(trust);
        return new CertificateAuthenticator(store, CertificateBindings.inDataDir(dataDir),
                CertificateRevocations.inDataDir(dataDir), forms(settings.dasId()), clock);
    }

    /** The form IDs compare in at the DAS: IDs of its SP SP-relative ({@code /id-in}), others absolute. */
    IdForms forms(String dasId) {
        return new IdForms(spId, dasId.startsWith("/") ? dasId : "/" + dasId);
    }
}
