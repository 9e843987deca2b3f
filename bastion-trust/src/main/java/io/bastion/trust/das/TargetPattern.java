package io.bastion.trust.das;

import io.bastion.security.acp.Glob;

/**
 * A target of a rule, compared with the {@code trid} the Hosting CSE sends, literally (no resolution of resource IDs
 * to paths: the DAS has no view of the CSE's resource tree). Forms:
 * <ul>
 *   <li>{@code /id-in/cse-in/lights/lamp1}: exactly this ID;</li>
 *   <li>{@code /id-in/cse-in/lights/**}: this path and everything below it (segment-aligned, so {@code lights2} is
 *       not below {@code lights});</li>
 *   <li>{@code *} inside a segment, as in {@code /id-in/cse-in/lamp*}: any characters within that segment.</li>
 * </ul>
 */
record TargetPattern(String text, String base, boolean subtree) {

    static TargetPattern parse(String text) {
        if (text.isEmpty()) {
            throw new IllegalArgumentException("must be a non-empty resource ID or path");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c) || Character.isISOControl(c)) {
                throw new IllegalArgumentException("must not contain spaces or control characters");
            }
        }
        boolean subtree = text.endsWith("/**");
        String base = subtree ? text.substring(0, text.length() - 3) : text;
        if (base.isEmpty() || base.contains("**")) {
            throw new IllegalArgumentException("'**' may only end a path, as in /id-in/cse-in/lights/**");
        }
        return new TargetPattern(text, base, subtree);
    }

    boolean matches(String trid) {
        if (trid == null) {
            return false;
        }
        if (segmentMatch(base, trid)) {
            return true;
        }
        if (!subtree) {
            return false;
        }
        // Below the base: the first (slashes(base) + 1) segments of trid must match the base.
        int need = IdPattern.slashes(base) + 1;
        int seen = 0;
        for (int i = 0; i < trid.length(); i++) {
            if (trid.charAt(i) == '/' && ++seen == need) {
                return i + 1 < trid.length() && segmentMatch(base, trid.substring(0, i));
            }
        }
        return false;
    }

    private static boolean segmentMatch(String pattern, String text) {
        if (pattern.indexOf('*') < 0) {
            return pattern.equals(text);
        }
        return IdPattern.slashes(pattern) == IdPattern.slashes(text) && Glob.matches(pattern, text);
    }
}
