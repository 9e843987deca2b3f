package io.bastion.security.environment;

import io.bastion.security.credential.EditablePskStore;
import io.bastion.security.credential.PreSharedKey;
import io.bastion.security.credential.PskCredential;
import io.bastion.security.credential.PskEntry;
import io.bastion.security.credential.PskFile;
import io.bastion.security.credential.Recheck;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PSK store whose keys live in a secure environment (TS-0016, TS-0003 6.3) while the non-secret binding of each
 * KpsaID — the AE-IDs / CSE-IDs it may use, when it was created and rotated — stays in the PSK credential file
 * ({@link PskFile}, {@code psk.json}), whose entries then carry {@code "keyIn": "keystore"} or {@code "pkcs11"}
 * instead of a key. Only entries held by this store's environment are served; an entry whose key is in the file or in
 * another environment is not (a warning names them once per change of the file), so that switching
 * {@code psk.source} never silently falls back to keys in the clear. {@link #rotate} moves such an entry's key into
 * this environment.
 *
 * <p>The TLS-PSK and DTLS-PSK stacks compute the handshake in the JVM, so the environment must release each key: a
 * PKCS#11 token keeps it as an extractable, non-sensitive generic secret (see
 * {@link Pkcs11Environment#storePresharedKey}). A token thus protects a PSK at rest and in its own access control,
 * not against a CSE process that can log in to it.
 *
 * <p>Changes made by another process ({@code ./bastion credentials psk add|rotate|remove}) are seen without a
 * restart. Keys read from the environment are kept in memory (a PKCS#12 entry costs a password-based decryption of
 * several milliseconds, too much for every handshake); that cache is dropped, and the environment re-read, when
 * <ul>
 *   <li>the credential file changes (every provisioning command rewrites it: {@code rotated} records the time), and
 *   <li>for a keystore ({@link #keystore}), also when the PKCS#12 file changes, checked at most once per recheck
 *       interval like the credential file;</li>
 *   <li>for a token ({@link #token}), only when the credential file changes: listing a token's objects on every
 *       handshake would cost a token round trip each, so a key replaced on the token by other tools, without
 *       {@code ./bastion credentials psk rotate}, is seen after the next change of the credential file or a
 *       restart.</li>
 * </ul>
 * Each drop moves {@link #generation()} on, so that open associations check their credential again.
 *
 * <p>Provisioning order: {@link #add} and {@link #rotate} store the key in the environment first and then record the
 * binding, {@link #remove} withdraws the binding first and then deletes the key, so that a running CSE never serves a
 * binding without its current key. Thread-safe. {@link #close()} closes the environment.
 */
public final class EnvironmentPskStore implements EditablePskStore {
    private static final Logger log = LoggerFactory.getLogger(EnvironmentPskStore.class);
    /** The {@code keyIn} name of keys in a PKCS#12 keystore. */
    public static final String KEYSTORE = "keystore";
    /** The {@code keyIn} name of keys on a PKCS#11 token. */
    public static final String PKCS11 = "pkcs11";

    private final PskFile bindings;
    private final SecureEnvironment environment;
    private final String holder;
    /** When to look at the environment besides changes of the bindings; null for never. */
    private final Recheck environmentRecheck;
    private final Object lock = new Object();
    private final ConcurrentHashMap<String, PreSharedKey> keys = new ConcurrentHashMap<>();
    private final Set<String> reportedMissing = ConcurrentHashMap.newKeySet();
    private final AtomicLong generation = new AtomicLong();
    private volatile long seenBindings = -1;
    private volatile boolean unreadable;

    EnvironmentPskStore(PskFile bindings, SecureEnvironment environment, String holder, Recheck environmentRecheck) {
        this.bindings = Objects.requireNonNull(bindings, "bindings");
        this.environment = Objects.requireNonNull(environment, "environment");
        this.holder = new PskEntry.Held(holder).holder();
        this.environmentRecheck = environmentRecheck;
    }

    /**
     * Keys in a PKCS#12 keystore ({@code keyIn: keystore}), re-read when the credential file or the keystore file
     * changes, each looked at no more often than {@code recheck}.
     */
    public static EnvironmentPskStore keystore(PskFile bindings, Pkcs12Environment keystore, Duration recheck) {
        return new EnvironmentPskStore(bindings, keystore, KEYSTORE, new Recheck(recheck));
    }

    /**
     * Keys of another kind in a namespace of the same keystore or token ({@link AliasNamespace}), with bindings of
     * their own: {@code holder} is {@link #KEYSTORE} (re-read as {@link #keystore}) or {@link #PKCS11}.
     */
    public static EnvironmentPskStore namespaced(PskFile bindings, AliasNamespace environment, String holder,
                                                 Duration recheck) {
        return new EnvironmentPskStore(bindings, environment, holder,
                KEYSTORE.equals(holder) ? new Recheck(recheck) : null);
    }

    /** Keys on a PKCS#11 token ({@code keyIn: pkcs11}), re-listed when the credential file changes. */
    public static EnvironmentPskStore token(PskFile bindings, Pkcs11Environment token) {
        return new EnvironmentPskStore(bindings, token, PKCS11, null);
    }

    // ---------------------------------------------------------------------------------------------- serving

    @Override
    public Optional<PskCredential> lookup(String identity) {
        PskFile.Snapshot s = sync();
        PskEntry e = identity == null ? null : s.entries().get(identity);
        if (e == null || !e.heldBy(holder)) {
            return Optional.empty();
        }
        PreSharedKey k = key(identity);
        if (k == null) {
            if (reportedMissing.add(identity)) {
                log.warn("PSK identity {} is provisioned in {} but {} holds no usable key for it; its handshakes fail",
                        identity, bindings.path(), environment.describe());
            }
            return Optional.empty();
        }
        return Optional.of(new PskCredential(identity, k, e.allowedIds()));
    }

    /** Moves on whenever the bindings or the keys may have changed (see the class comment for when it looks). */
    @Override
    public long generation() {
        sync();
        return generation.get();
    }

    /** The key from the cache, else from the environment; null when the environment holds none. */
    private PreSharedKey key(String identity) {
        PreSharedKey k = keys.get(identity);
        if (k != null) {
            return k;
        }
        synchronized (lock) { // a refresh and its cache drop never interleave with a read and its insertion
            k = keys.get(identity);
            if (k == null && !unreadable) {
                k = environment.presharedKey(identity).orElse(null);
                if (k != null) {
                    keys.put(identity, k);
                }
            }
            return k;
        }
    }

    /** Re-reads the environment and drops the cache when the bindings changed, or the environment's check is due. */
    private PskFile.Snapshot sync() {
        PskFile.Snapshot s = bindings.current();
        boolean bindingsChanged = s.generation() != seenBindings;
        if (!bindingsChanged && (environmentRecheck == null || !environmentRecheck.due())) {
            return s;
        }
        synchronized (lock) {
            bindingsChanged = s.generation() != seenBindings;
            boolean changed = bindingsChanged;
            try {
                changed |= environment.refresh();
                unreadable = false;
            } catch (IllegalStateException e) {
                if (!unreadable) {
                    log.error("cannot read the PSKs of {}: {}; no key held there is served until it can be read again",
                            environment.describe(), e.getMessage());
                }
                unreadable = true;
                changed = true;
            }
            if (changed) {
                keys.clear();
                reportedMissing.clear();
                generation.incrementAndGet();
            }
            if (bindingsChanged) {
                seenBindings = s.generation();
                reportElsewhere(s);
            }
        }
        return s;
    }

    private void reportElsewhere(PskFile.Snapshot s) {
        List<String> elsewhere = s.sorted().stream().filter(e -> !e.heldBy(holder))
                .map(e -> e.identity() + " (" + e.keyPlace() + ")").toList();
        if (!elsewhere.isEmpty()) {
            log.warn("PSK keys are taken from {} (psk.source={}), so these identities of {} cannot be used until "
                    + "their keys are moved there with 'psk rotate': {}", environment.describe(), holder,
                    bindings.path(), String.join(", ", elsewhere));
        }
    }

    // ---------------------------------------------------------------------------------------------- provisioning

    @Override
    public void add(PskCredential credential) {
        String id = credential.identity();
        boolean[] stored = {false};
        try {
            bindings.update(m -> {
                if (m.containsKey(id)) {
                    throw new IllegalStateException("PSK identity " + id + " is already provisioned; replace its key "
                            + "with psk rotate, or remove it first");
                }
                environment.storePresharedKey(id, credential.key());
                stored[0] = true;
                m.put(id, new PskEntry(id, credential.allowedIds(), new PskEntry.Held(holder), bindings.now(), null));
                return null;
            });
        } catch (UncheckedIOException e) {
            if (stored[0]) {
                deleteQuietly(id); // the binding was not recorded: leave no orphan key behind
            }
            throw e;
        }
    }

    /**
     * Replaces the key, keeping the bound IDs and the creation time. An entry whose key is in the credential file is
     * moved here: the new key goes into the environment and the file keeps no key for it any more.
     *
     * @throws IllegalStateException when the identity is unknown or its key is held by another environment
     */
    @Override
    public void rotate(String identity, PreSharedKey key) {
        bindings.updateAlways(m -> { // a token's reader notices a new key only by a new version of the bindings
            PskEntry e = m.get(identity);
            if (e == null) {
                throw new IllegalStateException("no PSK identity " + identity + " is provisioned in "
                        + bindings.path() + "; add it with psk add");
            }
            refuseOtherEnvironment(e, "rotate");
            environment.storePresharedKey(identity, key);
            m.put(identity, e.rotatedTo(new PskEntry.Held(holder), bindings.now()));
            return null;
        });
    }

    @Override
    public boolean remove(String identity) {
        PskEntry removed = bindings.update(m -> {
            PskEntry e = m.get(identity);
            if (e != null) {
                refuseOtherEnvironment(e, "remove");
                m.remove(identity);
            }
            return e;
        });
        if (removed == null) {
            return false;
        }
        if (removed.heldBy(holder)) {
            try {
                environment.deletePresharedKey(identity);
            } catch (IllegalStateException e) {
                throw new IllegalStateException("PSK identity " + identity + " was withdrawn (no handshake uses it any "
                        + "more), but its key is still in " + environment.describe() + ": " + e.getMessage(), e);
            }
        }
        return true;
    }

    private void refuseOtherEnvironment(PskEntry e, String action) {
        if (e.key() instanceof PskEntry.Held h && !h.holder().equals(holder)) {
            throw new IllegalStateException("the key of PSK identity " + e.identity() + " is held by " + h.holder()
                    + ", not " + holder + ": " + action + " it with the configuration that selects psk.source="
                    + h.holder());
        }
    }

    private void deleteQuietly(String identity) {
        try {
            environment.deletePresharedKey(identity);
        } catch (IllegalStateException e) {
            log.warn("could not delete the key of {} from {} after a failed add: {}", identity,
                    environment.describe(), e.getMessage());
        }
    }

    @Override
    public List<PskEntry> entries() {
        return bindings.current().sorted();
    }

    @Override
    public String describe() {
        return environment.describe() + ", bindings in " + bindings.path();
    }

    /** The {@code keyIn} name of the keys this store serves. */
    public String holder() {
        return holder;
    }

    @Override
    public void close() {
        environment.close();
    }
}
