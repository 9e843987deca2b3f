package io.bastion.trust.mef;

import io.bastion.security.credential.PreSharedKey;
import io.bastion.security.credential.StandInKeys;
import io.bastion.security.environment.SecureEnvironment;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import io.bastion.security.certificate.CertificateRefusedException;
import io.bastion.trust.keys.ExportedKey;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.KeyExchangeAlgorithm;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.AlertLevel;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.PSKTlsServer;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsPSKIdentityManager;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.crypto.TlsCrypto;

/**
 * The MEF's side of the Bootstrap Security Handshake of the pre-provisioned symmetric key RSPF (TS-0003 8.3.2.1): TLS
 * 1.2 PSK with the suites of 10.2.2, the client's {@code psk_identity} being a KpmID whose Kpm the secure environment
 * holds. An unknown KpmID goes on with a stand-in key and fails exactly as a wrong Kpm does ({@code bad_record_mac},
 * RFC 4279 section 2), so KpmIDs cannot be enumerated. On completion the 48 bytes of
 * {@link EnrolmentKey#EXPORTER_LABEL} are exported (10.3.1). TLS 1.2 only, as the RSPF text names the RFC 4279
 * handshake and its exporter (RFC 5705). With {@link EnroleeCertificates} it serves the Certificate-Based RSPF
 * (8.3.2.2) on the same port: a client offering the ECDHE_ECDSA suites of 10.2.3 gets the MEF's certificate and must
 * present one the MEF trusts; the exporter is the same (8.3.2.2, "identical"). One instance per connection.
 */
final class BootstrapTlsServer extends PSKTlsServer {
    static final int[] SUITES = {
        CipherSuite.TLS_PSK_WITH_AES_128_CBC_SHA256,
        CipherSuite.TLS_PSK_WITH_AES_128_CCM_8,
        CipherSuite.TLS_PSK_WITH_AES_128_GCM_SHA256,
    };
    /** With certificates (8.3.2.2): the suites of TS-0003 10.2.3. */
    static final int[] CERTIFICATE_SUITES = io.bastion.bindings.tls.ServerCertificateTls.suites();

    private final Keys keys;
    private final EnroleeCertificates certificates;
    private String credentialId;
    private String certificateRefusal;
    private String kpmId;
    private boolean known;
    private short alert = -1;
    private EnrolmentKey enrolmentKey;
    private byte[] connectionExport;

    private BootstrapTlsServer(TlsCrypto crypto, Keys keys, EnroleeCertificates certificates) {
        super(crypto, keys);
        this.keys = keys;
        this.certificates = certificates;
        keys.server = this;
    }

    /**
     * A server for one connection.
     *
     * @param certificates the certificate-based RSPF, or null when the MEF serves the PSK one only
     */
    static BootstrapTlsServer create(TlsCrypto crypto, SecureEnvironment environment, StandInKeys standIns,
                                     EnroleeCertificates certificates) {
        return new BootstrapTlsServer(crypto, new Keys(environment, standIns), certificates);
    }

    @Override
    protected ProtocolVersion[] getSupportedVersions() {
        return ProtocolVersion.TLSv12.only();
    }

    @Override
    protected int[] getSupportedCipherSuites() {
        if (certificates == null) {
            return TlsUtils.getSupportedCipherSuites(getCrypto(), SUITES);
        }
        int[] both = java.util.Arrays.copyOf(CERTIFICATE_SUITES, CERTIFICATE_SUITES.length + SUITES.length);
        System.arraycopy(SUITES, 0, both, CERTIFICATE_SUITES.length, SUITES.length);
        return TlsUtils.getSupportedCipherSuites(getCrypto(), both);
    }

    private boolean certificateSuite() {
        return certificates != null && TlsUtils.getKeyExchangeAlgorithm(context.getSecurityParameters()
                .getCipherSuite()) == KeyExchangeAlgorithm.ECDHE_ECDSA;
    }

    @Override
    public TlsCredentials getCredentials() throws IOException {
        return certificateSuite() ? certificates.signer(context, getCrypto()) : super.getCredentials();
    }

    @Override
    public CertificateRequest getCertificateRequest() {
        return certificateSuite() ? EnroleeCertificates.request() : null;
    }

