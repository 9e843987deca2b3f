package io.bastion.security.maf;

import io.bastion.core.primitive.Authentication;
import io.bastion.security.credential.PskCredential;
import io.bastion.security.credential.PskStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MAF-based SAEF on the CSE's side (TS-0003 8.2.2.3, Entity B): a PSK store that resolves a {@code psk_identity} of the
 * form {@code RelativeKeyID@MAF-FQDN} of the configured MAF by a MAF Key Retrieval (8.8.2.8) and answers every other
 * identity from the provisioned store behind it. The same store serves MEF-based SAEF (8.2.2.2: the MEF Key Retrieval
 * 8.3.5.2.8, {@code RelativeKeyID@MEF-FQDN}, SUID 22) when built with {@link #forMef}: the two key sources differ only
 * in the function's name, its FQDN, the SUID they accept and the retrieval, so a CSE with both chains two stores
 * (each answers the identities of the other from the store behind it).
 *
 * <ul>
 *   <li>The retrieval runs in {@link #prepare}, which the TLS-PSK door calls with the client's first flight; the door
 *       holds the connection's bytes until it completes, so no event loop waits for the MAF. {@link #lookup} answers
 *       from memory only.</li>
 *   <li>A retrieved Kc is cached until its expirationTime (the Kc Lifetime, 8.2.2.3 step 6e: after it "Entity B shall
 *       fail the (D)TLS-PSK handshake") and bound to the Source MAF Client ID the MAF returned (step 6f: "associate the
 *       security context with that CSE-ID or AE-ID"), so the CSE's impersonation checks (4106) apply to it as to any
 *       PSK. A key whose SUID is not 32 (MAF-based SAEF) is refused, as is one whose source ID is no AE-ID-Stem or
 *       CSE-ID.</li>
 *   <li>Every cached key is retrieved again each {@code recheck}: a key the MAF no longer gives (de-registered, its
 *       target list changed) or that expired leaves the cache and {@link #generation()} moves on, so that the open
 *       associations made with it are revoked at their next request (the PSK door's revocation). A MAF that does not
 *       answer a recheck leaves the key in place until its expiry.</li>
 *   <li>A failed retrieval is reported ({@link Reporter}: the audit log) with its reason, and remembered for
 *       {@code recheck} so that a flood of handshakes with one unknown identity costs one MAF request; at most
 *       {@link #MAX_CACHED} keys are held.</li>
 * </ul>
 * Thread-safe; {@link #close()} stops the rechecks.
 */
public final class MafPskStore implements PskStore, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MafPskStore.class);
    /** The SUID of a MAF-distributed key for SAEF (TS-0003 12.3.2 secureUsage). */
    public static final int SUID_SAEF = 32;
    /** The SUID of a MEF-established key for SAEF (TS-0003 12.3.2 secureUsage, 8.3.9.9.2). */
    public static final int SUID_MEF_SAEF = 22;
    /** The SUID of a MEF-established key shared with a MAF: a KmID (TS-0003 12.3.2 secureUsage, 8.3.9.9.5). */
    public static final int SUID_MEF_MAF = 21;
    static final int MAX_CACHED = 10_000;

    /** How a failed MAF-based handshake is made known (the audit log). */
    @FunctionalInterface
    public interface Reporter {
        void refused(String pskIdentity, String reason);
    }

    private record Cached(RetrievedKey key, PskCredential credential) {
    }

    private final PskStore provisioned;
    private final String function;
    private final int suid;
    private final boolean spRelativeSources;
    private final String mafFqdn;
    private final KeyRetrieval retrieval;
    private final Clock clock;
    private final Duration recheck;
    private final Reporter reporter;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Void>> inFlight = new ConcurrentHashMap<>();
    private final Map<String, Instant> failed = new ConcurrentHashMap<>();
    private final AtomicLong changes = new AtomicLong();
    private final ScheduledExecutorService rechecks;

    /**
     * @param provisioned the store of provisioned KpsaIDs, for every other identity
     * @param mafFqdn the FQDN of the MAF whose Key Identifiers this store resolves
     * @param retrieval the Key Retrieval with that MAF
     * @param recheck how often cached keys are retrieved again, and how long a failure is remembered
     */
    public MafPskStore(PskStore provisioned, String mafFqdn, KeyRetrieval retrieval, Clock clock, Duration recheck,
                       Reporter reporter) {
        this(provisioned, "MAF", SUID_SAEF, false, mafFqdn, retrieval, clock, recheck, reporter);
    }

    /**
     * MEF-based SAEF (TS-0003 8.2.2.2): identities {@code RelativeKeyID@MEF-FQDN} resolved by a MEF Key Retrieval
     * (8.3.5.2.8), keys of SUID 22 only, bound to the Source MEF Client ID ({@code cr}).
     */
    public static MafPskStore forMef(PskStore provisioned, String mefFqdn, KeyRetrieval retrieval, Clock clock,
                                     Duration recheck, Reporter reporter) {
        return new MafPskStore(provisioned, "MEF", SUID_MEF_SAEF, false, mefFqdn, retrieval, clock, recheck,
                reporter);
    }

    /**
     * The MAF's side of a MEF-provisioned KmID (TS-0003 8.3.9.9.5, 8.8.2.2): identities {@code RelativeKeyID@MEF-FQDN}
     * resolved by the MAF's MEF Key Retrieval (8.3.5.2.8, the MAF a Target MEF Client named by its FQDN), keys of SUID
     * 21 only, bound to the Source MEF Client ID as the MEF names it: an SP-relative AE-ID ({@code /id-in/Cdev1}) is
     * taken too, since the MAF has no CSE to make it an AE-ID-Stem of.
     */
    public static MafPskStore forMefKm(PskStore provisioned, String mefFqdn, KeyRetrieval retrieval, Clock clock,
                                       Duration recheck, Reporter reporter) {
        return new MafPskStore(provisioned, "MEF", SUID_MEF_MAF, true, mefFqdn, retrieval, clock, recheck, reporter);
    }

    private MafPskStore(PskStore provisioned, String function, int suid, boolean spRelativeSources, String mafFqdn,
                        KeyRetrieval retrieval, Clock clock, Duration recheck, Reporter reporter) {
        this.provisioned = provisioned;
        this.function = function;
        this.suid = suid;
        this.spRelativeSources = spRelativeSources;
        this.mafFqdn = mafFqdn;
        this.retrieval = retrieval;
        this.clock = clock;
        this.recheck = recheck;
        this.reporter = reporter;
        this.rechecks = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, function.toLowerCase(java.util.Locale.ROOT) + "-recheck");
            t.setDaemon(true);
            return t;
        });
        long ms = Math.max(50, recheck.toMillis());
        rechecks.scheduleWithFixedDelay(this::recheckAll, ms, ms, TimeUnit.MILLISECONDS);
    }

    private Optional<MafKeyIdentity> ours(String identity) {
        return MafKeyIdentity.parse(identity).filter(k -> k.mafFqdn().equals(mafFqdn));
    }

    @Override
    public Optional<PskCredential> lookup(String identity) {
        Optional<MafKeyIdentity> k = ours(identity);
        if (k.isEmpty()) {
            return provisioned.lookup(identity);
        }
        Cached c = cache.get(k.get().toString());
        if (c == null || !c.key().expiry().isAfter(clock.instant())) {
            return Optional.empty();
        }
        return Optional.of(c.credential());
    }

    @Override
    public CompletionStage<Void> prepare(String identity) {
        Optional<MafKeyIdentity> k = ours(identity);
        if (k.isEmpty()) {
            return provisioned.prepare(identity); // another source's identity when stores are chained
        }
        if (lookup(identity).isPresent()) {
            return CompletableFuture.completedStage(null);
        }
        String key = k.get().toString();
        Instant failedAt = failed.get(key);
        if (failedAt != null && failedAt.plus(recheck).isAfter(clock.instant())) {
            return CompletableFuture.completedStage(null); // answered recently: the handshake fails at once
        }
        CompletableFuture<Void> mine = new CompletableFuture<>();
        CompletableFuture<Void> other = inFlight.putIfAbsent(key, mine);
        if (other != null) {
            return other; // one retrieval serves every handshake that waits for the same key
        }
        fetch(k.get(), identity).whenComplete((v, e) -> {
            inFlight.remove(key, mine);
            mine.complete(null);
        });
        return mine;
    }

    private CompletableFuture<Void> fetch(MafKeyIdentity k, String identity) {
        CompletableFuture<RetrievedKey> f;
        try {
            f = retrieval.retrieve(k.relativeKeyId());
        } catch (RuntimeException e) {
            f = CompletableFuture.failedFuture(e);
        }
        return f.handle((key, e) -> {
            try {
                if (e != null) {
                    refuse(k, identity, reason(e));
                } else {
                    accept(k, identity, key);
                }
            } catch (RuntimeException x) {
                refuse(k, identity, x.getMessage());
            }
            return null;
        });
    }

    private void accept(MafKeyIdentity k, String identity, RetrievedKey key) {
        if (key.suid() != suid) {
            throw new IllegalArgumentException("the " + function + "'s key " + k + " is for SUID " + key.suid()
                    + ", not " + (suid == SUID_MEF_MAF ? "a key shared with a MAF" : function + "-based SAEF")
                    + " (" + suid + ")");
        }
        if (!key.expiry().isAfter(clock.instant())) {
            throw new IllegalArgumentException("the " + function + "'s key " + k + " has expired");
        }
        if (spRelativeSources) {
            PskCredential.checkBindableId(key.sourceId());
        } else {
            PskCredential.checkAllowedId(key.sourceId());
        }
        if (cache.size() >= MAX_CACHED) {
            throw new IllegalStateException("already " + MAX_CACHED + " " + function + " keys are held");
        }
        cache.put(k.toString(), new Cached(key, new PskCredential(identity, key.kc(), Set.of(key.sourceId()))));
        failed.remove(k.toString());
        log.info("{} key {} retrieved: bound to {} until {}", function, k, key.sourceId(), key.expiry());
    }

    private void refuse(MafKeyIdentity k, String identity, String why) {
        if (failed.size() >= MAX_CACHED) {
            failed.clear();
        }
        failed.put(k.toString(), clock.instant());
        log.info("{} key {} not retrieved: {}", function, k, why);
        reporter.refused(identity, function + " Key Retrieval for " + k + " failed: " + why);
    }

    private String reason(Throwable e) {
        Throwable t = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
        return t instanceof java.util.concurrent.TimeoutException ? "the " + function + " did not answer in time"
                : t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    @Override
    public long generation() {
        return provisioned.generation() + changes.get();
    }

    @Override
    public Authentication revalidate(PskCredential proved) {
        Optional<MafKeyIdentity> k = ours(proved.identity());
        if (k.isEmpty()) {
            return provisioned.revalidate(proved);
        }
        Cached c = cache.get(k.get().toString());
        if (c == null || !c.credential().key().equals(proved.key())) {
            return new Authentication.Revoked(proved.credentialId(), "the " + function + " no longer gives key "
                    + k.get());
        }
        if (!c.key().expiry().isAfter(clock.instant())) {
            return new Authentication.Revoked(proved.credentialId(), function + " key " + k.get() + " expired");
        }
        return new Authentication.Verified(proved.credentialId(), c.credential().allowedIds());
    }

    /**
     * Retrieves every cached key again, one after the other (on this store's own thread, so that a recheck never
     * takes all of the transport's requests in flight from the handshakes that need them); drops the expired keys
     * and those the MAF no longer gives, or gives with another value, usage or source.
     */
    private void recheckAll() {
        try {
            for (Map.Entry<String, Cached> e : cache.entrySet()) {
                MafKeyIdentity k = MafKeyIdentity.parse(e.getKey()).orElseThrow();
                Cached cached = e.getValue();
                if (!cached.key().expiry().isAfter(clock.instant())) {
                    drop(e.getKey(), cached, "expired");
                    continue;
                }
                RetrievedKey key;
                try {
                    key = retrieval.retrieve(k.relativeKeyId()).join();
                } catch (java.util.concurrent.CompletionException | java.util.concurrent.CancellationException x) {
                    if (x.getCause() instanceof KeyRetrieval.MafException m && m.definitive()) {
                        drop(e.getKey(), cached, m.getMessage());
                    }
                    continue; // unreachable is no revocation: the key stays until the next recheck or its et
                }
                if (!key.kc().equals(cached.key().kc()) || !key.sourceId().equals(cached.key().sourceId())
                        || key.suid() != cached.key().suid()) {
                    drop(e.getKey(), cached, "the " + function + " gives another key, usage or source now");
                } else if (!key.expiry().isAfter(clock.instant())) {
                    drop(e.getKey(), cached, "expired");
                } else if (!key.expiry().equals(cached.key().expiry())) {
                    cache.replace(e.getKey(), cached, new Cached(key, cached.credential()));
                }
            }
        } catch (RuntimeException e) {
            log.warn("{} key recheck failed: {}", function, e.toString());
        }
    }

    private void drop(String k, Cached c, String why) {
        if (cache.remove(k, c)) {
            changes.incrementAndGet();
            log.info("{} key {} dropped: {}", function, k, why);
        }
    }

    /** How many keys of this function are cached. */
    public int cached() {
        return cache.size();
    }

    @Override
    public void close() {
        rechecks.shutdownNow();
    }
}
