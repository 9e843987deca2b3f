package io.bastion.core.resource;

import java.util.Set;

/**
 * The form of a root element name a request may give a specialization the CSE has no descriptor for: a namespace
 * prefix and a local name, each an {@code xs:NCName} (TS-0004 7.4.37.1: a flexContainer specialization's XSD "may use
 * a targetNamespace other than" oneM2M's, e.g. {@code cod:} of TS-0023), and not one of the roots oneM2M gives to
 * what is not a resource.
 */
public final class RootNames {
    /** Longer roots are refused: no oneM2M root comes near, and the name is stored with every such resource. */
    public static final int MAX_LENGTH = 64;

    /**
     * Roots of the primitives and answers of TS-0004 (response, notification, aggregated answers, address lists,
     * child references, the debug text): a resource answering under one would read as something else.
     */
    private static final Set<String> NOT_RESOURCES = Set.of("m2m:rqp", "m2m:rsp", "m2m:sgn", "m2m:agn", "m2m:agr",
            "m2m:uri", "m2m:uril", "m2m:rce", "m2m:rrl", "m2m:dbg", "m2m:seci", "m2m:dreq", "m2m:dres", "m2m:ch");

    private RootNames() {
    }

    /** Whether {@code root} reads {@code prefix:local}, both NCNames, and names no oneM2M primitive or answer. */
    public static boolean isWellFormed(String root) {
        if (root == null || root.isEmpty() || root.length() > MAX_LENGTH || NOT_RESOURCES.contains(root)) {
            return false;
        }
        int colon = root.indexOf(':');
        return colon > 0 && isNcName(root, 0, colon) && isNcName(root, colon + 1, root.length());
    }

    /** Whether {@code s} is an {@code xs:NCName} in ASCII: a letter or '_', then letters, digits, '.', '-', '_'. */
    public static boolean isNcName(String s) {
        return s != null && isNcName(s, 0, s.length());
    }

    private static boolean isNcName(String s, int from, int to) {
        if (from >= to) {
            return false;
        }
        char first = s.charAt(from);
        if (!(isLetter(first) || first == '_')) {
            return false;
        }
        for (int i = from + 1; i < to; i++) {
            char c = s.charAt(i);
            if (!(isLetter(c) || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_')) {
                return false;
            }
        }
        return true;
    }

    private static boolean isLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }
}
