package io.bastion.security.acp;

/**
 * One parsed {@code accessControlOriginators} entry (TS-0004 table 7.3.3.15-1, TS-0001 table 9.6.2.1-1). Patterns
 * are turned into the absolute form of {@link LocalIdentity#canonical} once, at parse time, so a request only
 * normalizes its own originator.
 */
public sealed interface AcorEntry {

    /** The entry exactly as written in the policy, for explanations. */
    String raw();

    /** True when the (absolute, non-null) originator matches without any lookup (no group, no role). */
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
        @Override
        public boolean matchesDirectly(String canonicalOriginator) {
            return canonical.equals(canonicalOriginator);
        }
    }

    /** A CSE-ID or AE-ID with {@code *} (e.g. {@code /id-in/C98*}), held in absolute form. */
    record Wildcard(String raw, String canonicalPattern) implements AcorEntry {
        @Override
        public boolean matchesDirectly(String canonicalOriginator) {
            return Glob.matches(canonicalPattern, canonicalOriginator);
        }
    }

    /**
     * An SP domain ({@code //sp.example}, possibly with {@code *}): every originator of that M2M-SP. TS-0003 forbids
     * and TS-0004 allows wildcards here; we allow them because a wildcard cannot reach past the domain segment.
     */
    record Domain(String raw) implements AcorEntry {
        @Override
        public boolean matchesDirectly(String canonicalOriginator) {
            if (!canonicalOriginator.startsWith("//")) {
                return false;
            }
            int end = canonicalOriginator.indexOf('/', 2);
            if (end < 0) {
                end = canonicalOriginator.length();
            }
            return Glob.matches(raw, 2, raw.length(), canonicalOriginator, 2, end);
        }
    }

    /** Classifies one written entry; {@code raw} is non-empty (the parser checks). */
    static AcorEntry of(String raw, LocalIdentity local) {
        if (raw.equals("all")) {
            return All.INSTANCE;
        }
        if (raw.startsWith("//") && raw.indexOf('/', 2) < 0) {
            return new Domain(raw);
        }
        String canonical = local.canonical(raw);
        return raw.indexOf('*') >= 0 ? new Wildcard(raw, canonical) : new Literal(raw, canonical);
    }
}
