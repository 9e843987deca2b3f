package io.bastion.core.time;

import io.bastion.core.primitive.OneM2MException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import io.bastion.core.text.Excerpt;

/**
 * oneM2M timestamps (m2m:timestamp, ISO 8601 basic format {@code 20261123T035531,123456}, UTC) and
 * absolute-or-relative timestamps (m2m:absRelTimestamp: a timestamp, or milliseconds from now).
 */
public final class Timestamps {
    private static final Pattern BASIC = Pattern.compile(
            "(\\d{4})(\\d{2})(\\d{2})T(\\d{2})(\\d{2})(\\d{2})(?:[,.](\\d{1,9}))?(Z|[+-]\\d{2}:?\\d{2})?");
    /** Far enough in the future to stand for "never" when an et is not given. */
    public static final Instant NEVER = Instant.parse("9999-12-31T23:59:59Z");

    private Timestamps() {
    }

    public static String format(Instant t) {
        // Hand-rolled: this runs several times per request (ct, lt, et, the response's ot).
        LocalDateTime d = LocalDateTime.ofEpochSecond(t.getEpochSecond(), 0, ZoneOffset.UTC);
        char[] c = new char[22];
        digits(c, 0, d.getYear(), 4);
        digits(c, 4, d.getMonthValue(), 2);
        digits(c, 6, d.getDayOfMonth(), 2);
        c[8] = 'T';
        digits(c, 9, d.getHour(), 2);
        digits(c, 11, d.getMinute(), 2);
        digits(c, 13, d.getSecond(), 2);
        c[15] = ',';
        digits(c, 16, t.getNano() / 1000, 6);
        return new String(c);
    }

    private static void digits(char[] c, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            c[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    /** Parses m2m:timestamp; a malformed value is a 4000 BAD_REQUEST naming the attribute. */
    public static Instant parse(String value, String what) {
        if (value == null) {
            throw OneM2MException.badRequest(what + ": missing timestamp");
        }
        Instant fast = parseCanonical(value);
        if (fast != null) {
            return fast;
        }
        Matcher m = BASIC.matcher(value.trim());
        if (!m.matches()) {
            throw OneM2MException.badRequest(what + ": invalid timestamp '" + Excerpt.of(value) + "'");
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
            throw OneM2MException.badRequest(what + ": invalid timestamp '" + Excerpt.of(value) + "'");
        }
    }

    /** The form this CSE writes ({@code yyyyMMddTHHmmss[,ffffff]}), parsed without a regular expression. */
    private static Instant parseCanonical(String v) {
        int n = v.length();
        if ((n != 15 && n != 22) || v.charAt(8) != 'T' || (n == 22 && v.charAt(15) != ',')) {
            return null;
        }
        int year = num(v, 0, 4);
        int month = num(v, 4, 2);
        int day = num(v, 6, 2);
        int hour = num(v, 9, 2);
        int minute = num(v, 11, 2);
        int second = num(v, 13, 2);
        int micros = n == 22 ? num(v, 16, 6) : 0;
        if ((year | month | day | hour | minute | second | micros) < 0 || month < 1 || month > 12 || day < 1
                || hour > 23 || minute > 59 || second > 59 || day > java.time.YearMonth.of(year, month).lengthOfMonth()) {
            return null; // let the general path produce the error message
        }
        return LocalDateTime.of(year, month, day, hour, minute, second, micros * 1000).toInstant(ZoneOffset.UTC);
    }

    /** The decimal number in v[at, at+len), or -1 when a character is not a digit. */
    private static int num(String v, int at, int len) {
        int r = 0;
        for (int i = at; i < at + len; i++) {
            char ch = v.charAt(i);
            if (ch < '0' || ch > '9') {
                return -1;
            }
            r = r * 10 + (ch - '0');
        }
        return r;
    }

    /** Parses m2m:absRelTimestamp: an absolute timestamp, or a number of milliseconds relative to now. */
    public static Instant parseAbsRel(String value, Instant now, String what) {
        if (value != null && !value.isEmpty() && value.chars().allMatch(c -> Character.isDigit(c) || c == '-')) {
            try {
                return now.plusMillis(Long.parseLong(value));
            } catch (NumberFormatException | ArithmeticException e) {
                throw OneM2MException.badRequest(what + ": invalid relative time '" + Excerpt.of(value) + "'");
            }
        }
        return parse(value, what);
    }

}
