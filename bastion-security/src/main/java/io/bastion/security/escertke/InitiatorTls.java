package io.bastion.security.escertke;

import java.io.IOException;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.crypto.TlsCrypto;

/** The TLS client of an Initiating End-Point ({@link TlsFlights} has the profile). One instance per procedure. */
final class InitiatorTls extends DefaultTlsClient {
    private final EndPointCredentials own;
    final PeerVerdict verdict;
    volatile boolean complete;
    private byte[] exported;

    InitiatorTls(TlsCrypto crypto, EndPointCredentials own, PeerCheck peers, String expected) {
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
    public TlsAuthentication getAuthentication() {
        return new TlsAuthentication() {
            @Override
            public void notifyServerCertificate(TlsServerCertificate serverCertificate) throws IOException {
                verdict.check(serverCertificate.getCertificate(), "ESCertKE Message 2");
            }

            @Override
            public TlsCredentials getClientCredentials(CertificateRequest request) throws IOException {
                return TlsFlights.signer(context, getCrypto(), own);
            }
        };
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
