package io.bastion.bindings.tls;

import io.bastion.security.credential.PskCredential;
import io.bastion.security.credential.PskStore;
import io.bastion.security.credential.SecurityAssociation;
import io.bastion.security.credential.StandInKeys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Hashtable;
import java.util.Optional;
import java.util.Vector;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.AlertLevel;
import org.bouncycastle.tls.BasicTlsPSKExternal;
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

    PskTlsServer(TlsCrypto crypto, PskStore store, StandInKeys standIns) {
        super(crypto, new Identities());
        this.store = store;
        this.standIns = standIns;
        ((Identities) pskIdentityManager).server = this;
    }

    @Override
    protected ProtocolVersion[] getSupportedVersions() {
        return ProtocolVersion.TLSv13.downTo(ProtocolVersion.TLSv12);
    }

    @Override
    protected int[] getSupportedCipherSuites() {
        return TlsUtils.getSupportedCipherSuites(getCrypto(), PskTlsSuites.OFFERED);
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
            throw new TlsFatalAlert(AlertDescription.handshake_failure, "no PSK identity offered");
        }
        return super.getCredentials();
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
        complete = credential != null;
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

    /**
     * The association the completed handshake established, checked again against the store whenever it changes, or
     * null while the handshake has not completed.
     */
    SecurityAssociation association() {
        PskCredential c = authenticated();
        return c == null ? null : store.associate(c, provedAt);
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
