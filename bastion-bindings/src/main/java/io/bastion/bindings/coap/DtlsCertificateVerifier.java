package io.bastion.bindings.coap;

import io.bastion.core.log.RateLimitedLog;
import io.bastion.security.certificate.CertificateAuthenticator;
import io.bastion.security.certificate.CertificateIdentity;
import io.bastion.security.certificate.CertificateRefusedException;
import java.net.InetSocketAddress;
import java.security.cert.CertPath;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import javax.security.auth.x500.X500Principal;
import org.eclipse.californium.scandium.dtls.AlertMessage;
import org.eclipse.californium.scandium.dtls.AlertMessage.AlertDescription;
import org.eclipse.californium.scandium.dtls.AlertMessage.AlertLevel;
import org.eclipse.californium.scandium.dtls.CertificateMessage;
import org.eclipse.californium.scandium.dtls.CertificateType;
import org.eclipse.californium.scandium.dtls.CertificateVerificationResult;
import org.eclipse.californium.scandium.dtls.ConnectionId;
import org.eclipse.californium.scandium.dtls.HandshakeException;
import org.eclipse.californium.scandium.dtls.HandshakeResultHandler;
import org.eclipse.californium.scandium.dtls.x509.NewAdvancedCertificateVerifier;
import org.eclipse.californium.scandium.util.ServerNames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The verification step of the {@code coaps} door's certificate handshakes (TS-0003 8.2.2.2 over DTLS 1.2): an X.509
 * client chain is accepted only when the {@link CertificateAuthenticator} accepts it (PKIX path to a trusted CA at the
 * CSE's clock, TS-0003 10.1.1 profile), a raw public key (RFC 7250) only when it is a P-256 key whose public key id is
 * bound. A refusal ends the handshake with a fatal alert — {@code certificate_expired}, {@code unknown_ca},
 * {@code access_denied} for an unbound raw public key, {@code bad_certificate} otherwise — and one log line with the
 * reason, since the client sees only the alert. An accepted credential rides along as the handshake's custom
 * argument ({@link HandshakeProof}), for {@link CoapsAuthentication} to make the session's security association.
 */
final class DtlsCertificateVerifier implements NewAdvancedCertificateVerifier {
    private static final Logger LOG = LoggerFactory.getLogger(DtlsCertificateVerifier.class);
    private static final RateLimitedLog LIMITED = RateLimitedLog.of(LOG);
    private static final List<CertificateType> TYPES = List.of(CertificateType.X_509, CertificateType.RAW_PUBLIC_KEY);

    private final CertificateAuthenticator authenticator;

    DtlsCertificateVerifier(CertificateAuthenticator authenticator) {
        this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
    }

    @Override
    public List<CertificateType> getSupportedCertificateTypes() {
        return TYPES;
    }

    @Override
    public CertificateVerificationResult verifyCertificate(ConnectionId cid, ServerNames serverName,
                                                           InetSocketAddress remotePeer, boolean clientUsage,
                                                           boolean verifySubject, boolean truncateCertificatePath,
                                                           CertificateMessage message) {
        if (!clientUsage) {
            return refused(cid, remotePeer, AlertDescription.UNSUPPORTED_CERTIFICATE,
                    "this verifier checks DTLS clients only");
        }
        CertPath path = message.getCertificateChain();
        long provedAt = authenticator.generation(); // before the checks: a change after them is seen later
        try {
            if (path == null) {
                CertificateIdentity id = authenticator.identifyRawPublicKey(message.getPublicKey());
                LOG.debug("coaps client {} authenticated by raw public key {}", remotePeer, id.credentialId());
                return new CertificateVerificationResult(cid, message.getPublicKey(),
                        new HandshakeProof.RawPublicKey(message.getPublicKey(), id, provedAt));
            }
            if (message.isEmpty()) {
                // no client certificate: Scandium refuses that itself when client authentication is required
                return new CertificateVerificationResult(cid, path, null);
            }
            X509Certificate[] chain = path.getCertificates().stream().map(X509Certificate.class::cast)
                    .toArray(X509Certificate[]::new);
            CertificateIdentity id = authenticator.identify(chain);
            if (id.ids().isEmpty() && authenticator.authentication(id).allowedOriginators().isEmpty()) {
                LIMITED.info("coaps client {} presented certificate {} which names no AE-ID or CSE-ID and is bound to "
                        + "none: bind it with 'bastion credentials cert bind --subject {} --ae AE-ID'", remotePeer,
                        id.credentialId(), id.credentialId());
            } else {
                LOG.debug("coaps client {} authenticated by certificate {}", remotePeer, id.credentialId());
            }
            return new CertificateVerificationResult(cid, path, new HandshakeProof.Certificate(chain, id, provedAt));
        } catch (CertificateRefusedException e) {
            return refused(cid, remotePeer, alert(e.kind()), e.getMessage());
        } catch (ClassCastException e) {
            return refused(cid, remotePeer, AlertDescription.UNSUPPORTED_CERTIFICATE, "not an X.509 certificate");
        }
    }

    private static AlertDescription alert(CertificateRefusedException.Kind kind) {
        return switch (kind) {
            case EXPIRED -> AlertDescription.CERTIFICATE_EXPIRED;
            case UNTRUSTED -> AlertDescription.UNKNOWN_CA;
            case UNBOUND -> AlertDescription.ACCESS_DENIED;
            case BAD -> AlertDescription.BAD_CERTIFICATE;
        };
    }

    private static CertificateVerificationResult refused(ConnectionId cid, InetSocketAddress peer,
                                                         AlertDescription alert, String reason) {
        LIMITED.info("coaps client {} refused: {}", peer, reason);
        return new CertificateVerificationResult(cid, new HandshakeException(reason,
                new AlertMessage(AlertLevel.FATAL, alert)), null);
    }

    /** The trusted CAs, named in the CertificateRequest (read again for every handshake). */
    @Override
    public List<X500Principal> getAcceptedIssuers() {
        return java.util.Arrays.stream(authenticator.trustStore().certificates())
                .map(X509Certificate::getSubjectX500Principal).toList();
    }

    @Override
    public void setResultHandler(HandshakeResultHandler resultHandler) {
        // results are always returned synchronously
    }
}
