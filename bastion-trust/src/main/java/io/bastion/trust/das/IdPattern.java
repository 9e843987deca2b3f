package io.bastion.trust.das;

import io.bastion.security.acp.Glob;

/**
 * An originator or Hosting CSE pattern of a rule: an exact ID, or one with {@code *} wildcards that match within one
 * {@code /}-separated segment (the ACP engine's {@link Glob}; never a regular expression). {@code *} alone matches
 * every ID of one segment only, so a rule for everybody must say so with {@code "**"}.
 */
record IdPattern(String text) {

    IdPattern {
        if (text.isEmpty()) {
            throw new IllegalArgumentException("must be a non-empty ID pattern");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c) || Character.isISOControl(c)) {
                throw new IllegalArgumentException("must not contain spaces or control characters");
            }
        }
    }

    boolean matches(String id) {
        if (id == null) {
            return false;
        }
        if (text.equals("**")) {
            return true;
        }
        if (text.indexOf('*') < 0) {
            return text.equals(id);
        }
        return slashes(text) == slashes(id) && Glob.matches(text, id);
    }

    boolean isExact() {
        return text.indexOf('*') < 0;
    }

    static int slashes(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == '/') {
                n++;
            }
        }
        return n;
    }
}
