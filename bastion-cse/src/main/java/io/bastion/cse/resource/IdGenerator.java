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

    public String next(String prefix) {
        char[] c = new char[prefix.length() + 14];
        prefix.getChars(0, prefix.length(), c, 0);
        for (int i = prefix.length(); i < c.length; i++) {
            c[i] = ALPHABET[random.nextInt(ALPHABET.length)];
        }
        return new String(c);
    }
}
