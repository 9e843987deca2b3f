package io.bastion.trust.mef;

import io.bastion.security.certificate.CertificateAuthenticator;
import io.bastion.security.certificate.CertificateIdentity;
import io.bastion.security.certificate.CertificateRefusedException;
import io.bastion.security.environment.SecureEnvironment;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Vector;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.ClientCertificateType;
import org.bouncycastle.tls.DefaultTlsCredentialedSigner;
import org.bouncycastle.tls.HashAlgorithm;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsContext;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsCrypto;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.TlsSigner;
import org.bouncycastle.tls.crypto.TlsStreamSigner;

/**
 * The certificate side of the Bootstrap Security Handshake (the Certificate-Based RSPF, TS-0003 8.3.2.2): the MEF's
 * own certificate and key ({@code tlsAlias} of the secure environment, which signs inside it), and the enrolee's
 * certificate validated as every Bastion door validates one ({@link CertificateAuthenticator}: PKIX path to a CA the
 * MEF's data folder trusts, revocations, the 10.1.1 profile), the enrolee then being found by the Credential-ID the
 * certificate has ({@code 31-<sha256>} a device certificate, {@code 33-…}/{@code 32-…} an AE-ID/CSE-ID certificate,
 * {@code 34-<Node-ID>} a Node-ID certificate): the "certificate information" of 8.1.2.4 the operator provisions.
 */
final class EnroleeCertificates {
    static final SignatureAndHashAlgorithm ECDSA_SHA256 = SignatureAndHashAlgorithm.getInstance(HashAlgorithm.sha256,
            SignatureAlgorithm.ecdsa);

    private final SecureEnvironment environment;
    private final String tlsAlias;
    private final CertificateAuthenticator authenticator;

    EnroleeCertificates(SecureEnvironment environment, String tlsAlias, CertificateAuthenticator authenticator) {
        this.environment = environment;
        this.tlsAlias = tlsAlias;
        this.authenticator = authenticator;
        if (environment.certificateChain(tlsAlias).isEmpty()) {
            throw new IllegalArgumentException("the MEF's TLS key '" + tlsAlias + "' has no certificate");
        }
    }

    /** The enrolee key of a certificate's Credential-ID in {@link MefData#enrolees}. */
    static String enroleeKey(String credentialId) {
        return "cert:" + credentialId;
    }

    static CertificateRequest request() {
        Vector<SignatureAndHashAlgorithm> algorithms = new Vector<>();
        algorithms.add(ECDSA_SHA256);
        return new CertificateRequest(new short[] {ClientCertificateType.ecdsa_sign}, algorithms, null);
    }

    /** The MEF's signer: its chain, ECDSA with SHA-256 computed by the secure environment. */
    TlsCredentialedSigner signer(TlsContext context, TlsCrypto crypto) throws IOException {
        List<X509Certificate> chain = environment.certificateChain(tlsAlias);
        TlsCertificate[] certs = new TlsCertificate[chain.size()];
        try {
            for (int i = 0; i < certs.length; i++) {
                certs[i] = crypto.createCertificate(chain.get(i).getEncoded());
            }
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new TlsFatalAlert(AlertDescription.internal_error, "the MEF's certificate is not encodable", e);
        }
        TlsSigner signer = new TlsSigner() {
            @Override
            public byte[] generateRawSignature(SignatureAndHashAlgorithm algorithm, byte[] hash) {
                return environment.sign(tlsAlias, "NONEwithECDSA", hash);
            }

            @Override
            public TlsStreamSigner getStreamSigner(SignatureAndHashAlgorithm algorithm) {
                ByteArrayOutputStream data = new ByteArrayOutputStream();
                return new TlsStreamSigner() {
                    @Override
                    public OutputStream getOutputStream() {
                        return data;
                    }

                    @Override
                    public byte[] getSignature() {
                        return environment.sign(tlsAlias, "SHA256withECDSA", data.toByteArray());
                    }
                };
            }
        };
        return new DefaultTlsCredentialedSigner(new TlsCryptoParameters(context), signer, new Certificate(certs),
                ECDSA_SHA256);
    }

    /**
     * The Credential-ID of the client's certificate after validation.
     *
     * @throws CertificateRefusedException with the reason the log names
     */
    String identify(Certificate peer) throws IOException, CertificateRefusedException {
        if (peer == null || peer.isEmpty()) {
            throw new CertificateRefusedException("no certificate presented");
        }
        X509Certificate[] chain = new X509Certificate[peer.getLength()];
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            for (int i = 0; i < chain.length; i++) {
                chain[i] = (X509Certificate) cf.generateCertificate(new ByteArrayInputStream(
                        peer.getCertificateAt(i).getEncoded()));
            }
        } catch (CertificateException e) {
            throw new TlsFatalAlert(AlertDescription.bad_certificate, "unreadable certificate", e);
        }
        CertificateIdentity id = authenticator.identify(chain);
        return id.credentialId();
    }
}
