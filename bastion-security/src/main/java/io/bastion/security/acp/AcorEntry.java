package io.bastion.security.acp;

import java.util.Objects;

/**
 * One parsed {@code accessControlOriginators} entry (TS-0004 table 7.3.3.15-1, TS-0001 table 9.6.2.1-1, TS-0003
 * 7.1.3). Patterns are turned into the absolute form of {@link LocalIdentity#canonical} once, at parse time, so a
 * request only normalizes its own originator.
 *
 * <p>Which forms exist and what {@code *} means in each is decided in the package documentation ("Originator forms
 * and the wildcard"); in short: {@code *} matches within one segment only, in CSE-IDs and AE-IDs only, and a bare
 * {@code *}, a wildcard in an SP domain or in part of an M2M-SP-ID, and a wildcard in anything that is not a
 * CSE-ID or AE-ID are refused. The records check this themselves, so a rule built in code obeys the same rules as a
 * parsed one.
 */
public sealed interface AcorEntry {

    /** The entry exactly as written in the policy, for explanations. */
    String raw();

    /**
     * True when the originator matches without any lookup (no group, no role). The originator must be absolute,
     * non-null and matchable ({@link AcorForms#isMatchableOriginator}); the engine never passes any other.
     */
    boolean matchesDirectly(String canonicalOriginator);

    /** The keyword {@code all}: every identified originator. */
    record All() implements AcorEntry {
        static final All INSTANCE = new All();

        @Override
        public String raw() {
            return "all";
        }

        @Override
        public boolean matchesDirectly(String canonicalOriginator) {
            return true;
        }
    }

    /**
     * An ID without wildcard: a CSE-ID or AE-ID compared exactly, and otherwise possibly the resource ID of a
     * {@code <group>} or a Role-ID, which the engine resolves through its {@link GroupMembers} and
     * {@link RoleMatcher} using {@link #raw()}.
     */
    record Literal(String raw, String canonical) implements AcorEntry {
        public Literal {
            Objects.requireNonNull(canonical, "canonical");
            check(raw);
            if (raw.indexOf('*') >= 0 || AcorForms.isAll(raw) || AcorForms.isDomain(raw)) {
                throw new IllegalArgumentException("not a literal ID: " + raw);
            }
        }

        @Override
        public boolean matchesDirectly(String canonicalOriginator) {
            return canonical.equals(canonicalOriginator);
        }
    }

    /**
     * A CSE-ID or AE-ID with {@code *} (e.g. {@code /id-in/C98*}, {@code //*}{@code /myCSE*}{@code /C9886}), held in
     * absolute form; each {@code *} matches any run of characters, possibly empty, within one segment
     * ({@link Glob}).
     */
    record Wildcard(String raw, String canonicalPattern) implements AcorEntry {
        public Wildcard {
            Objects.requireNonNull(canonicalPattern, "canonicalPattern");
            check(raw);
            if (raw.indexOf('*') < 0 || AcorForms.isDomain(raw) || !canonicalPattern.startsWith("//")
                    || AcorForms.problem(canonicalPattern) != null) {
                throw new IllegalArgumentException("not a CSE-ID or AE-ID pattern: " + raw);
            }
        }

        @Override
        public boolean matchesDirectly(String canonicalOriginator) {
            return Glob.matches(canonicalPattern, canonicalOriginator);
        }
    }

    /**
     * An SP domain ({@code //sp.example}): every originator whose absolute ID lies in exactly that M2M-SP-ID, not in
     * its sub-domains. Never a wildcard (TS-0003 7.1.3; TS-0004 would allow one, see the package documentation).
     */
    record Domain(String raw) implements AcorEntry {
        public Domain {
            check(raw);
            if (!AcorForms.isDomain(raw)) {
                throw new IllegalArgumentException("not an SP domain: " + raw);
            }
        }

        @Override
        public boolean matchesDirectly(String canonicalOriginator) {
            int n = raw.length();
            return canonicalOriginator.startsWith(raw)
                    && (canonicalOriginator.length() == n || canonicalOriginator.charAt(n) == '/');
        }
    }

    /**
     * Classifies one written entry; {@code raw} is non-empty (the parser checks).
     *
     * @throws IllegalArgumentException with a one-line reason when the form is refused ({@link AcorForms#problem})
     */
    static AcorEntry of(String raw, LocalIdentity local) {
        check(raw);
        if (AcorForms.isAll(raw)) {
            return All.INSTANCE;
        }
        if (AcorForms.isDomain(raw)) {
            return new Domain(raw);
        }
        String canonical = local.canonical(raw);
        return raw.indexOf('*') >= 0 ? new Wildcard(raw, canonical) : new Literal(raw, canonical);
    }

    private static void check(String raw) {
        Objects.requireNonNull(raw, "raw");
        if (raw.isEmpty()) {
            throw new IllegalArgumentException("must be a non-empty string");
        }
        String why = AcorForms.problem(raw);
        if (why != null) {
            throw new IllegalArgumentException(why);
        }
    }
}
