package io.bastion.core.id;

import java.util.Locale;
import java.util.Objects;

/**
 * Writes AE-IDs and CSE-IDs in the form the CSE compares originators in (as its authentication stage normalizes
 * {@code fr}): an AE of this CSE as its AE-ID-Stem ({@code Cabc}), an S-AE of this SP as its stem ({@code Sabc}),
 * other IDs of this SP SP-relative ({@code /id-mn}, {@code /id-mn/Cabc}), IDs of other SPs absolute
 * ({@code //other.example/id-x/Cabc}).
 *
 * @param spId this CSE's M2M-SP-ID, without the leading {@code //} ({@code bastion.example})
 * @param cseId this CSE's SP-relative CSE-ID ({@code /id-in})
 */
public record IdForms(String spId, String cseId) {

    public IdForms {
        Objects.requireNonNull(spId, "spId");
        Objects.requireNonNull(cseId, "cseId");
        while (spId.startsWith("/")) {
            spId = spId.substring(1);
        }
        if (!cseId.startsWith("/")) {
            cseId = "/" + cseId;
        }
    }

    /** An ID as an operator or a certificate writes it, in the CSE's comparison form; null when it is none. */
    public String normalize(String id) {
        if (id == null || id.isEmpty()) {
            return null;
        }
        String s = id;
        if (s.startsWith("//")) {
            int slash = s.indexOf('/', 2);
            if (slash < 0) {
                return null; // a bare SP-ID is neither an AE-ID nor a CSE-ID
            }
            if (!s.substring(2, slash).toLowerCase(Locale.ROOT).equals(spId.toLowerCase(Locale.ROOT))) {
                return s;
            }
            s = s.substring(slash);
        }
        if (!s.startsWith("/")) {
            return isAeIdStem(s) ? s : null;
        }
        String local = cseId + "/";
        if (s.startsWith(local) && isAeIdStem(s.substring(local.length()))) {
            return s.substring(local.length());
        }
        if (s.length() > 1 && s.charAt(1) == 'S' && isAeIdStem(s.substring(1))) {
            return s.substring(1);
        }
        return s;
    }

    /**
     * The CSE-ID (in comparison form, {@link #normalize}) of the CSE an SP-relative ({@code /id-mn/cse-mn/x}) or
     * absolute ({@code //sp/id-mn/x}) address names, such as an announced resource's {@code lnk}; null for a
     * CSE-relative address or one without a CSE-ID.
     */
    public String cseIdOf(String address) {
        if (address == null || !address.startsWith("/")) {
            return null;
        }
        int start = 0;
        if (address.startsWith("//")) {
            start = address.indexOf('/', 2);
            if (start < 0) {
                return null;
            }
        }
        int end = address.indexOf('/', start + 1);
        String cse = end < 0 ? address : address.substring(0, end);
        return cse.length() - start < 2 ? null : normalize(cse);
    }

    /** The syntax of an AE-ID-Stem (TS-0004 6.2.3): C or S followed by unreserved characters. */
    public static boolean isAeIdStem(String s) {
        if (s == null || s.length() < 2 || (s.charAt(0) != 'C' && s.charAt(0) != 'S')) {
            return false;
        }
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean alnum = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
            if (!alnum && c != '-' && c != '.' && c != '_' && c != '~') {
                return false;
            }
        }
        return true;
    }
}
