package io.bastion.bindings.coap;

import io.bastion.security.credential.Recheck;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * The generation of a certificate session's credential sources, moved on once more when the first certificate of its
 * chain to expire has expired: what makes an open {@code coaps} session notice the end of its certificate's validity
 * without a change of the trusted CAs, the bindings or the deny list. Its association then validates the chain again
 * (at the authenticator's clock) and finds it expired.
 *
 * <p>The clock is read at most once per {@link #LOOK} (a {@link Recheck}: two volatile reads otherwise), so expiry is
 * noticed within about a second. The trusted CA itself is not watched: path validation does not check an anchor's
 * validity either. Thread-safe.
 */
final class ExpiryWatch implements LongSupplier {
    /** How often the clock is looked at. */
    static final Duration LOOK = Duration.ofSeconds(1);

    private final LongSupplier sources;
    private final Clock clock;
    private final Instant notAfter;
    private final Recheck recheck = new Recheck(LOOK);
    private volatile boolean expired;

    /**
     * @param sources the credential sources' generation (grows whenever they change)
     * @param clock the clock the chain is validated at
     * @param chain the session's chain
     */
    ExpiryWatch(LongSupplier sources, Clock clock, X509Certificate[] chain) {
        this.sources = Objects.requireNonNull(sources, "sources");
        this.clock = Objects.requireNonNull(clock, "clock");
        Instant first = Instant.MAX;
        for (X509Certificate c : chain) {
            Instant end = c.getNotAfter().toInstant();
            first = end.isBefore(first) ? end : first;
        }
        this.notAfter = first;
    }

    /** The sources' generation, plus one once the chain has expired: both only grow, so the sum changes with each. */
    @Override
    public long getAsLong() {
        long g = sources.getAsLong();
        if (!expired && recheck.due() && clock.instant().isAfter(notAfter)) {
            expired = true;
        }
        return expired ? g + 1 : g;
    }
}
