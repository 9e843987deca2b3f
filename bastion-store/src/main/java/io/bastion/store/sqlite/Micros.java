package io.bastion.store.sqlite;

import java.time.Instant;

/**
 * Instants as epoch microseconds, the resolution of oneM2M timestamps, so that time columns are plain sortable
 * integers. Stored values are exact microseconds; query bounds are rounded so that comparisons against them stay
 * exact (floor for {@code >} and {@code <=}, ceiling for {@code <} and {@code >=}).
 */
final class Micros {
    private static final long MAX_SECONDS = Long.MAX_VALUE / 1_000_000 - 1;
    private static final long MIN_SECONDS = Long.MIN_VALUE / 1_000_000 + 1;

    private Micros() {
    }

    static long floor(Instant t) {
        long s = t.getEpochSecond();
        if (s > MAX_SECONDS) {
            return Long.MAX_VALUE;
        }
        if (s < MIN_SECONDS) {
            return Long.MIN_VALUE;
        }
        return s * 1_000_000L + t.getNano() / 1_000;
    }

    static long ceil(Instant t) {
        long f = floor(t);
        return t.getNano() % 1_000 != 0 && f != Long.MAX_VALUE ? f + 1 : f;
    }

    static Instant toInstant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
    }
}
