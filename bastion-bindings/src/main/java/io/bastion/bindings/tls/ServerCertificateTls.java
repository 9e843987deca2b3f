package io.bastion.bindings.tls;

import io.bastion.security.certificate.CertificateAuthenticator;
import io.bastion.security.certificate.CertificateRefusedException;
import io.bastion.security.environment.SecureEnvironment;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.Vector;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.ClientCertificateType;
import org.bouncycastle.tls.DefaultTlsCredentialedSigner;
import org.bouncycastle.tls.HashAlgorithm;
import org.bouncycastle.tls.KeyExchangeAlgorithm;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsContext;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsCrypto;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.TlsSigner;
import org.bouncycastle.tls.crypto.TlsStreamSigner;

/**
 * The certificate side of a Bouncy Castle TLS 1.2 server that also serves PSK clients on the same port (the MEF's
 * Certificate-Based RSPF, TS-0003 8.3.2.2; the MAF Handshake with a certificate, 8.8.2.2): the ECDHE_ECDSA suites of
 * 10.2.3, the server's own chain and P-256 key under {@code tlsAlias} of a {@link SecureEnvironment} (which signs
 * inside it: the key never leaves), a CertificateRequest for ECDSA with SHA-256, and the client's chain validated by
 * a {@link CertificateAuthenticator} (PKIX path to a CA of the data folder's trust, the deny list, the 10.1.1
 * profile), a refusal answered with the alert its kind calls for.
 */
public final class ServerCertificateTls {
    /** The suites of TS-0003 10.2.3, the mandatory GCM one first. */
    static final int[] SUITES = {
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8,
    };
    public static final SignatureAndHashAlgorithm ECDSA_SHA256 = SignatureAndHashAlgorithm.getInstance(
            HashAlgorithm.sha256, SignatureAlgorithm.ecdsa);

    private final SecureEnvironment environment;
    private final String tlsAlias;
    private final CertificateAuthenticator authenticator;

    /**
     * @throws IllegalArgumentException when {@code tlsAlias} has no certificate in {@code environment}
     */
    public ServerCertificateTls(SecureEnvironment environment, String tlsAlias, CertificateAuthenticator authenticator) {
        this.environment = Objects.requireNonNull(environment, "environment");
        this.tlsAlias = Objects.requireNonNull(tlsAlias, "tlsAlias");
        this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
        if (environment.certificateChain(tlsAlias).isEmpty()) {
            throw new IllegalArgumentException("the TLS key '" + tlsAlias + "' has no certificate in "
                    + environment.describe());
        }
    }

    /** A copy of the suites of TS-0003 10.2.3, in the order offered. */
    public static int[] suites() {
        return SUITES.clone();
    }

    public CertificateAuthenticator authenticator() {
        return authenticator;
    }

    public String tlsAlias() {
        return tlsAlias;
    }

    /** Whether the suite negotiated in {@code context} is one of the certificate ones (not a PSK one). */
    static boolean negotiated(TlsContext context) {
        return TlsUtils.getKeyExchangeAlgorithm(context.getSecurityParameters().getCipherSuite())
                == KeyExchangeAlgorithm.ECDHE_ECDSA;
    }

    /** The client must present an ECDSA certificate (10.1.1: P-256, SHA-256). */
    public static CertificateRequest request() {
        Vector<SignatureAndHashAlgorithm> algorithms = new Vector<>();
        algorithms.add(ECDSA_SHA256);
        return new CertificateRequest(new short[] {ClientCertificateType.ecdsa_sign}, algorithms, null);
    }

    /** The server's signer: its chain, ECDSA with SHA-256 computed by the secure environment. */
    public TlsCredentialedSigner signer(TlsContext context, TlsCrypto crypto) throws IOException {
        List<X509Certificate> chain = environment.certificateChain(tlsAlias);
        TlsCertificate[] certs = new TlsCertificate[chain.size()];
        try {
            for (int i = 0; i < certs.length; i++) {
                certs[i] = crypto.createCertificate(chain.get(i).getEncoded());
            }
        } catch (CertificateEncodingException e) {
            throw new TlsFatalAlert(AlertDescription.internal_error, "the server's certificate is not encodable", e);
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
     * The client's chain as the JDK reads it, end entity first.
     *
     * @throws CertificateRefusedException when none was presented
     * @throws TlsFatalAlert ({@code bad_certificate}) when one cannot be read
     */
    public static X509Certificate[] chain(Certificate peer) throws IOException, CertificateRefusedException {
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
        } catch (CertificateException | ClassCastException e) {
            throw new TlsFatalAlert(AlertDescription.bad_certificate, "unreadable certificate", e);
        }
        return chain;
    }

    /**
     * The alert a refused chain ends the handshake with (RFC 5246 7.2.2): {@code certificate_expired},
     * {@code unknown_ca}, else {@code bad_certificate} (a revoked certificate too: the deny list is the operator's,
     * not a CRL the client could consult).
     */
    public static TlsFatalAlert alert(CertificateRefusedException e) {
        short a = switch (e.kind()) {
            case EXPIRED -> AlertDescription.certificate_expired;
            case UNTRUSTED -> AlertDescription.unknown_ca;
            case UNBOUND -> AlertDescription.access_denied;
            case BAD -> AlertDescription.bad_certificate;
        };
        return new TlsFatalAlert(a, e.getMessage());
    }
}
