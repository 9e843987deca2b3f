package io.bastion.security.acp;

/**
 * Wildcard matching for {@code acor} entries (TS-0003 7.1.3, table 7.1.3-2): {@code *} matches any run of
 * characters, possibly empty, inside one path segment; its scope ends at the next {@code /}. There is no other
 * special character.
 *
 * <p>Written by hand on purpose: a pattern that comes from a resource must never become a regular expression.
 * Segments are matched with the classic single-backtrack-point algorithm, so the cost is at most
 * pattern length times text length per segment, never exponential, and nothing is allocated.
 */
public final class Glob {
    private Glob() {
    }

    /** True when {@code text} matches {@code pattern}; both must have the same number of {@code /}. */
    public static boolean matches(String pattern, String text) {
        return matches(pattern, 0, pattern.length(), text, 0, text.length());
    }

    /** The same, on the ranges {@code pattern[ps, pe)} and {@code text[ts, te)}. */
    static boolean matches(String pattern, int ps, int pe, String text, int ts, int te) {
        int pi = ps;
        int ti = ts;
        while (true) {
            int pEnd = segmentEnd(pattern, pi, pe);
            int tEnd = segmentEnd(text, ti, te);
            if (!segmentMatches(pattern, pi, pEnd, text, ti, tEnd)) {
                return false;
            }
            boolean patternDone = pEnd == pe;
            boolean textDone = tEnd == te;
            if (patternDone || textDone) {
                return patternDone && textDone;
            }
            pi = pEnd + 1;
            ti = tEnd + 1;
        }
    }

    private static int segmentEnd(String s, int from, int end) {
        for (int i = from; i < end; i++) {
            if (s.charAt(i) == '/') {
                return i;
            }
        }
        return end;
    }

    /** One segment (no {@code /} inside either range). */
    private static boolean segmentMatches(String p, int ps, int pe, String t, int ts, int te) {
        int i = ps;
        int j = ts;
        int star = -1;
        int resume = ts;
        while (j < te) {
            if (i < pe && p.charAt(i) == '*') {
                star = i++;
                resume = j;
            } else if (i < pe && p.charAt(i) == t.charAt(j)) {
                i++;
                j++;
            } else if (star >= 0) {
                // Let the last star swallow one more character and retry from just after it.
                i = star + 1;
                j = ++resume;
            } else {
                return false;
            }
        }
        while (i < pe && p.charAt(i) == '*') {
            i++;
        }
        return i == pe;
    }
}
