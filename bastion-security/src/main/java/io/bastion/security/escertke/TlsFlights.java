package io.bastion.security.escertke;

import io.bastion.core.primitive.ResponseStatusCode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Set;
import java.util.Vector;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.HashAlgorithm;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsContext;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsFatalAlertReceived;
import org.bouncycastle.tls.TlsProtocol;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsCrypto;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCrypto;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCryptoProvider;

/**
 * The TLS profile both ESCertKE roles share, and the passing of flights through Bouncy Castle's non-blocking TLS
 * ({@code offerInput}/{@code readOutput}).
 *
 * <p>TLS 1.2 only: TS-0003 8.7.2.2 C.1 has the messages "generated and processed according to the handshake protocol
 * of TLS v1.2", table 8.7.2.2-1 lists TLS 1.2's flights (a TLS 1.3 handshake has three flights, not four), and 10.2.1
 * makes TLS 1.2 the version. Cipher suites per 10.2.3 (ECDHE_ECDSA): {@code TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256}
 * preferred and the mandatory {@code TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256}. Signatures ECDSA with SHA-256, the
 * hash of the certificate profile (10.1.1.1). The extended master secret (RFC 7627) is required, so that the
 * exported key is bound to the whole handshake. The crypto is the JDK's providers, so that a private key held in a
 * PKCS#11 token signs there.
 */
final class TlsFlights {
    static final int[] SUITES = {
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256,
    };
    static final SignatureAndHashAlgorithm ECDSA_SHA256 = new SignatureAndHashAlgorithm(HashAlgorithm.sha256,
            SignatureAlgorithm.ecdsa);
    /** Alerts that mean the other end-point did not prove who it is. */
    private static final Set<Short> AUTHENTICATION = Set.of(AlertDescription.bad_record_mac,
            AlertDescription.decrypt_error, AlertDescription.bad_certificate,
            AlertDescription.unsupported_certificate, AlertDescription.certificate_revoked,
            AlertDescription.certificate_expired, AlertDescription.certificate_unknown, AlertDescription.unknown_ca,
            AlertDescription.access_denied, AlertDescription.certificate_required);
    /** Alerts that mean the two end-points have no TLS profile in common. */
    private static final Set<Short> NEGOTIATION = Set.of(AlertDescription.handshake_failure,
            AlertDescription.insufficient_security, AlertDescription.protocol_version,
            AlertDescription.illegal_parameter);

    private TlsFlights() {
    }

    static TlsCrypto crypto(SecureRandom random) {
        return new JcaTlsCryptoProvider().create(random);
    }

    static Vector<SignatureAndHashAlgorithm> signatureAlgorithms() {
        Vector<SignatureAndHashAlgorithm> v = new Vector<>();
        v.add(ECDSA_SHA256);
        return v;
    }

    /** The signer of an end-point: its key and chain, ECDSA with SHA-256. */
    static TlsCredentialedSigner signer(TlsContext context, TlsCrypto crypto, EndPointCredentials own)
            throws IOException {
        List<X509Certificate> chain = own.chain();
        TlsCertificate[] certs = new TlsCertificate[chain.size()];
        try {
            for (int i = 0; i < certs.length; i++) {
                certs[i] = crypto.createCertificate(chain.get(i).getEncoded());
            }
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new TlsFatalAlert(AlertDescription.internal_error, "own certificate not encodable", e);
        }
        return new JcaDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), (JcaTlsCrypto) crypto,
                own.privateKey(), new Certificate(certs), ECDSA_SHA256);
    }

    /** The peer's chain as JDK certificates, end entity first; null when it sent none. */
    static X509Certificate[] chain(Certificate peer) throws IOException {
        if (peer == null || peer.isEmpty()) {
            return null;
        }
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            X509Certificate[] out = new X509Certificate[peer.getLength()];
            for (int i = 0; i < out.length; i++) {
                out[i] = (X509Certificate) cf.generateCertificate(new ByteArrayInputStream(
                        peer.getCertificateAt(i).getEncoded()));
            }
            return out;
        } catch (CertificateException e) {
            throw new TlsFatalAlert(AlertDescription.bad_certificate, "unreadable certificate", e);
        }
    }

    /**
     * Offers one received flight to {@code protocol} and returns what it wrote in answer (empty when nothing).
     *
     * @param refusal what the peer check refused during this flight, or null; it wins over the TLS alert it caused
     */
    static byte[] offer(TlsProtocol protocol, byte[] flight, String which, java.util.function.Supplier<
            EsCertKeException> refusal) {
        try {
            protocol.offerInput(flight);
        } catch (IOException e) {
            EsCertKeException r = refusal.get();
            throw r != null ? r : failure(e, which);
        } catch (RuntimeException e) {
            EsCertKeException r = refusal.get();
            throw r != null ? r : EsCertKeException.malformed(which + " is not a valid TLS 1.2 handshake flight");
        }
        return drain(protocol);
    }

    static byte[] drain(TlsProtocol protocol) {
        int n = protocol.getAvailableOutputBytes();
        byte[] out = new byte[n];
        if (n > 0) {
            protocol.readOutput(out, 0, n);
        }
        return out;
    }

    /** A failed handshake step as a oneM2M refusal. */
    static EsCertKeException failure(IOException e, String which) {
        short d = e instanceof TlsFatalAlert a ? a.getAlertDescription()
                : e instanceof TlsFatalAlertReceived r ? r.getAlertDescription() : -1;
        String alert = d >= 0 ? AlertDescription.getText(d) : "not a TLS flight";
        if (AUTHENTICATION.contains(d)) {
            return EsCertKeException.notAuthenticated(which + " failed the handshake's authentication (TLS alert "
                    + alert + ")");
        }
        if (NEGOTIATION.contains(d)) {
            return EsCertKeException.malformed(which + " offers nothing of the ESCertKE TLS profile (TLS 1.2, "
                    + "ECDHE_ECDSA with AES-128, TS-0003 10.2.3; TLS alert " + alert + ")");
        }
        return new EsCertKeException(ResponseStatusCode.BAD_REQUEST, which
                + " is not a valid TLS 1.2 handshake flight (" + alert + ")");
    }

    /** Whether a flight starts with a ClientHello: a handshake record (22) whose first message is type 1. */
    static boolean startsWithClientHello(byte[] flight) {
        return flight.length > 5 && flight[0] == 22 && flight[5] == 1;
    }
}
