package io.bastion.core.time;

import com.fasterxml.jackson.databind.JsonNode;
import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.text.Excerpt;
import java.time.Instant;

/**
 * A value of {@code m2m:absRelTimestamp} (TS-0004 table 6.3.3-1: an {@code m2m:timestamp} or an {@code xs:long}), as
 * a timeSeriesInstance's {@code dataGenerationTime} carries it: either an absolute time or a relative number whose
 * origin only its originator knows. Two values are equal when both are absolute and name the same instant (to the
 * nanosecond, whatever the written precision or zone), or both are relative and the same number; an absolute value
 * never equals a relative one, since the texts define no comparison between the two forms. {@link #key()} is a text
 * that is equal exactly when the values are, and that sorts absolute values by time (before every relative one).
 *
 * @param instant the absolute time, or null for a relative value
 * @param relative the relative value when {@code instant} is null
 */
public record AbsRelTimestamp(Instant instant, long relative) {
    /** Seconds added so that every year from 0000 to 9999 gives a positive number of 12 digits. */
    private static final long SECONDS_OFFSET = 100_000_000_000L;

    public static AbsRelTimestamp absolute(Instant t) {
        return new AbsRelTimestamp(t, 0);
    }

    public boolean isAbsolute() {
        return instant != null;
    }

    /**
     * Reads the JSON value: a timestamp string, or an integer (a number, or a string of digits with an optional
     * leading minus).
     *
     * @throws OneM2MException 4000 naming {@code what} when it is neither
     */
    public static AbsRelTimestamp of(JsonNode v, String what) {
        if (v != null && v.isIntegralNumber() && v.canConvertToLong()) {
            return new AbsRelTimestamp(null, v.asLong());
        }
        if (v == null || !v.isTextual()) {
            throw OneM2MException.badRequest("attribute " + what + " has a wrong type or value: expected a timestamp "
                    + "like 20261231T235959 or an integer (m2m:absRelTimestamp)");
        }
        String s = v.asText();
        if (isInteger(s)) {
            try {
                return new AbsRelTimestamp(null, Long.parseLong(s));
            } catch (NumberFormatException e) {
                throw OneM2MException.badRequest("attribute " + what + ": relative time '" + Excerpt.of(s)
                        + "' is outside xs:long");
            }
        }
        Instant t = Timestamps.parse(s, what);
        if (t.getEpochSecond() < -SECONDS_OFFSET + 1 || t.getEpochSecond() >= 9 * SECONDS_OFFSET) {
            throw OneM2MException.badRequest("attribute " + what + ": timestamp '" + Excerpt.of(s)
                    + "' is outside the years 0000 to 9999");
        }
        return absolute(t);
    }

    private static boolean isInteger(String s) {
        int from = s.startsWith("-") ? 1 : 0;
        if (s.length() == from) {
            return false;
        }
        for (int i = from; i < s.length(); i++) {
            if (!Character.isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** The text equal exactly for equal values: {@code a} + 12 digits of seconds + 9 of nanoseconds, or {@code r} + 20. */
    public String key() {
        if (instant != null) {
            return keyOf(instant);
        }
        String n = Long.toUnsignedString(relative ^ Long.MIN_VALUE);
        return "r" + "0".repeat(20 - n.length()) + n;
    }

    /** The key of an absolute time, for range look-ups between two instants. */
    public static String keyOf(Instant t) {
        String s = Long.toString(t.getEpochSecond() + SECONDS_OFFSET);
        String n = Integer.toString(t.getNano());
        return "a" + "0".repeat(12 - s.length()) + s + "0".repeat(9 - n.length()) + n;
    }

    /** The absolute time a key names, or null for a relative key. */
    public static Instant instantOfKey(String key) {
        if (key == null || !key.startsWith("a") || key.length() != 22) {
            return null;
        }
        return Instant.ofEpochSecond(Long.parseLong(key.substring(1, 13)) - SECONDS_OFFSET,
                Long.parseLong(key.substring(13)));
    }
}
