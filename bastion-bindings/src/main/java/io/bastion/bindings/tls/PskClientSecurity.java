package io.bastion.bindings.tls;

import io.bastion.bindings.http.ClientSecurity;
import io.bastion.security.credential.PskCredential;
import io.bastion.security.credential.PskStore;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Optional;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.crypto.TlsCrypto;

/**
 * TLS-PSK as this CSE's client side of an Mcc association (TS-0003 8.2.2.1): the key of one KpsaID taken from this
 * CSE's PSK store (its secure environment) for each new connection, so that a rotated or removed key takes effect at
 * the next connection; TLS 1.2 with the PSK suites of TS-0003 10.2.2 a Bastion door offers (GCM, CCM_8 and the
 * mandatory CBC one), the server choosing. The key is never logged: a missing one fails the connection with the
 * identity's name only.
 */
public final class PskClientSecurity implements ClientSecurity {
    /** The suites offered, in order of preference; the server picks by its own. */
    static final int[] SUITES = {
        CipherSuite.TLS_PSK_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_PSK_WITH_AES_128_CCM_8,
        CipherSuite.TLS_PSK_WITH_AES_128_CBC_SHA256,
    };

    private final PskStore store;
    private final String identity;
    private final String serverName;
    private final TlsCrypto crypto;

    /**
     * @param identity the KpsaID shared with the peer
     * @param serverName the peer's host name for SNI, or null (an IP literal is never sent)
     */
    public PskClientSecurity(PskStore store, String identity, String serverName) {
        this.store = store;
        this.identity = identity;
        this.serverName = serverName == null || serverName.isEmpty() || !serverName.matches(".*[a-zA-Z].*")
                || serverName.indexOf(':') >= 0 ? null : serverName;
        this.crypto = PskTlsCrypto.create(new SecureRandom());
    }

    @Override
    public Future<?> install(SocketChannel ch) {
        Promise<Void> ready = ch.eventLoop().newPromise();
        Optional<PskCredential> credential = store.lookup(identity);
        if (credential.isEmpty()) {
            return ready.setFailure(new IOException("PSK identity " + identity + " is not in this CSE's PSK store"));
        }
        byte[] key = credential.get().key().bytes();
        try {
            PskTlsClient client = new PskTlsClient(crypto, identity, key, ProtocolVersion.TLSv12, SUITES, serverName);
            ch.pipeline().addFirst("tls-psk", new PskTlsClientHandler(client, ready));
        } finally {
            Arrays.fill(key, (byte) 0); // the client keeps its own copy for the handshake
        }
        return ready;
    }

    @Override
    public String describe() {
        return "TLS-PSK identity " + identity;
    }
}
