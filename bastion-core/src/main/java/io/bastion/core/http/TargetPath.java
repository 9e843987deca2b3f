package io.bastion.core.http;

import io.bastion.core.primitive.OneM2MException;

/**
 * Maps the path of an HTTP request-target to the {@code to} parameter (TS-0009 6.2.2.1): {@code /cse-in/ae1} is
 * CSE-relative {@code cse-in/ae1}, {@code /~/id-in/cse-in} is SP-relative {@code /id-in/cse-in}, and
 * {@code /_/sp.example/id-in} is absolute {@code //sp.example/id-in}.
 *
 * <p>The mapping is the exact reverse of the one TS-0009 6.2.2.1 prescribes ("the concatenation of the literal '/'
 * and the To request primitive parameter"; the server derives "a replica of the original To"), so a trailing '/' stays
 * part of {@code to} and the CSE refuses its empty last segment like any other (4000). One example row of table
 * 6.2.2.1-1 shows a trailing '/' that the text defines no meaning for; it is not taken as a rule. The only empty
 * segment refused here is the first one of a form, since {@code //x} would reach the CSE as another form of address;
 * every other empty segment is refused by the CSE's target resolution, for every door alike.
 */
public final class TargetPath {

    private TargetPath() {
    }

    /** The {@code to} address for a raw (still percent-encoded) origin-form path. */
    public static String toAddress(String rawPath) {
        if (rawPath.isEmpty() || rawPath.charAt(0) != '/') {
            throw OneM2MException.badRequest("request target must be an absolute path");
        }
        String path = PercentDecoding.decode(rawPath, "request target");
        int end = path.length();
        String to;
        if (end >= 2 && path.charAt(1) == '~' && (end == 2 || path.charAt(2) == '/')) {
            to = path.substring(2, end);
            requireRest(to, 1, "SP-relative");
        } else if (end >= 2 && path.charAt(1) == '_' && (end == 2 || path.charAt(2) == '/')) {
            to = "/" + path.substring(2, end);
            requireRest(to, 2, "absolute");
        } else {
            to = path.substring(1, end);
            if (to.isEmpty()) {
                throw OneM2MException.badRequest("request target names no resource");
            }
            if (to.charAt(0) == '/') {
                // "//x" would reach the CSE looking SP-relative without the "/~" that marks that form.
                throw OneM2MException.badRequest("request target: empty path segment");
            }
        }
        return to;
    }

    private static void requireRest(String to, int prefix, String form) {
        if (to.length() <= prefix || to.charAt(prefix) == '/') {
            throw OneM2MException.badRequest("request target: empty " + form + " address");
        }
    }
}
