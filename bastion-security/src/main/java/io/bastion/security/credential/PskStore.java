package io.bastion.security.credential;

import io.bastion.core.primitive.Authentication;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Where the TLS-PSK / DTLS-PSK doors look up a client's {@code psk_identity} (KpsaID). Thread-safe. */
public interface PskStore {

    /** The credential for a KpsaID, or empty when none is provisioned (the handshake must then fail). */
    Optional<PskCredential> lookup(String identity);

    /**
     * Makes {@link #lookup} of {@code identity} answer from memory: a store that must ask elsewhere for some
     * identities (a MAF's Key Retrieval, TS-0003 8.2.2.3) starts doing so and returns a stage that completes when it is
     * done, successfully or not; the TLS-PSK door holds the handshake's bytes until then, so that no event loop waits.
     * The stage never completes exceptionally and completes within the store's own bound. The default: already done.
     */
    default CompletionStage<Void> prepare(String identity) {
        return CompletableFuture.completedStage(null);
    }

    /**
     * A number that changes whenever what the store provisions may have changed (it never goes back). Cheap enough
     * to ask for every request. Only a store whose content never changes may keep the default, 0: open associations
     * of any other store would never notice a removed or re-keyed identity.
     */
    default long generation() {
        return 0;
    }

    /**
     * What an association that proved {@code proved} authenticates now: {@link Authentication.Revoked} when its
     * identity was removed or given another key since (the session keys came from the old one), else
     * {@link Authentication.Verified} with the IDs the identity is bound to now.
     */
    default Authentication revalidate(PskCredential proved) {
        Optional<PskCredential> now = lookup(proved.identity());
        if (now.isEmpty()) {
            return new Authentication.Revoked(proved.credentialId(), "PSK identity " + proved.identity()
                    + " was removed");
        }
        PskCredential c = now.get();
        if (!c.key().equals(proved.key())) { // constant-time comparison
            return new Authentication.Revoked(proved.credentialId(), "PSK identity " + proved.identity()
                    + " was given a new key");
        }
        return new Authentication.Verified(c.credentialId(), c.allowedIds());
    }

    /**
     * The association of a completed handshake that proved {@code proved}, checked again whenever this store changes.
     *
     * @param provedAt {@link #generation()} as read before the handshake looked the identity up
     */
    default SecurityAssociation associate(PskCredential proved, long provedAt) {
        return new SecurityAssociation(new Authentication.Verified(proved.credentialId(), proved.allowedIds()),
                provedAt, this::generation, () -> revalidate(proved));
    }
}
