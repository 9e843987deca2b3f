package io.bastion.core.time;

import io.bastion.core.primitive.OneM2MException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * oneM2M timestamps (m2m:timestamp, ISO 8601 basic format {@code 20261123T035531,123456}, UTC) and
 * absolute-or-relative timestamps (m2m:absRelTimestamp: a timestamp, or milliseconds from now).
 */
public final class Timestamps {
    private static final DateTimeFormatter OUT = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss,SSSSSS")
            .withZone(ZoneOffset.UTC);
    private static final Pattern BASIC = Pattern.compile(
            "(\\d{4})(\\d{2})(\\d{2})T(\\d{2})(\\d{2})(\\d{2})(?:[,.](\\d{1,9}))?(Z|[+-]\\d{2}:?\\d{2})?");
    /** Far enough in the future to stand for "never" when an et is not given. */
    public static final Instant NEVER = Instant.parse("9999-12-31T23:59:59Z");

    private Timestamps() {
    }

    public static String format(Instant t) {
        return OUT.format(t.truncatedTo(ChronoUnit.MICROS));
    }

    /** Parses m2m:timestamp; a malformed value is a 4000 BAD_REQUEST naming the attribute. */
    public static Instant parse(String value, String what) {
        if (value == null) {
            throw OneM2MException.badRequest(what + ": missing timestamp");
        }
        Matcher m = BASIC.matcher(value.trim());
        if (!m.matches()) {
            throw OneM2MException.badRequest(what + ": invalid timestamp '" + abbreviate(value) + "'");
        }
        try {
            String frac = m.group(7) == null ? "0" : (m.group(7) + "000000000").substring(0, 9);
            LocalDateTime ldt = LocalDateTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                    Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)),
                    Integer.parseInt(m.group(6)), Integer.parseInt(frac));
            ZoneOffset off = ZoneOffset.UTC;
            String z = m.group(8);
            if (z != null && !z.equals("Z")) {
                off = ZoneOffset.of(z.length() == 5 ? z.substring(0, 3) + ":" + z.substring(3) : z);
            }
            return ldt.toInstant(off);
        } catch (java.time.DateTimeException | NumberFormatException e) {
            throw OneM2MException.badRequest(what + ": invalid timestamp '" + abbreviate(value) + "'");
        }
    }

    /** Parses m2m:absRelTimestamp: an absolute timestamp, or a number of milliseconds relative to now. */
    public static Instant parseAbsRel(String value, Instant now, String what) {
        if (value != null && !value.isEmpty() && value.chars().allMatch(c -> Character.isDigit(c) || c == '-')) {
            try {
                return now.plusMillis(Long.parseLong(value));
            } catch (NumberFormatException | ArithmeticException e) {
                throw OneM2MException.badRequest(what + ": invalid relative time '" + abbreviate(value) + "'");
            }
        }
        return parse(value, what);
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
