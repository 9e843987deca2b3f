package io.bastion.bindings.tls;

import io.bastion.core.primitive.Authentication;
import io.bastion.security.certificate.CertificateAuthenticator;
import io.bastion.security.certificate.CertificateRefusedException;
import io.bastion.security.credential.PskCredential;
import io.bastion.security.credential.PskStore;
import io.bastion.security.credential.SecurityAssociation;
import io.bastion.security.credential.StandInKeys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Hashtable;
import java.util.Optional;
import java.util.Vector;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.AlertLevel;
import org.bouncycastle.tls.BasicTlsPSKExternal;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.NameType;
import org.bouncycastle.tls.PSKTlsServer;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.PskIdentity;
import org.bouncycastle.tls.ServerName;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsExtensionsUtils;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsPSKExternal;
import org.bouncycastle.tls.TlsPSKIdentityManager;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.crypto.TlsCrypto;

/**
 * The server side of one TLS-PSK handshake (TS-0003 8.2.2.1, suites of 10.2.2): the client's {@code psk_identity}
 * is a KpsaID looked up in a {@link PskStore}. A wrong key fails the Finished check ({@code bad_record_mac}) in TLS
 * 1.2 and the binder check ({@code decrypt_error}) in TLS 1.3; an unknown identity goes on with a key from
 * {@link StandInKeys} and fails in exactly the same way (RFC 4279 section 2), so that identities cannot be
 * enumerated. Whether the identity was known stays here for the log. One instance per connection.
 *
 * <p>Offered ({@link PskTlsSuites}): TLS 1.2 {@code TLS_PSK_WITH_AES_128_CBC_SHA256} (mandatory),
 * {@code TLS_PSK_WITH_AES_128_CCM_8}, {@code TLS_PSK_WITH_AES_128_GCM_SHA256}; and TLS 1.3 with an external PSK
 * ({@code TLS_AES_128_GCM_SHA256}, {@code TLS_AES_128_CCM_8_SHA256}; key exchange psk_dhe_ke, BC's default), the
 * KpsaID being the PSK identity.
 *
 * <p>With a {@link ServerCertificateTls} (a MAF serving the MAF Handshake with certificates, TS-0003 8.8.2.2) the same
 * port also offers the TLS 1.2 ECDHE_ECDSA suites of 10.2.3: a client that negotiates one gets the server's
 * certificate, must present its own, and is what {@link CertificateAuthenticator} makes of it (its Credential-ID,
 * 8.1.2.4, and the IDs bound to it), exactly as the KpsaID's credential would be. Certificates are served over TLS 1.2
 * only (the 10.2.3 suites are TLS 1.2 suites): a TLS 1.3 client that offers no PSK is refused
 * ({@code handshake_failure}).
 */
final class PskTlsServer extends PSKTlsServer {

    private final PskStore store;
    private final StandInKeys standIns;
    /** The identity the client presented (as received; may be malformed), or null before it did. */
    private String presentedIdentity;
    /** The credential found for it, or null. */
    private PskCredential credential;
    /** The store's generation read before the lookup that found {@link #credential}. */
    private long provedAt;
    private String serverName;
    private short fatalAlert = -1;
    private boolean complete;
    private String exportLabel;
    private int exportLength;
    private byte[] exported;
    /** The certificate side, or null when only PSK is served. */
    private final ServerCertificateTls certificates;
    /** The client's validated chain and what it proved, or null. */
    private X509Certificate[] peerChain;
    private Authentication.Verified provedByCertificate;
    private String certificateRefusal;

    PskTlsServer(TlsCrypto crypto, PskStore store, StandInKeys standIns) {
        this(crypto, store, standIns, null);
    }

    /** @param certificates the certificate side, or null for a PSK-only door */
    PskTlsServer(TlsCrypto crypto, PskStore store, StandInKeys standIns, ServerCertificateTls certificates) {
        super(crypto, new Identities());
        this.store = store;
        this.standIns = standIns;
        this.certificates = certificates;
        ((Identities) pskIdentityManager).server = this;
    }

