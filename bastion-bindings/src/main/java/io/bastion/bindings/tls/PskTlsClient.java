package io.bastion.bindings.tls;

import java.nio.charset.StandardCharsets;
import java.util.Vector;
import org.bouncycastle.tls.BasicTlsPSKExternal;
import org.bouncycastle.tls.BasicTlsPSKIdentity;
import org.bouncycastle.tls.NameType;
import org.bouncycastle.tls.PSKTlsClient;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.ServerName;
import org.bouncycastle.tls.crypto.TlsCrypto;

/**
 * The client side of one TLS-PSK handshake, as a device makes it: one KpsaID and its key, sent as the RFC 4279
 * {@code psk_identity} in TLS 1.2 and as an external PSK in TLS 1.3; exactly one protocol version and one suite, so
 * that whoever measures or tests knows what was negotiated (or, for the Mcc, several suites); optionally a server name (SNI). Bouncy Castle's client
 * resumes no session unless asked to, so every connection is a full PSK handshake. One instance per connection, for
 * Bouncy Castle's blocking {@code TlsClientProtocol} or, in a Netty pipeline, {@link PskTlsClientHandler}.
 */
public final class PskTlsClient extends PSKTlsClient {
    private final byte[] identity;
    private final byte[] key;
    private final ProtocolVersion version;
    private final int[] suites;
    private final String serverName;
    private String exportLabel;
    private int exportLength;
    private byte[] exported;

    /**
     * @param crypto e.g. {@link PskTlsCrypto#create}
     * @param identity the KpsaID
     * @param key the pre-shared key (copied)
     * @param serverName the host name to send with SNI, or null for none
     */
    public PskTlsClient(TlsCrypto crypto, String identity, byte[] key, ProtocolVersion version, int suite,
                        String serverName) {
        this(crypto, identity.getBytes(StandardCharsets.UTF_8), key.clone(), version, new int[] {suite}, serverName);
    }

    /**
     * As the other constructor, offering several suites in order of preference (the server chooses): the Mcc client
     * of a CSE, which must agree with whatever peer it has.
     */
    public PskTlsClient(TlsCrypto crypto, String identity, byte[] key, ProtocolVersion version, int[] suites,
                        String serverName) {
        this(crypto, identity.getBytes(StandardCharsets.UTF_8), key.clone(), version, suites.clone(), serverName);
    }

    private PskTlsClient(TlsCrypto crypto, byte[] identity, byte[] key, ProtocolVersion version, int[] suites,
                         String serverName) {
        super(crypto, new BasicTlsPSKIdentity(identity, key));
        this.identity = identity;
        this.key = key;
        this.version = version;
        this.suites = suites;
        this.serverName = serverName;
    }

    /** The suite the server selected, once the handshake completed. */
    public int selectedSuite() {
        return context.getSecurityParametersConnection().getCipherSuite();
    }

    /**
     * Asks for RFC 5705 keying material without a context value, as TS-0003 10.3.1 exports it (e.g.
     * {@code EXPORTER-oneM2M-Connection}, 48 bytes: a MAF Client's Kc and KcID), when the handshake completes: Bouncy
     * Castle exports only then. Call before the handshake; {@link #exported()} gives it after.
     */
    public PskTlsClient exportAtCompletion(String label, int length) {
        exportLabel = label;
        exportLength = length;
        return this;
    }

    /** A copy of the material asked for by {@link #exportAtCompletion}, or null. */
    public byte[] exported() {
        return exported == null ? null : exported.clone();
    }

    @Override
    public void notifyHandshakeComplete() throws java.io.IOException {
        super.notifyHandshakeComplete();
        if (exportLabel != null) {
            exported = context.exportKeyingMaterial(exportLabel, null, exportLength);
        }
    }

    /** The protocol version the server selected, once the handshake completed. */
    public ProtocolVersion negotiatedVersion() {
        return context.getServerVersion();
    }

    @Override
    protected ProtocolVersion[] getSupportedVersions() {
        return new ProtocolVersion[] {version};
    }

    @Override
    protected int[] getSupportedCipherSuites() {
        return suites.clone();
    }

    @Override
    protected Vector getSNIServerNames() {
        if (serverName == null) {
            return null;
        }
        Vector<ServerName> names = new Vector<>();
        names.add(new ServerName(NameType.host_name, serverName.getBytes(StandardCharsets.US_ASCII)));
        return names;
    }

    @Override
    public Vector getExternalPSKs() {
        if (!ProtocolVersion.TLSv13.equals(version)) {
            return null;
        }
        Vector<BasicTlsPSKExternal> psks = new Vector<>();
        psks.add(new BasicTlsPSKExternal(identity, getCrypto().createSecret(key)));
        return psks;
    }
}
