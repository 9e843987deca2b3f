package io.bastion.security.credential;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One provisioned KpsaID as the PSK credential file records it: the non-secret binding (the AE-IDs / CSE-IDs the
 * association may use, when it was created and last rotated) and where its key is — in the file itself, or held by a
 * secure environment. {@link #toString()} never shows a key ({@link PreSharedKey} redacts itself).
 *
 * @param identity the KpsaID
 * @param allowedIds the AE-ID-Stems or CSE-IDs bound to the key (see {@link PskCredential})
 * @param key where the key is
 * @param created when it was provisioned, or null for entries written before this was recorded
 * @param rotated when its key was last replaced, or null when never
 */
public record PskEntry(String identity, Set<String> allowedIds, KeyLocation key, Instant created, Instant rotated) {

    /** Where the key of an entry is. */
    public sealed interface KeyLocation permits InFile, Held {
    }

    /** The key is in the credential file (hexadecimal): {@code psk.source=file}. */
    public record InFile(PreSharedKey key) implements KeyLocation {
        public InFile {
            Objects.requireNonNull(key, "key");
        }
    }

    /**
     * The key is held by a secure environment (the file records only which one): {@code keystore} for a PKCS#12
     * file, {@code pkcs11} for a token.
     */
    public record Held(String holder) implements KeyLocation {
        private static final Pattern NAME = Pattern.compile("[a-z0-9-]{1,32}");

        public Held {
            if (holder == null || !NAME.matcher(holder).matches()) {
                throw new IllegalArgumentException("a key holder is 1..32 lower-case letters, digits or '-'");
            }
        }
    }

    public PskEntry {
        PskCredential.checkIdentity(identity);
        Objects.requireNonNull(key, "key");
        if (allowedIds == null || allowedIds.isEmpty()) {
            throw new IllegalArgumentException("a PSK needs at least one AE-ID or CSE-ID it may be used for");
        }
        for (String id : allowedIds) {
            PskCredential.checkBindableId(id);
        }
        allowedIds = Set.copyOf(new LinkedHashSet<>(allowedIds));
    }

    /** The credential when the key is in the file, else empty. */
    public Optional<PskCredential> credential() {
        return key instanceof InFile f ? Optional.of(new PskCredential(identity, f.key(), allowedIds))
                : Optional.empty();
    }

    /** Whether the key is held by {@code holder} ({@code keystore}, {@code pkcs11}). */
    public boolean heldBy(String holder) {
        return key instanceof Held h && h.holder().equals(holder);
    }

    /** Where the key is, for messages: {@code psk.json} or the holder's name. */
    public String keyPlace() {
        return switch (key) {
            case InFile f -> "psk.json";
            case Held h -> h.holder();
        };
    }

    /** The same binding with its key elsewhere, marked rotated at {@code when}. */
    public PskEntry rotatedTo(KeyLocation newKey, Instant when) {
        return new PskEntry(identity, allowedIds, newKey, created, when);
    }
}
