package io.bastion.cse.announce;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The entries of an {@code announceTo} ({@code at}) as this CSE keeps them (TS-0001 9.6.1.3, 10.2.13.2): a CSE-ID
 * ({@code /id-in}) not yet announced to, or the SP-relative address of the announced resource there
 * ({@code /id-in/cntA1}).
 */
final class AnnounceTo {
    private AnnounceTo() {
    }

    /** The CSE an entry names: the entry itself for a CSE-ID, its first segment for an address. */
    static String cseOf(String entry) {
        int slash = entry.indexOf('/', 1);
        return slash < 0 ? entry : entry.substring(0, slash);
    }

    /** Whether the entry is an announced resource's address rather than a CSE-ID. */
    static boolean isAddress(String entry) {
        return entry.indexOf('/', 1) > 0;
    }

    /** The announced resources' addresses among {@code at}, by CSE-ID (the first one of each CSE). */
    static Map<String, String> addresses(List<String> at) {
        Map<String, String> m = new HashMap<>();
        for (String e : at) {
            if (isAddress(e)) {
                m.putIfAbsent(cseOf(e), e);
            }
        }
        return m;
    }
}
