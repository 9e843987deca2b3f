package io.bastion.cse.timeseries;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bastion.core.primitive.OneM2MException;
import java.util.List;

/**
 * The checks of a timeSeries' periodic and missing-data attributes (TS-0004 7.4.38.2.1 and 7.4.38.2.3), on the
 * attributes as they will be stored. {@code pei}, {@code peid} and {@code mdt} are milliseconds (TS-0004 table
 * 7.4.38.1-3). When {@code pei} is given without {@code peid}, the CSE's local policy sets {@code peid}: the value it
 * had if that still fits, else {@code pei / 2}, the widest tolerance the rule {@code peid <= pei / 2} allows, so that
 * every instance of a periodic series falls into some expected range.
 */
final class PeriodicSettings {
    /** The attributes that cannot change while detection runs, nor together with {@code mdd}. */
    static final List<String> DETECTION_PARAMETERS = List.of("mdt", "mdn", "peid", "pei");

    private PeriodicSettings() {
    }

    /** A CREATE: completes {@code peid} and checks the rules of 7.4.38.2.1. */
    static void onCreate(ObjectNode attrs) {
        if (attrs.has("pei") && !attrs.has("peid")) {
            attrs.put("peid", attrs.get("pei").asLong() / 2);
        }
        check(attrs);
    }

    /** An UPDATE: the refusals of 7.4.38.2.3, then the rules of a CREATE on the merged attributes. */
    static void onUpdate(JsonNode current, ObjectNode changes, ObjectNode merged) {
        boolean detecting = current.path("mdd").asBoolean(false);
        for (String p : DETECTION_PARAMETERS) {
            if (changes.has(p) && changes.has("mdd")) {
                throw OneM2MException.badRequest("missingDataDetect (mdd) cannot be updated together with " + p
                        + " (TS-0004 7.4.38.2.3)");
            }
            if (changes.has(p) && detecting) {
                throw OneM2MException.badRequest(p + " cannot be updated while missingDataDetect (mdd) is true; "
                        + "set mdd to false first (TS-0004 7.4.38.2.3)");
            }
        }
        if (changes.hasNonNull("pei") && !changes.has("peid")) {
            long pei = changes.get("pei").asLong();
            if (!merged.has("peid") || merged.get("peid").asLong() * 2 > pei) {
                merged.put("peid", pei / 2);
            }
        }
        check(merged);
    }

    private static void check(ObjectNode a) {
        if (a.has("pei") && a.has("peid") && a.get("peid").asLong() * 2 > a.get("pei").asLong()) {
            throw OneM2MException.badRequest("periodicIntervalDelta (peid) " + a.get("peid").asLong()
                    + " must be at most half the periodicInterval (pei) " + a.get("pei").asLong());
        }
        if (a.path("mdd").asBoolean(false)) {
            long peid = a.path("peid").asLong(0);
            if (!a.has("mdt") || a.get("mdt").asLong() <= peid) {
                throw OneM2MException.badRequest("missingDataDetect (mdd) true needs missingDataDetectTimer (mdt) "
                        + "greater than periodicIntervalDelta (peid) " + peid);
            }
        }
    }
}
