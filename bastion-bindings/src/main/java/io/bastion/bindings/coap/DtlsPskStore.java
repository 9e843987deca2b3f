package io.bastion.bindings.coap;

import io.bastion.core.log.RateLimitedLog;
import io.bastion.security.credential.PskCredential;
import io.bastion.security.credential.PskStore;
import io.bastion.security.credential.StandInKeys;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
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
 * looked up on every handshake so that a key provisioned or removed on a running CSE takes effect at once. The
 * credential found rides along as the handshake's custom argument ({@link HandshakeProof.Psk}), for the session's
 * security association. An unknown identity gets a key from {@link StandInKeys} and no proof: its Finished fails the
 * MAC check and is dropped, exactly as a wrong key's is (RFC 4279 section 2), instead of an
 * {@code unknown_psk_identity} alert that would tell a client which identities exist; the log says which it was.
 * An identity the store must prepare first ({@link PskStore#prepare}: a MAF Key Identifier, TS-0003 8.2.2.3) is
 * answered asynchronously through Scandium's result handler once it is ready. Server side only.
 */
final class DtlsPskStore implements AdvancedPskStore {
    private static final Logger LOG = LoggerFactory.getLogger(DtlsPskStore.class);
    private static final RateLimitedLog LIMITED = RateLimitedLog.of(LOG);
    /** The longest a handshake waits for the store to prepare its identity (the store bounds its own work). */
    static final long PREPARE_BOUND_MS = 15_000;
    private final PskStore store;
    private final StandInKeys standIns;
    private volatile HandshakeResultHandler resultHandler;

    DtlsPskStore(PskStore store, StandInKeys standIns) {
        this.store = store;
        this.standIns = standIns;
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
        HandshakeResultHandler handler = resultHandler;
        if (handler != null && id != null && PskCredential.isIdentity(id)) {
            // A store that must ask elsewhere (a MAF's Key Retrieval) prepares the identity first: the result is
            // handed to Scandium when it is ready, so that no DTLS thread waits for it.
            CompletableFuture<Void> ready = store.prepare(id).toCompletableFuture();
            if (!ready.isDone()) {
                ready.orTimeout(PREPARE_BOUND_MS, TimeUnit.MILLISECONDS).whenComplete((v, e) -> handler.apply(
                        result(cid, identity, id)));
                return null;
            }
        }
        return result(cid, identity, id);
    }

    private PskSecretResult result(ConnectionId cid, PskPublicInformation identity, String id) {
        long provedAt = store.generation(); // before the lookup: a change after it is seen at the first request
        Optional<PskCredential> c = lookup(id);
        if (c.isEmpty()) {
            LIMITED.info("DTLS-PSK handshake with an identity that is not provisioned, '{}': going on with a stand-in "
                    + "key, so that it fails as a wrong key does", io.bastion.core.text.Excerpt.of(id));
            byte[] standIn = standIns.keyFor(identity.getBytes());
            try {
                return new PskSecretResult(cid, identity, SecretUtil.create(standIn, PskSecretResult.ALGORITHM_PSK));
            } finally {
                Arrays.fill(standIn, (byte) 0);
            }
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

    /** Scandium's handler of results given later (identities the store had to prepare). */
    @Override
    public void setResultHandler(HandshakeResultHandler resultHandler) {
        this.resultHandler = resultHandler;
    }
}
