package io.bastion.security.escertke;

import java.io.IOException;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.ClientCertificateType;
import org.bouncycastle.tls.DefaultTlsServer;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.crypto.TlsCrypto;

/**
 * The TLS server of a Terminating End-Point ({@link TlsFlights} has the profile): it always asks for the initiating
 * end-point's certificate (table 8.7.2.2-1, CertificateRequest) and refuses a handshake without one. One instance
 * per procedure.
 */
final class ResponderTls extends DefaultTlsServer {
    private final EndPointCredentials own;
    final PeerVerdict verdict;
    volatile boolean complete;
    private byte[] exported;

    ResponderTls(TlsCrypto crypto, EndPointCredentials own, PeerCheck peers, String expected) {
        super(crypto);
        this.own = own;
        this.verdict = new PeerVerdict(peers, expected);
    }

    @Override
    protected ProtocolVersion[] getSupportedVersions() {
        return ProtocolVersion.TLSv12.only();
    }

    @Override
    protected int[] getSupportedCipherSuites() {
        return TlsUtils.getSupportedCipherSuites(getCrypto(), TlsFlights.SUITES);
    }

    @Override
    public boolean requiresExtendedMasterSecret() {
        return true;
    }

    @Override
    protected TlsCredentialedSigner getECDSASignerCredentials() throws IOException {
        return TlsFlights.signer(context, getCrypto(), own);
    }

    @Override
    public CertificateRequest getCertificateRequest() {
        return new CertificateRequest(new short[] {ClientCertificateType.ecdsa_sign},
                TlsFlights.signatureAlgorithms(), null);
    }

    @Override
    public void notifyClientCertificate(Certificate clientCertificate) throws IOException {
        verdict.check(clientCertificate, "ESCertKE Message 3");
    }

    @Override
    public void notifyHandshakeComplete() throws IOException {
        super.notifyHandshakeComplete();
        // Bouncy Castle lets the secret be exported only here (RFC 5705, no context value: TS-0003 10.3.1 gives none).
        exported = context.exportKeyingMaterial(PairwiseE2EKey.EXPORTER_LABEL, null, PairwiseE2EKey.EXPORT_LENGTH);
        complete = true;
    }

    /** The 48 exported bytes, handed over once: the field is cleared, the caller wipes the array. */
    byte[] takeExport() {
        byte[] e = exported;
        exported = null;
        return e;
    }
}
