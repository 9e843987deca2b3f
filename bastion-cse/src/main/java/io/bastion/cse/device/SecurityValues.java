package io.bastion.cse.device;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bastion.core.primitive.OneM2MException;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The value checks of the TS-0022 security objects beyond their value types (the types are UNCONFIRMED, inferred
 * from TS-0003): a SUID is one of m2m:suid (TS-0004 table 6.3.4.2.39-1), a TLS cipher suite an IANA number (two
 * bytes), a key registration duration an xs:duration. No check echoes a value.
 */
final class SecurityValues {
    /** m2m:suid, TS-0004 table 6.3.4.2.39-1 (TS-0003 8.3.9.9.2 also uses 31, which the enumeration lacks). */
    static final Set<Integer> SUIDS = Set.of(10, 11, 12, 13, 14, 15, 21, 22, 23, 24, 25, 32, 33, 34, 35, 40, 41, 42,
            43, 44, 45);
    private static final int MAX_CIPHER_SUITE = 0xFFFF;
    /** xs:duration (XML Schema part 2, 3.2.6): PnYnMnDTnHnMnS, at least one part, a T only before time parts. */
    private static final Pattern DURATION = Pattern.compile(
            "-?P(?=\\d|T\\d)(\\d+Y)?(\\d+M)?(\\d+D)?(T(?=\\d)(\\d+H)?(\\d+M)?(\\d+(\\.\\d+)?S)?)?");

    private SecurityValues() {
    }

    /** authenticationProfile: {@code suid}, {@code tlcs}, {@code mkrd}. */
    static void authenticationProfile(ObjectNode a) {
        JsonNode suid = a.get("suid");
        if (suid != null && !SUIDS.contains(suid.asInt())) {
            throw bad("dcfg:autp.suid", "a SUID of m2m:suid (10-15, 21-25, 32-35, 40-45)");
        }
        JsonNode tlcs = a.get("tlcs");
        if (tlcs != null && tlcs.isArray()) {
            for (JsonNode n : tlcs) {
                if (n.asLong() < 0 || n.asLong() > MAX_CIPHER_SUITE) {
                    throw bad("dcfg:autp.tlcs", "IANA TLS cipher suite numbers from 0 to 65535");
                }
            }
        }
        JsonNode mkrd = a.get("mkrd");
        if (mkrd != null && mkrd.isTextual() && !DURATION.matcher(mkrd.asText()).matches()) {
            throw bad("dcfg:autp.mkrd", "an xs:duration such as P30D or PT12H");
        }
    }

    /** myCertFileCred: every {@code suids} entry a SUID. */
    static void myCertFileCred(ObjectNode a) {
        JsonNode suids = a.get("suids");
        if (suids != null && suids.isArray()) {
            for (JsonNode n : suids) {
                if (!SUIDS.contains(n.asInt())) {
                    throw bad("dcfg:nycfc.suids", "SUIDs of m2m:suid (10-15, 21-25, 32-35, 40-45)");
                }
            }
        }
    }

    private static OneM2MException bad(String where, String expected) {
        return OneM2MException.badRequest("attribute " + where + " has a wrong value: expected " + expected);
    }
}
