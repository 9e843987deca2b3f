package io.bastion.trust.keys;

import com.fasterxml.jackson.databind.JsonNode;
import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.text.Excerpt;
import io.bastion.core.text.Fqdn;
import io.bastion.core.time.Timestamps;
import io.bastion.security.credential.PreSharedKey;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The checks of a {@code sec:mkr} content that the MEF (TS-0003 8.3.5.2.7, .9) and the MAF (8.8.2.7, .9) make alike:
 * expiry, labels, SUID, targets and key value, each refusal a 4000 naming the element ({@code prefix} + short name).
 */
public final class KeyRegistrationRules {
    /** At most this many labels, each 1..256 characters. */
    public static final int MAX_LABELS = 32;
    /** At most this many targets of one key. */
    public static final int MAX_TARGETS = 64;
    /** An Absolute or SP-relative AE-ID or CSE-ID, or an AE-ID stem, as the MAF has taken them since issue 15. */
    private static final Pattern ID = Pattern.compile(
            "(//[A-Za-z0-9.-]+)?/[A-Za-z0-9._~-]+(/[A-Za-z0-9._~-]+)?|[CS][A-Za-z0-9._~-]+");

    /**
     * Who distributes a key, and so which {@code m2m:suid} values (TS-0004 table 6.3.4.2.39-1) it takes: the MEF the
     * RSPF-provisioned ones (21 shared with a MAF, 22 SAEF, 23 ESPrim, 24 and 25 ESData), the MAF the MAF-distributed
     * ones (32 SAEF, 33 ESPrim, 34 and 35 ESData).
     */
    public enum Distributor {
        MEF(21, 25, "8.3.5.2.7", "a MEF-established key is for a MAF (21), SAEF (22), ESPrim (23) or ESData (24, 25)"),
        MAF(32, 35, "8.8.2.7", "a MAF-distributed key is for SAEF (32), ESPrim (33) or ESData (34, 35)");

        private final int lowest;
        private final int highest;
        private final String clause;
        private final String usages;

        Distributor(int lowest, int highest, String clause, String usages) {
            this.lowest = lowest;
            this.highest = highest;
            this.clause = clause;
            this.usages = usages;
        }
    }

    private KeyRegistrationRules() {
    }

    /**
     * A proposed expirationTime: an {@code m2m:timestamp} in the future, shortened to {@code now + longest} (the MEF
     * and MAF "may assign different values", 8.3.5.2.7, 8.8.2.7), whole seconds so that it reads back the same.
     */
    public static Instant expiry(JsonNode v, Instant now, Duration longest, String prefix) {
        if (v == null || v.isNull()) {
            throw OneM2MException.badRequest(prefix + "et: missing");
        }
        if (!v.isTextual()) {
            throw OneM2MException.badRequest(prefix + "et: an m2m:timestamp is expected");
        }
        Instant et = Timestamps.parse(v.textValue(), prefix + "et");
        if (!et.isAfter(now)) {
            throw OneM2MException.badRequest(prefix + "et: " + Excerpt.of(v.textValue()) + " is not in the future");
        }
        Instant max = now.plus(longest).truncatedTo(ChronoUnit.SECONDS);
        return et.isAfter(max) ? max : et;
    }

    /** Labels ({@code lbl}): null when absent, else at most {@value #MAX_LABELS} strings of 1..256 characters. */
    public static List<String> labels(JsonNode v, String prefix) {
        if (v == null) {
            return null;
        }
        if (!v.isArray() || v.size() > MAX_LABELS) {
            throw OneM2MException.badRequest(prefix + "lbl: a list of at most " + MAX_LABELS + " strings is expected");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode e : v) {
            if (!e.isTextual() || e.textValue().isEmpty() || e.textValue().length() > 256) {
                throw OneM2MException.badRequest(prefix + "lbl: each label is a string of 1..256 characters");
            }
            out.add(e.textValue());
        }
        return out;
    }

    /** The SUID, one that {@code d} distributes. */
    public static int suid(JsonNode v, Distributor d, String prefix) {
        if (v == null || !v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < d.lowest
                || v.asInt() > d.highest) {
            throw OneM2MException.badRequest(prefix + "suid: " + d.usages);
        }
        return v.asInt();
    }

    /**
     * Whether a key of this SUID names exactly one target: one for a MAF (x1), SAEF (x2) and ESPrim (x3), one or more
     * for ESData (x4, x5) (8.3.5.2.7 step 3, 8.8.2.7 step 3).
     */
    public static boolean singleTarget(int suid) {
        return suid % 10 <= 3;
    }

    /**
     * The targetIDs: 1..{@value #MAX_TARGETS} AE-IDs or CSE-IDs (Absolute, SP-relative or an AE-ID stem), exactly one
     * when {@link #singleTarget}; for SUID 21 (a key shared with a MAF) the one target may be the MAF's FQDN, as
     * 8.3.9.9.5 fills targetIDs from the [MAFClientRegCfg] fqdn.
     */
    public static List<String> targets(JsonNode v, int suid, Distributor d, String prefix) {
        if (v == null || !v.isArray() || v.isEmpty() || v.size() > MAX_TARGETS) {
            throw OneM2MException.badRequest(prefix + "tgis: a list of 1.." + MAX_TARGETS
                    + " AE-IDs or CSE-IDs is expected");
        }
        if (singleTarget(suid) && v.size() != 1) {
            throw OneM2MException.badRequest(prefix + "tgis: a key for " + (suid % 10 == 1 ? "a MAF" : "SAEF or ESPrim")
                    + " names exactly one target (TS-0003 " + d.clause + ")");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode e : v) {
            boolean ok = e.isTextual() && (ID.matcher(e.textValue()).matches()
                    || suid == 21 && Fqdn.isValid(e.textValue()));
            if (!ok) {
                throw OneM2MException.badRequest(prefix + "tgis: " + Excerpt.of(e.toString())
                        + " is no AE-ID or CSE-ID");
            }
            out.add(e.textValue());
        }
        return out;
    }

    /**
     * Whether {@code id} is one of {@code targets}, comparing Absolute forms: an SP-relative ID {@code /x} is
     * {@code //spId/x} (TS-0001 7.2), so a Target named either way matches.
     */
    public static boolean isTarget(List<String> targets, String id, String spId) {
        String mine = absolute(id, spId);
        return targets.stream().anyMatch(t -> t.equals(id) || absolute(t, spId).equals(mine));
    }

    private static String absolute(String id, String spId) {
        return id.startsWith("/") && !id.startsWith("//") ? "//" + spId + id : id;
    }

    /** A self-generated Key Value ({@code kv}): base64 of {@value PreSharedKey#MIN_BYTES}..{@value PreSharedKey#MAX_BYTES} bytes. */
    public static PreSharedKey keyValue(JsonNode v, String prefix) {
        byte[] b = null;
        try {
            if (!v.isTextual()) {
                throw new IllegalArgumentException("not text");
            }
            b = Base64.getDecoder().decode(v.textValue());
            return PreSharedKey.of(b);
        } catch (IllegalArgumentException e) {
            throw OneM2MException.badRequest(prefix + "kv: base64 of " + PreSharedKey.MIN_BYTES + ".."
                    + PreSharedKey.MAX_BYTES + " bytes is expected");
        } finally {
            if (b != null) {
                Arrays.fill(b, (byte) 0);
            }
        }
    }
}
