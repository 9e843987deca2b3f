package io.bastion.trust.mef;

import io.bastion.bindings.tls.ServerCertificateTls;
import io.bastion.security.certificate.CertificateAuthenticator;
import io.bastion.security.certificate.CertificateRefusedException;
import io.bastion.security.environment.SecureEnvironment;
import java.io.IOException;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsContext;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.crypto.TlsCrypto;

/**
 * The certificate side of the Bootstrap Security Handshake (the Certificate-Based RSPF, TS-0003 8.3.2.2): the MEF's
 * own certificate and key ({@code tlsAlias} of the secure environment, which signs inside it), and the enrolee's
 * certificate validated as every Bastion door validates one ({@link CertificateAuthenticator}: PKIX path to a CA the
 * MEF's data folder trusts, revocations, the 10.1.1 profile), the enrolee then being found by the Credential-ID the
 * certificate has ({@code 31-<sha256>} a device certificate, {@code 33-…}/{@code 32-…} an AE-ID/CSE-ID certificate,
 * {@code 34-<Node-ID>} a Node-ID certificate): the "certificate information" of 8.1.2.4 the operator provisions. The
 * TLS pieces are the ones the MAF's door uses too ({@link ServerCertificateTls}).
 */
final class EnroleeCertificates {
    static final SignatureAndHashAlgorithm ECDSA_SHA256 = ServerCertificateTls.ECDSA_SHA256;

    private final ServerCertificateTls tls;

    EnroleeCertificates(SecureEnvironment environment, String tlsAlias, CertificateAuthenticator authenticator) {
        this.tls = new ServerCertificateTls(environment, tlsAlias, authenticator);
    }

    /** The enrolee key of a certificate's Credential-ID in {@link MefData#enrolees}. */
    static String enroleeKey(String credentialId) {
        return "cert:" + credentialId;
    }

    static CertificateRequest request() {
        return ServerCertificateTls.request();
    }

    /** The MEF's signer: its chain, ECDSA with SHA-256 computed by the secure environment. */
    TlsCredentialedSigner signer(TlsContext context, TlsCrypto crypto) throws IOException {
        return tls.signer(context, crypto);
    }

    /**
     * The Credential-ID of the client's certificate after validation.
     *
     * @throws CertificateRefusedException with the reason the log names
     */
    String identify(Certificate peer) throws IOException, CertificateRefusedException {
        return tls.authenticator().identify(ServerCertificateTls.chain(peer)).credentialId();
    }
}
