package io.bastion.cse.discovery;

import com.fasterxml.jackson.databind.JsonNode;
import io.bastion.core.primitive.AttributeCondition;
import io.bastion.core.primitive.FilterCriteria;
import io.bastion.core.resource.Resource;
import io.bastion.core.time.Timestamps;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * Evaluates filter criteria conditions on one resource (TS-0004 7.3.3.17): AND of the present conditions, or OR
 * when {@code fo}=2; several values of {@code ty} or {@code lbl}, or several attribute conditions, match when any
 * does. A geo-query ({@code gq}) is one condition: the candidate's {@code loc}, read here, against the query's
 * prepared geometry; the discovery's limits bound how many candidates are read.
 */
public final class FilterMatcher {
    private FilterMatcher() {
    }

    public static boolean matches(FilterCriteria fc, Resource r) {
        boolean or = fc.fo() != null && fc.fo() == 2;
        int present = 0;
        int matched = 0;
        if (!fc.ty().isEmpty()) {
            present++;
            matched += fc.ty().contains(r.ty()) ? 1 : 0;
        }
        if (!fc.lbl().isEmpty()) {
            present++;
            matched += r.getList("lbl").stream().anyMatch(fc.lbl()::contains) ? 1 : 0;
        }
        if (fc.rn() != null) {
            present++;
            matched += fc.rn().equals(r.rn()) ? 1 : 0;
        }
        // Timestamps are parsed only when a time condition asks for them: discovery runs this per candidate.
        Instant ct = fc.cra() != null || fc.crb() != null ? time(r, "ct") : null;
        Instant lt = fc.ms() != null || fc.us() != null ? time(r, "lt") : null;
        if (fc.cra() != null) {
            present++;
            matched += ct != null && ct.isAfter(fc.cra()) ? 1 : 0;
        }
        if (fc.crb() != null) {
            present++;
            matched += ct != null && ct.isBefore(fc.crb()) ? 1 : 0;
        }
        if (fc.ms() != null) {
            present++;
            matched += lt != null && !lt.isBefore(fc.ms()) ? 1 : 0;
        }
        if (fc.us() != null) {
            present++;
            matched += lt != null && lt.isBefore(fc.us()) ? 1 : 0;
        }
        if (fc.exb() != null) {
            present++;
            matched += r.expiry() != null && r.expiry().isBefore(fc.exb()) ? 1 : 0;
        }
        if (fc.exa() != null) {
            present++;
            matched += r.expiry() == null || r.expiry().isAfter(fc.exa()) ? 1 : 0;
        }
        if (fc.sts() != null) {
            present++;
            matched += r.get("st") != null && r.getLong("st", 0) < fc.sts() ? 1 : 0;
        }
        if (fc.stb() != null) {
            present++;
            matched += r.get("st") != null && r.getLong("st", 0) > fc.stb() ? 1 : 0;
        }
        if (fc.sza() != null) {
            present++;
            matched += r.get("cs") != null && r.getLong("cs", 0) >= fc.sza() ? 1 : 0;
        }
        if (fc.szb() != null) {
            present++;
            matched += r.get("cs") != null && r.getLong("cs", 0) < fc.szb() ? 1 : 0;
        }
        if (fc.gq() != null) {
            present++;
            matched += fc.gq().matchesLocation(r.get("loc")) ? 1 : 0;
        }
        if (!fc.atr().isEmpty()) {
            present++;
            matched += anyAttribute(fc, r) ? 1 : 0;
        }
        if (present == 0) {
            return true;
        }
        return or ? matched > 0 : matched == present;
    }

    /**
     * The attribute condition (TS-0004 7.3.3.17.9): met when any pair names an attribute the resource has with a
     * matching value. A number or a boolean matches its text form ({@code mni=10}, {@code rr=true}); a list matches
     * when any of its elements does ({@code poa}, {@code acpi}); a structured value (an object, a list of objects)
     * never matches, since a query has no form for it. Wildcards count in a discovery only. Only the attributes of
     * the representation are compared: a secret attribute is not among them and can never be probed this way.
     */
    private static boolean anyAttribute(FilterCriteria fc, Resource r) {
        boolean wildcards = fc.isDiscovery();
        for (AttributeCondition c : fc.atr()) {
            JsonNode v = r.get(c.name());
            if (v == null) {
                continue;
            }
            if (v.isArray()) {
                for (JsonNode e : v) {
                    if (matches(c, e, wildcards)) {
                        return true;
                    }
                }
            } else if (matches(c, v, wildcards)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matches(AttributeCondition c, JsonNode v, boolean wildcards) {
        if (v.isTextual()) {
            return c.matchesText(v.textValue(), wildcards);
        }
        if (v.isIntegralNumber() || v.isBoolean()) {
            return c.matchesText(v.asText(), wildcards);
        }
        if (v.isNumber()) {
            try {
                return v.decimalValue().compareTo(new BigDecimal(c.value())) == 0;
            } catch (NumberFormatException notANumber) {
                return false;
            }
        }
        return false;
    }

    private static Instant time(Resource r, String sn) {
        String v = r.getText(sn);
        return v == null ? null : Timestamps.parse(v, sn);
    }
}
