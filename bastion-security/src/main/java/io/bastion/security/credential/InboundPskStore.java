package io.bastion.security.credential;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * The PSK doors' view of a store: an identity bound to this CSE's own CSE-ID is one of this CSE's credentials towards
 * another party (its KmID with a MAF, TS-0003 8.8.2.2), whose key that party also knows. No peer may present it: the
 * party that shares it would otherwise be authenticated as this CSE itself. Such identities are unknown to the doors;
 * every other lookup, preparation and revalidation goes to the store behind.
 */
public final class InboundPskStore implements PskStore {
    private final PskStore store;
    private final Set<String> ownIds;

    /** @param ownIds this CSE's own CSE-ID as bindings name it ({@code /id-in}) */
    public InboundPskStore(PskStore store, Set<String> ownIds) {
        this.store = store;
        this.ownIds = Set.copyOf(ownIds);
    }

    @Override
    public Optional<PskCredential> lookup(String identity) {
        return store.lookup(identity).filter(c -> c.allowedIds().stream().noneMatch(ownIds::contains));
    }

    @Override
    public CompletionStage<Void> prepare(String identity) {
        return store.prepare(identity);
    }

    @Override
    public long generation() {
        return store.generation();
    }
}
