package io.bastion.security.esdata;

import java.util.Locale;
import java.util.Set;

/**
 * How a JWE says that its plaintext is a signed JOSE object (nested sign-then-encrypt, TS-0003 8.5.2.4): its
 * {@code cty} is {@code JOSE} or {@code JOSE+JSON}, the media types of TS-0004 table 6.3.4.2.38-1 notes 3 and 4 with
 * {@code application/} left out as RFC 7516 4.1.12 recommends (the long forms are accepted too).
 */
final class Nesting {
    static final String COMPACT = "JOSE";
    static final String JSON = "JOSE+JSON";
    private static final Set<String> NESTED = Set.of("jose", "jose+json", "application/jose", "application/jose+json");

    private Nesting() {
    }

    static boolean isNested(String cty) {
        return cty != null && NESTED.contains(cty.toLowerCase(Locale.ROOT));
    }

    static boolean isJson(String cty) {
        return cty.toLowerCase(Locale.ROOT).endsWith("+json");
    }
}
