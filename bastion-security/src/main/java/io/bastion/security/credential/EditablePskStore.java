package io.bastion.security.credential;

import java.util.List;

/**
 * A {@link PskStore} the operator provisions ({@code ./bastion credentials psk add|rotate|list|remove}). A CSE
 * reading the same store sees every change without a restart. No method returns or logs key material except
 * {@link #lookup}, which the PSK doors need.
 */
public interface EditablePskStore extends PskStore, AutoCloseable {

    /**
     * Provisions a KpsaID with its key and bound IDs.
     *
     * @throws IllegalStateException when the identity is already provisioned (rotate or remove it instead)
     */
    void add(PskCredential credential);

    /**
     * Replaces the key of a provisioned KpsaID, keeping the IDs it is bound to; the next handshake needs the new key.
     *
     * @throws IllegalStateException when the identity is not provisioned, or its key is held where this store
     *         cannot replace it
     */
    void rotate(String identity, PreSharedKey key);

    /**
     * Withdraws a KpsaID and its key; the next handshake with it fails.
     *
     * @return whether the identity was provisioned
     * @throws IllegalStateException when its key is held where this store cannot delete it
     */
    boolean remove(String identity);

    /** Every provisioned KpsaID, ordered by identity, whichever store holds its key. */
    List<PskEntry> entries();

    /** Where this store keeps keys, for messages (never a secret). */
    String describe();

    /** Releases what the store holds (a keystore, a token session). */
    @Override
    default void close() {
    }
}
