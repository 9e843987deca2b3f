package io.bastion.bindings.tls;

import io.bastion.bindings.http.ConnectionFront;
import io.bastion.security.credential.PskStore;
import io.bastion.security.credential.StandInKeys;
import io.netty.channel.socket.SocketChannel;
import java.security.SecureRandom;
import java.util.Objects;
import org.bouncycastle.tls.crypto.TlsCrypto;

/**
 * The TLS-PSK door: put in front of the HTTP codec of an {@code HttpBinding}, it authenticates each connection with
 * a KpsaID from a {@link PskStore}, so that the same HTTP binding and CSE pipeline serve PSK clients. An unknown
 * identity fails the handshake exactly as a wrong key does (see {@link PskTlsServer}).
 *
 * <pre>{@code
 * new HttpBinding(config, cse, new Codecs(), new PskTlsFront(FilePskStore.inDataDir(dataDir))).start();
 * }</pre>
 *
 * Bouncy Castle's TLS protocol runs over the JDK's crypto providers, with Bouncy Castle's own AES-CCM for the CCM
 * suites ({@link PskTlsCrypto}); no JCE provider is installed.
 */
public final class PskTlsFront implements ConnectionFront {
    private final PskStore store;
    private final TlsCrypto crypto;
    private final StandInKeys standIns;
    private final ExportedKeys exported;
    private final ServerCertificateTls certificates;

    public PskTlsFront(PskStore store) {
        this(store, new SecureRandom());
    }

    public PskTlsFront(PskStore store, SecureRandom random) {
        this(store, random, null);
    }

    /**
     * A door that also exports keying material from every connection's session into {@code exported} (a MAF, whose
     * Key Registration may take its key from the session, TS-0003 8.8.2.7).
     */
    public PskTlsFront(PskStore store, SecureRandom random, ExportedKeys exported) {
        this(store, random, exported, null);
    }

    /**
     * A door that also serves clients with certificates on the same port (the TLS 1.2 suites of TS-0003 10.2.3; a
     * MAF's Handshake with a certificate, 8.8.2.2), their sessions exporting into {@code exported} too.
     *
     * @param certificates the server's certificate and the client certificates' authenticator, or null for PSK only
     */
    public PskTlsFront(PskStore store, SecureRandom random, ExportedKeys exported, ServerCertificateTls certificates) {
        this.store = Objects.requireNonNull(store, "store");
        this.crypto = PskTlsCrypto.create(random);
        this.standIns = new StandInKeys(random);
        this.exported = exported;
        this.certificates = certificates;
    }

    @Override
    public void install(SocketChannel ch) {
        ch.pipeline().addLast("tls-psk", new PskTlsHandler(new PskTlsServer(crypto, store, standIns, certificates),
                store, exported));
    }

    @Override
    public String name() {
        return certificates == null ? "TLS-PSK" : "TLS-PSK and certificates";
    }
}
