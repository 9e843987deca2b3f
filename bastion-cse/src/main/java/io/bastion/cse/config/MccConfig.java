package io.bastion.cse.config;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * This CSE's place in a network of CSEs (the Mcc reference point): what kind of CSE it is and which CSEs may
 * register with it.
 *
 * @param cseType {@code cse.type}: IN (the default), MN or ASN; an ASN-CSE accepts no registration (TS-0004
 *        7.4.4.2.1), and the CSEBase's {@code cst} says which it is
 * @param allowedCses {@code registration.allowed-cses}: globs of CSE-IDs (e.g. {@code /id-mn*}) that may register
 *        with this CSE; empty by default, so a CSE accepts no registree until the operator names it
 */
public record MccConfig(CseType cseType, List<String> allowedCses) {

    /** The CSE types of TS-0004 table 6.3.4.2.2-1 ({@code m2m:cseTypeID}). */
    public enum CseType {
        IN(1), MN(2), ASN(3);

        private final int code;

        CseType(int code) {
            this.code = code;
        }

        /** Its {@code cst} value. */
        public int code() {
            return code;
        }

        /** The type a {@code cse.type} setting names, case-insensitively; IllegalArgumentException otherwise. */
        public static CseType of(String name) {
            try {
                return valueOf(name.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("cse.type must be IN, MN or ASN, not '" + name + "'");
            }
        }

        /** The type with the {@code cst} value {@code code}, or null. */
        public static CseType ofCode(long code) {
            for (CseType t : values()) {
                if (t.code == code) {
                    return t;
                }
            }
            return null;
        }
    }

    public MccConfig {
        Objects.requireNonNull(cseType, "cseType");
        allowedCses = List.copyOf(allowedCses);
        for (String g : allowedCses) {
            if (!g.startsWith("/") || g.length() < 2 || g.chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException("registration.allowed-cses entries are CSE-ID globs such as "
                        + "/id-mn*, not '" + g + "'");
            }
        }
    }

    /** An IN-CSE that accepts no registree. */
    public static MccConfig defaults() {
        return new MccConfig(CseType.IN, List.of());
    }
}
