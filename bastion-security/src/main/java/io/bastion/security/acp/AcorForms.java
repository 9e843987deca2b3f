package io.bastion.security.acp;

/**
 * Which written {@code acor} entries are accepted, and which request originators can match a pattern at all. The
 * rules, and the reasons for them where the specifications disagree, are in the package documentation
 * ({@code package-info.java}, "Originator forms and the wildcard"). Used by the parser, which turns a
 * {@link #problem} into 4000 naming the entry, and by the {@link AcorEntry} records themselves, so that a rule
 * built in code cannot hold a form the parser would refuse.
 */
final class AcorForms {
    static final String BARE_STAR = "a bare '*' is ambiguous: write 'all' for every originator, or 'C*' for every"
            + " AE registered with this CSE";
    static final String DOMAIN_STAR = "an SP domain takes no '*' (TS-0003 7.1.3); write 'all' for every originator";
    static final String PARTIAL_SP_STAR = "'*' in the M2M-SP-ID of an absolute ID must stand alone ('//*/...'):"
            + " a partial domain wildcard could match another provider's domain";
    static final String RELATIVE_STAR = "'*' is allowed only in a CSE-ID or AE-ID (TS-0003 7.1.3): a relative"
            + " pattern must be one AE-ID-Stem starting with 'C' or 'S' (group IDs and Role-IDs take no '*')";
    static final String TOO_DEEP = "a pattern must be a CSE-ID or AE-ID: at most two segments after the M2M-SP-ID"
            + " (TS-0003 table 7.1.3-2)";
    static final String EMPTY_SEGMENT = "must not contain an empty segment ('//' after the start, or a trailing '/')";
    static final String NO_DOMAIN = "'//' names no SP domain";

    private AcorForms() {
    }

    /** The keyword {@code all} (TS-0001 table 9.6.2.1-1). */
    static boolean isAll(String raw) {
        return raw.equals("all");
    }

    /** An SP domain entry: {@code //} and a name, without any further {@code /}. */
    static boolean isDomain(String raw) {
        return raw.length() > 2 && raw.startsWith("//") && raw.indexOf('/', 2) < 0;
    }

    /**
     * Why the non-empty entry {@code raw} is refused, or null when it is accepted. Only the shape is checked here;
     * the parser has already refused spaces, control characters and overlong entries.
     */
    static String problem(String raw) {
        if (isAll(raw)) {
            return null;
        }
        if (raw.equals("//")) {
            return NO_DOMAIN;
        }
        if (hasEmptySegment(raw)) {
            return EMPTY_SEGMENT;
        }
        if (raw.indexOf('*') < 0) {
            return null;
        }
        if (isDomain(raw)) {
            return DOMAIN_STAR;
        }
        if (raw.charAt(0) != '/') {
            if (raw.charAt(0) == '*') {
                return allStars(raw) ? BARE_STAR : RELATIVE_STAR;
            }
            boolean stem = (raw.charAt(0) == 'C' || raw.charAt(0) == 'S') && raw.indexOf('/') < 0;
            return stem ? null : RELATIVE_STAR;
        }
        int first = 1;
        if (raw.startsWith("//")) {
            int spEnd = raw.indexOf('/', 2);
            boolean spHasStar = raw.lastIndexOf('*', spEnd) >= 2;
            if (spHasStar && !(spEnd == 3 && raw.charAt(2) == '*')) {
                return PARTIAL_SP_STAR;
            }
            first = spEnd + 1;
        }
        int segments = 1;
        for (int i = first; i < raw.length(); i++) {
            if (raw.charAt(i) == '/') {
                segments++;
            }
        }
        return segments > 2 ? TOO_DEEP : null;
    }

    private static boolean allStars(String raw) {
        for (int i = 0; i < raw.length(); i++) {
            if (raw.charAt(i) != '*') {
                return false;
            }
        }
        return true;
    }

    /**
     * Some segment after the leading {@code /} or {@code //} is empty: {@code /}, {@code ///x}, {@code a//b},
     * {@code a/}.
     */
    static boolean hasEmptySegment(String s) {
        int start = s.startsWith("//") ? 2 : s.startsWith("/") ? 1 : 0;
        if (start >= s.length() || s.charAt(start) == '/' || s.charAt(s.length() - 1) == '/') {
            return true;
        }
        return s.indexOf("//", start) >= 0;
    }

    /**
     * True when the absolute originator {@code canonical} (from {@link LocalIdentity#canonical}) can be matched at
     * all: it names an SP, has no empty segment, and holds neither {@code *} (an originator is an ID, never a
     * pattern) nor a space or control character. Anything else is bad data and matches no entry, not even
     * {@code all}. Allocates nothing.
     */
    static boolean isMatchableOriginator(String canonical) {
        if (canonical == null || !canonical.startsWith("//") || hasEmptySegment(canonical)) {
            return false;
        }
        for (int i = 2; i < canonical.length(); i++) {
            char c = canonical.charAt(i);
            if (c == '*' || c <= ' ' || c == 0x7f) {
                return false;
            }
        }
        return true;
    }
}