    @Override
    protected ProtocolVersion[] getSupportedVersions() {
        return ProtocolVersion.TLSv13.downTo(ProtocolVersion.TLSv12);
    }

    @Override
    protected int[] getSupportedCipherSuites() {
        if (certificates == null) {
            return TlsUtils.getSupportedCipherSuites(getCrypto(), PskTlsSuites.OFFERED);
        }
        int[] certificateSuites = ServerCertificateTls.SUITES;
        int[] both = Arrays.copyOf(PskTlsSuites.OFFERED, PskTlsSuites.OFFERED.length + certificateSuites.length);
        System.arraycopy(certificateSuites, 0, both, PskTlsSuites.OFFERED.length, certificateSuites.length);
        return TlsUtils.getSupportedCipherSuites(getCrypto(), both);
    }

    /** Whether this handshake negotiated a certificate suite (TLS 1.2, 10.2.3). */
    private boolean certificateSuite() {
        return certificates != null && !TlsUtils.isTLSv13(context) && ServerCertificateTls.negotiated(context);
    }

    /**
     * TLS 1.3: the first offered identity that is provisioned (TS-0003 8.2.2.1 with the 1.3 PSK mechanism); when none
     * is, the first offered one with a stand-in key, whose binder then fails to verify ({@code decrypt_error}, RFC
     * 8446 4.2.11) as a wrong key's does.
     */
    @Override
    public TlsPSKExternal getExternalPSK(Vector identities) {
        for (Object o : identities) {
            byte[] id = ((PskIdentity) o).getIdentity();
            PskCredential c = find(id);
            if (c != null) {
                byte[] key = c.key().bytes();
                try {
                    return new BasicTlsPSKExternal(id, getCrypto().createSecret(key));
                } finally {
                    Arrays.fill(key, (byte) 0);
                }
            }
        }
        if (identities.isEmpty()) {
            return null;
        }
        byte[] first = ((PskIdentity) identities.get(0)).getIdentity();
        presentedIdentity = new String(first, StandardCharsets.UTF_8);
        byte[] standIn = standIns.keyFor(first);
        try {
            return new BasicTlsPSKExternal(first, getCrypto().createSecret(standIn));
        } finally {
            Arrays.fill(standIn, (byte) 0);
        }
    }

    /**
     * Reached in TLS 1.3 only when the client offered no PSK at all (TLS 1.2 PSK suites need no credentials): answer
     * with a clean alert instead of looking for a certificate this door does not have.
     */
    @Override
    public TlsCredentials getCredentials() throws IOException {
        if (TlsUtils.isTLSv13(context)) {
            throw new TlsFatalAlert(AlertDescription.handshake_failure, certificates == null ? "no PSK identity "
                    + "offered" : "no PSK identity offered (certificates are served over TLS 1.2, TS-0003 10.2.3)");
        }
        return certificateSuite() ? certificates.signer(context, getCrypto()) : super.getCredentials();
    }

    @Override
    public CertificateRequest getCertificateRequest() {
        return certificateSuite() ? ServerCertificateTls.request() : null;
    }

    /**
     * Validates the client's chain at once (the handshake fails with the alert of {@link ServerCertificateTls#alert}
     * when it is refused); what it authenticates, bindings included, is kept for the association.
     */
    @Override
    public void notifyClientCertificate(Certificate clientCertificate) throws IOException {
        if (!certificateSuite()) {
            throw new TlsFatalAlert(AlertDescription.unexpected_message, "a certificate without a certificate suite");
        }
        CertificateAuthenticator authenticator = certificates.authenticator();
        try {
            X509Certificate[] chain = ServerCertificateTls.chain(clientCertificate);
            long generation = authenticator.generation(); // before: a change after it is seen at the first request
            Authentication.Verified proved = authenticator.authentication(authenticator.identify(chain));
            peerChain = chain;
            provedAt = generation;
            provedByCertificate = proved;
        } catch (CertificateRefusedException e) {
            certificateRefusal = e.getMessage();
            throw ServerCertificateTls.alert(e);
        }
    }

