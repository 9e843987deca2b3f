package io.bastion.security.maf;

import java.util.concurrent.CompletableFuture;

/** A MAF Key Retrieval (TS-0003 8.8.2.8) as the Target MAF Client makes it, without blocking the caller. */
@FunctionalInterface
public interface KeyRetrieval {
    /**
     * Asks the MAF for the key of {@code relativeKeyId}. Completes with the key, or exceptionally with a
     * {@link MafException} saying why (not found, not a target, MAF unreachable…), within the retrieval's own bound.
     */
    CompletableFuture<RetrievedKey> retrieve(String relativeKeyId);

    /** Why a Key Retrieval gave no key; the message names the reason in oneM2M words, never a key. */
    final class MafException extends RuntimeException {
        /** Whether the MAF answered that the key is gone or not for us (as opposed to not answering at all). */
        private final boolean definitive;

        public MafException(String message, boolean definitive) {
            super(message);
            this.definitive = definitive;
        }

        public boolean definitive() {
            return definitive;
        }
    }
}
