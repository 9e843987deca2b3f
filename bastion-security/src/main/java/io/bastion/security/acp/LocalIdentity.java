package io.bastion.security.acp;

import java.util.Objects;

/**
 * Who this CSE is ({@code M2M-SP-ID} and {@code SP-relative-CSE-ID}), used to turn every relative originator form
 * into one absolute form so that {@code Cabc}, {@code /id-in/Cabc} and {@code //sp.example/id-in/Cabc} compare equal
 * (TS-0001 table 7.2-1).
 *
 * @param spId the M2M-SP-ID, stored as {@code //sp.example} (given with or without the leading {@code //})
 * @param cseId the SP-relative CSE-ID of this CSE, stored as {@code /id-in} (given with or without the {@code /})
 */
public record LocalIdentity(String spId, String cseId) {

    public LocalIdentity {
        spId = withPrefix(Objects.requireNonNull(spId, "spId"), "//");
        cseId = withPrefix(Objects.requireNonNull(cseId, "cseId"), "/");
        if (spId.length() == 2 || spId.indexOf('/', 2) >= 0 || spId.indexOf('*') >= 0) {
            throw new IllegalArgumentException("spId must be a domain name: " + spId);
        }
        if (cseId.length() == 1 || cseId.indexOf('/', 1) >= 0 || cseId.indexOf('*') >= 0) {
            throw new IllegalArgumentException("cseId must be a single identifier: " + cseId);
        }
    }

    /**
     * The absolute form of an originator ID, or null for a null or empty one. Absolute IDs ({@code //…}) are kept;
     * SP-relative IDs ({@code /…}) get this SP's ID in front; an AE-ID-Stem starting with {@code S} is unique in the
     * SP, so it becomes {@code //sp/Sxxx}; any other relative ID (a {@code C…} stem, or anything else) is taken as
     * CSE-relative to this CSE. No other rewriting (case, dots, trailing slashes) is done: IDs are compared exactly.
     */
    public String canonical(String id) {
        if (id == null || id.isEmpty()) {
            return null;
        }
        if (id.startsWith("//")) {
            return id;
        }
        if (id.charAt(0) == '/') {
            return spId + id;
        }
        if (id.charAt(0) == 'S') {
            return spId + "/" + id;
        }
        return spId + cseId + "/" + id;
    }

    private static String withPrefix(String s, String prefix) {
        String bare = s;
        while (bare.startsWith("/")) {
            bare = bare.substring(1);
        }
        return prefix + bare;
    }
}
