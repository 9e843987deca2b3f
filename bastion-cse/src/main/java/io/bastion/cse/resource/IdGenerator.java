package io.bastion.cse.resource;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.random.RandomGenerator;

/** Makes resource IDs and names: a type prefix, a time part and random base-36 characters; URL-safe. */
public final class IdGenerator {
    private static final char[] ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz".toCharArray();
    /** 36^10 microseconds reach beyond the year 4000. */
    private static final int TIME_CHARS = 10;
    private static final int RANDOM_CHARS = 8;

    private final ThreadLocal<RandomGenerator> random;
    private final Clock clock;

    public IdGenerator(RandomGenerator random, Clock clock) {
        this.random = ThreadLocal.withInitial(() -> random);
        this.clock = clock;
    }

    private IdGenerator(ThreadLocal<RandomGenerator> random, Clock clock) {
        this.random = random;
        this.clock = clock;
    }

    /** One DRBG per thread: no lock is shared between request threads. */
    public static IdGenerator secure(Clock clock) {
        return new IdGenerator(ThreadLocal.withInitial(IdGenerator::drbg), clock);
    }

    private static RandomGenerator drbg() {
        try {
            return SecureRandom.getInstance("DRBG");
        } catch (java.security.NoSuchAlgorithmException e) {
            return new SecureRandom();
        }
    }

    /**
     * The prefix, 10 base-36 characters of the current time in microseconds, and 8 random ones (about 41 bits).
     * IDs made later sort later, so the store's indexes on ri and on default names grow at their right edge
     * instead of touching a random page per insert; the random part keeps them unguessable and unique.
     */
    public String next(String prefix) {
        Instant now = clock.instant();
        long micros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
        byte[] b = new byte[RANDOM_CHARS];
        random.get().nextBytes(b);
        char[] c = new char[prefix.length() + TIME_CHARS + RANDOM_CHARS];
        prefix.getChars(0, prefix.length(), c, 0);
        int at = prefix.length() + TIME_CHARS;
        for (int i = at - 1; i >= prefix.length(); i--) {
            c[i] = ALPHABET[(int) (micros % 36)];
            micros /= 36;
        }
        for (int i = 0; i < RANDOM_CHARS; i++) {
            // 252 = 7 * 36: values above it are folded, a bias of under 2 % per character, harmless for IDs.
            c[at + i] = ALPHABET[((b[i] & 0xff) % 252) % ALPHABET.length];
        }
        return new String(c);
    }
}
