package io.bastion.cse.registration;

/** The syntax of AE-IDs (TS-0004 6.2.3): an AE-ID-Stem is "C" or "S" followed by RFC 3986 unreserved characters. */
public final class AeIds {
    private AeIds() {
    }

    public static boolean isStem(String s) {
        if (s == null || s.length() < 2 || (s.charAt(0) != 'C' && s.charAt(0) != 'S')) {
            return false;
        }
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c < 128 && Character.isLetterOrDigit(c)) && c != '-' && c != '.' && c != '_' && c != '~') {
                return false;
            }
        }
        return true;
    }
}
