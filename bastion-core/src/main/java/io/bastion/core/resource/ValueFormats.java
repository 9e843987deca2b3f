package io.bastion.core.resource;

import java.util.Set;

/**
 * The lexical rules of the oneM2M simple data types that are strings with a form (TS-0004 table 6.3.3-1), for the
 * value types of {@link ValueType} that need more than a JSON type check.
 */
public final class ValueFormats {
    /**
     * The values of m2m:serializations: the media types of the three serializations of TS-0004 clause 8 (the XSD
     * enumeration; the prose of table 6.3.3-1 names them xml, json and cbor).
     */
    public static final Set<String> SERIALIZATIONS = Set.of("application/xml", "application/json", "application/cbor");
    /** m2m:encodingType, TS-0004 table 6.3.4.2.28-1: 0 plain, 1 base64 of a string, 2 base64 of binary data. */
    static final int MAX_ENCODING = 2;
    /** m2m:contentSecurity, TS-0004 table 6.3.4.2.38-1: 0 (no ESData) to 5. */
    static final int MAX_CONTENT_SECURITY = 5;
    /** RFC 6838 4.2: a type or subtype name has at most 127 characters. */
    private static final int MAX_NAME = 127;

    private ValueFormats() {
    }

    /** m2m:eventCat: one of m2m:stdEventCats (TS-0004 table 6.3.4.2.4-1: 2, 3, 4) or a user-defined 100-999. */
    public static boolean isEventCat(long n) {
        return n >= 2 && n <= 4 || n >= 100 && n <= 999;
    }

    /**
     * xs:token: no carriage return, line feed or tab, no leading or trailing space, no two spaces in a row (XML Schema
     * part 2, 3.3.2); the items of m2m:labels.
     */
    public static boolean isToken(String s) {
        if (s.startsWith(" ") || s.endsWith(" ")) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\r' || c == '\n' || c == '\t' || c == ' ' && i > 0 && s.charAt(i - 1) == ' ') {
                return false;
            }
        }
        return true;
    }

    /**
     * m2m:contentInfo: a media type, {@code :}, an m2m:encodingType and optionally {@code :} and an m2m:contentSecurity,
     * e.g. {@code application/json:0} or {@code application/jose:0:1} (TS-0004 table 6.3.3-1). The media type is
     * {@code type/subtype} of RFC 6838 restricted names, without parameters.
     */
    public static boolean isContentInfo(String s) {
        String[] parts = s.split(":", -1);
        if (parts.length < 2 || parts.length > 3 || !isMediaType(parts[0])) {
            return false;
        }
        return isDigitIn(parts[1], MAX_ENCODING) && (parts.length == 2 || isDigitIn(parts[2], MAX_CONTENT_SECURITY));
    }

    /** {@code type/subtype}, each an RFC 6838 4.2 restricted-name. */
    static boolean isMediaType(String s) {
        int slash = s.indexOf('/');
        return slash > 0 && isRestrictedName(s.substring(0, slash)) && isRestrictedName(s.substring(slash + 1));
    }

    private static boolean isRestrictedName(String n) {
        if (n.isEmpty() || n.length() > MAX_NAME || !isAlnum(n.charAt(0))) {
            return false;
        }
        for (int i = 1; i < n.length(); i++) {
            char c = n.charAt(i);
            if (!isAlnum(c) && "!#$&-^_.+".indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean isAlnum(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
    }

    private static boolean isDigitIn(String s, int max) {
        return s.length() == 1 && s.charAt(0) >= '0' && s.charAt(0) <= '0' + max;
    }
}