    @Override
    public void notifyClientCertificate(Certificate clientCertificate) throws IOException {
        if (!certificateSuite()) {
            return;
        }
        try {
            credentialId = certificates.identify(clientCertificate);
        } catch (CertificateRefusedException e) {
            certificateRefusal = e.getMessage();
            throw new TlsFatalAlert(AlertDescription.certificate_unknown, e.getMessage());
        }
    }

    @Override
    public void notifyAlertRaised(short alertLevel, short alertDescription, String message, Throwable cause) {
        if (alertLevel == AlertLevel.fatal && alert < 0) {
            alert = alertDescription;
        }
    }

    @Override
    public void notifyHandshakeComplete() throws IOException {
        super.notifyHandshakeComplete();
        if (certificateSuite()) {
            if (credentialId == null) {
                throw new TlsFatalAlert(AlertDescription.handshake_failure, "no client certificate");
            }
        } else if (!known) {
            throw new TlsFatalAlert(AlertDescription.internal_error, "handshake without a Kpm");
        }
        enrolmentKey = EnrolmentKey.fromExport(context.exportKeyingMaterial(EnrolmentKey.EXPORTER_LABEL, null,
                EnrolmentKey.EXPORT_LENGTH));
        // for an exporter-derived MEF Key Registration on this session (8.3.5.2.7 step 2a); see ExportedKey
        connectionExport = context.exportKeyingMaterial(ExportedKey.LABEL, null, ExportedKey.LENGTH);
    }

    /** The KpmID the client presented (as received), or null. */
    String kpmId() {
        return kpmId;
    }

    /**
     * Whom the completed handshake proved, as {@link MefData#enrolees} keys them: the KpmID, or for a certificate
     * {@code cert:<Credential-ID>}.
     */
    String enroleeKey() {
        return credentialId != null ? EnroleeCertificates.enroleeKey(credentialId) : kpmId;
    }

    /** What the log says of the client: its KpmID or why its certificate was refused. */
    String who() {
        if (certificateRefusal != null) {
            return "certificate refused (" + certificateRefusal + ")";
        }
        return kpmId == null ? "no KpmID" : (known ? "KpmID '" : "unknown KpmID '")
                + io.bastion.core.text.Excerpt.of(kpmId) + "'";
    }

    boolean kpmKnown() {
        return known;
    }

    /** The exported Ke and RelativeKeID after a completed handshake, else null. */
    EnrolmentKey enrolmentKey() {
        return enrolmentKey;
    }

    /** The 48 bytes of {@code EXPORTER-oneM2M-Connection} after a completed handshake (handed over once), else null. */
    byte[] takeConnectionExport() {
        byte[] x = connectionExport;
        connectionExport = null;
        return x;
    }

    /** The failure the log names: the first fatal alert, with "(wrong Kpm?)" the client cannot be told. */
    String failure() {
        String why = alert < 0 ? "handshake failed" : AlertDescription.getText(alert);
        if (alert == AlertDescription.bad_record_mac) {
            why += known ? " (wrong Kpm?)" : " (the KpmID is not provisioned; answered as a wrong key)";
        }
        return why;
    }

    /** Kpm look-ups by KpmID in the secure environment (refreshed first: the CLI may have just provisioned it). */
    private static final class Keys implements TlsPSKIdentityManager {
        private final SecureEnvironment environment;
        private final StandInKeys standIns;
        BootstrapTlsServer server;

        Keys(SecureEnvironment environment, StandInKeys standIns) {
            this.environment = environment;
            this.standIns = standIns;
        }

        @Override
        public byte[] getHint() {
            return null;
        }

        @Override
        public byte[] getPSK(byte[] identity) {
            String id = new String(identity, StandardCharsets.UTF_8);
            server.kpmId = id;
            environment.refresh();
            Optional<PreSharedKey> kpm = MefKeys.kpm(environment, id);
            server.known = kpm.isPresent();
            if (kpm.isEmpty()) {
                return standIns.keyFor(identity);
            }
            PreSharedKey k = kpm.get();
            byte[] bytes = k.bytes();
            k.destroy();
            return Arrays.copyOf(bytes, bytes.length);
        }
    }
}
