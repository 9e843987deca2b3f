package io.bastion.cse.resource;

import java.security.SecureRandom;
import java.util.random.RandomGenerator;

/** Makes resource IDs and names: a type prefix and random base-36 characters, unguessable and URL-safe. */
public final class IdGenerator {
    private static final char[] ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz".toCharArray();
    private final RandomGenerator random;

    public IdGenerator(RandomGenerator random) {
        this.random = random;
    }

    public static IdGenerator secure() {
        return new IdGenerator(new SecureRandom());
    }

    /** The prefix and 14 base-36 characters (about 72 random bits), from one call to the generator. */
    public String next(String prefix) {
        byte[] b = new byte[14];
        random.nextBytes(b);
        char[] c = new char[prefix.length() + b.length];
        prefix.getChars(0, prefix.length(), c, 0);
        for (int i = 0; i < b.length; i++) {
            // 252 = 7 * 36: values above it are folded, a bias of under 2 % per character, harmless for IDs.
            c[prefix.length() + i] = ALPHABET[((b[i] & 0xff) % 252) % ALPHABET.length];
        }
        return new String(c);
    }
}