    @Override
    public void processClientExtensions(Hashtable clientExtensions) throws IOException {
        super.processClientExtensions(clientExtensions);
        Vector names = TlsExtensionsUtils.getServerNameExtensionClient(clientExtensions);
        if (names != null) {
            for (Object o : names) {
                ServerName n = (ServerName) o;
                if (n.getNameType() == NameType.host_name) {
                    serverName = new String(n.getNameData(), StandardCharsets.US_ASCII);
                    break;
                }
            }
        }
    }

    @Override
    public Hashtable getServerExtensions() throws IOException {
        Hashtable ext = super.getServerExtensions();
        if (serverName != null && !TlsUtils.isTLSv13(context)) {
            // Acknowledge SNI (RFC 6066 3): an empty server_name extension in the ServerHello.
            TlsExtensionsUtils.addServerNameExtensionServer(ext);
        }
        return ext;
    }

    @Override
    public void notifyAlertRaised(short alertLevel, short alertDescription, String message, Throwable cause) {
        if (alertLevel == AlertLevel.fatal && fatalAlert < 0) {
            fatalAlert = alertDescription;
        }
    }

    @Override
    public void notifyHandshakeComplete() throws IOException {
        super.notifyHandshakeComplete();
        complete = credential != null || provedByCertificate != null;
        if (complete && exportLabel != null) {
            exported = context.exportKeyingMaterial(exportLabel, null, exportLength);
        }
    }

    private PskCredential find(byte[] identity) {
        String id = new String(identity, StandardCharsets.UTF_8);
        presentedIdentity = id;
        provedAt = store.generation(); // before the lookup: a change after it is seen at the first request
        Optional<PskCredential> c = PskCredential.isIdentity(id) ? store.lookup(id) : Optional.empty();
        credential = c.orElse(null);
        return credential;
    }

    /** The credential the completed handshake proved, or null while the handshake has not completed. */
    PskCredential authenticated() {
        return complete ? credential : null;
    }

    /** What the completed handshake proved with a certificate (Credential-ID and IDs), or null. */
    Authentication.Verified authenticatedByCertificate() {
        return complete ? provedByCertificate : null;
    }

    /**
     * The association the completed handshake established, checked again against the store (a PSK) or the trusted
     * CAs, bindings and deny list (a certificate) whenever they change, or null while the handshake has not completed.
     */
    SecurityAssociation association() {
        if (authenticatedByCertificate() != null) {
            return certificates.authenticator().associate(peerChain, provedByCertificate, provedAt);
        }
        PskCredential c = authenticated();
        return c == null ? null : store.associate(c, provedAt);
    }

    /** Why the client's certificate was refused, or null. */
    String certificateRefusal() {
        return certificateRefusal;
    }

    String presentedIdentity() {
        return presentedIdentity;
    }

    boolean identityKnown() {
        return credential != null;
    }

    /** The host name the client asked for with SNI, or null. */
    String serverName() {
        return serverName;
    }

    /** The first fatal alert this side raised, or -1. */
    short fatalAlert() {
        return fatalAlert;
    }

    /**
     * Asks for RFC 5705 keying material without a context value (TS-0003 10.3.1) when the handshake completes, the
     * only moment Bouncy Castle exports; {@link #takeExported()} hands it over.
     */
    void exportAtCompletion(String label, int length) {
        exportLabel = label;
        exportLength = length;
    }

    /** The material asked for by {@link #exportAtCompletion}, once (the caller owns and wipes it), or null. */
    byte[] takeExported() {
        byte[] x = exported;
        exported = null;
        return x;
    }

    String describeSession() {
        return context.getServerVersion() + " " + PskTlsSuites.name(context.getSecurityParametersConnection()
                .getCipherSuite());
    }

    /** TLS 1.2 identity lookups ({@code psk_identity} of RFC 4279). */
    private static final class Identities implements TlsPSKIdentityManager {
        PskTlsServer server;

        @Override
        public byte[] getHint() {
            return null;
        }

        /** The key of a provisioned identity, else a stand-in: the Finished check fails as with a wrong key. */
        @Override
        public byte[] getPSK(byte[] identity) {
            PskCredential c = server.find(identity);
            return c == null ? server.standIns.keyFor(identity) : c.key().bytes();
        }
    }
}
