package io.bastion.core.primitive;

import java.util.Objects;
import java.util.Set;

/**
 * One attribute name and value pair of the filter criteria's {@code atr} condition (TS-0004 7.3.3.17.9): a resource
 * matches when it has the attribute and the value matches. In a discovery the value may hold {@code *} wildcards,
 * each matching any run of characters (TS-0004 7.3.3.17.9: "creator=CAE-ID*").
 *
 * @param name the attribute's short name (TS-0004 8.2.3)
 * @param value the value as the request gave it, as text
 */
public record AttributeCondition(String name, String value) {
    /** The attributes TS-0004 7.3.3.17.9 excludes: other filter conditions already ask about them. */
    public static final Set<String> EXCLUDED = Set.of("ct", "lt", "st", "et", "lbl", "ty", "cs",
            "cnf");

    public AttributeCondition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
    }

    /**
     * Whether {@code text} (an attribute value in its text form) matches this condition's value: exactly, or with
     * {@code wildcards}, {@code *} standing for any run of characters, matched without backtracking blow-up (the
     * classic greedy-with-one-restart algorithm, linear in practice).
     */
    public boolean matchesText(String text, boolean wildcards) {
        if (!wildcards || value.indexOf('*') < 0) {
            return value.equals(text);
        }
        int t = 0;
        int p = 0;
        int star = -1;
        int mark = 0;
        String pat = value;
        while (t < text.length()) {
            if (p < pat.length() && pat.charAt(p) != '*' && pat.charAt(p) == text.charAt(t)) {
                p++;
                t++;
            } else if (p < pat.length() && pat.charAt(p) == '*') {
                star = p++;
                mark = t;
            } else if (star >= 0) {
                p = star + 1;
                t = ++mark;
            } else {
                return false;
            }
        }
        while (p < pat.length() && pat.charAt(p) == '*') {
            p++;
        }
        return p == pat.length();
    }
}
