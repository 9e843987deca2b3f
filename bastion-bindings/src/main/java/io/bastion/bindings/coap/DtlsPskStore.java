package io.bastion.bindings.coap;

import io.bastion.core.log.RateLimitedLog;
import io.bastion.security.credential.PskCredential;
import io.bastion.security.credential.PskStore;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.Optional;
import javax.crypto.SecretKey;
import org.eclipse.californium.scandium.dtls.ConnectionId;
import org.eclipse.californium.scandium.dtls.HandshakeResultHandler;
import org.eclipse.californium.scandium.dtls.PskPublicInformation;
import org.eclipse.californium.scandium.dtls.PskSecretResult;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedPskStore;
import org.eclipse.californium.scandium.util.SecretUtil;
import org.eclipse.californium.scandium.util.ServerNames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scandium's view of the CSE's {@link PskStore}: the client's {@code psk_identity} is a KpsaID (TS-0003 8.2.2.1),
 * looked up on every handshake so that a key provisioned or removed on a running CSE takes effect at once. An unknown
 * identity yields no secret, which fails the handshake ({@code unknown_psk_identity}). The credential found rides
 * along as the handshake's custom argument ({@link HandshakeProof.Psk}), for the session's security association.
 * Server side only.
 */
final class DtlsPskStore implements AdvancedPskStore {
    private static final Logger LOG = LoggerFactory.getLogger(DtlsPskStore.class);
    private static final RateLimitedLog LIMITED = RateLimitedLog.of(LOG);
    private final PskStore store;

    DtlsPskStore(PskStore store) {
        this.store = store;
    }

    /** The credential of an identity, or empty (also for identities that are not even well-formed). */
    Optional<PskCredential> lookup(String identity) {
        if (identity == null || !PskCredential.isIdentity(identity)) {
            return Optional.empty();
        }
        return store.lookup(identity);
    }

    @Override
    public boolean hasEcdhePskSupported() {
        return true;
    }

    @Override
    public PskSecretResult requestPskSecretResult(ConnectionId cid, ServerNames serverName,
                                                  PskPublicInformation identity, String hmacAlgorithm,
                                                  SecretKey otherSecret, byte[] seed,
                                                  boolean useExtendedMasterSecret) {
        String id = identity.getPublicInfoAsString();
        long provedAt = store.generation(); // before the lookup: a change after it is seen at the first request
        Optional<PskCredential> c = lookup(id);
        if (c.isEmpty()) {
            LIMITED.info("DTLS-PSK handshake refused: unknown identity '{}'", io.bastion.core.text.Excerpt.of(id));
            return new PskSecretResult(cid, identity, null);
        }
        byte[] key = c.get().key().bytes();
        try {
            return new PskSecretResult(cid, identity, SecretUtil.create(key, PskSecretResult.ALGORITHM_PSK),
                    new HandshakeProof.Psk(c.get(), provedAt));
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    @Override
    public PskPublicInformation getIdentity(InetSocketAddress peerAddress, ServerNames virtualHost) {
        return null; // a server never starts a handshake
    }

    @Override
    public void setResultHandler(HandshakeResultHandler resultHandler) {
        // results are always returned synchronously
    }
}
