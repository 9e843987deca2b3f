package io.bastion.security.acp;

import java.util.BitSet;

/**
 * One {@code m2m:scheduleEntry} (TS-0004 table 7.4.9.1-4): seven whitespace-separated fields (second, minute, hour,
 * day of month, month, day of week with 0 = Sunday, year), each {@code *}, {@code *}/step, or a comma list of
 * numbers, ranges {@code a-b} and stepped ranges {@code a-b/step}. Parsed once into one bit set per field, so that
 * matching a time later is a handful of bit tests. Immutable.
 */
public final class ScheduleEntry {
    /** Far longer than any sensible entry; bounds the work a hostile policy can cause. */
    static final int MAX_LENGTH = 512;

    /** The seven fields in order, with their ranges. */
    public enum Field {
        SECOND(0, 59), MINUTE(0, 59), HOUR(0, 23), DAY_OF_MONTH(1, 31), MONTH(1, 12), DAY_OF_WEEK(0, 6),
        YEAR(2000, 9999);

        final int min;
        final int max;

        Field(int min, int max) {
            this.min = min;
            this.max = max;
        }
    }

    private final String text;
    private final BitSet[] allowed;
    private final boolean[] wildcard;

    private ScheduleEntry(String text, BitSet[] allowed, boolean[] wildcard) {
        this.text = text;
        this.allowed = allowed;
        this.wildcard = wildcard;
    }

    /**
     * Parses an entry.
     *
     * @throws IllegalArgumentException with a one-line reason when the text is not a valid entry
     */
    public static ScheduleEntry parse(String text) {
        if (text.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("longer than " + MAX_LENGTH + " characters");
        }
        String[] parts = text.trim().split("[ \t]+");
        Field[] fields = Field.values();
        if (parts.length != fields.length) {
            throw new IllegalArgumentException("must have 7 fields (second minute hour day month weekday year), found "
                    + (text.isBlank() ? 0 : parts.length));
        }
        BitSet[] allowed = new BitSet[fields.length];
        boolean[] wildcard = new boolean[fields.length];
        for (int f = 0; f < fields.length; f++) {
            allowed[f] = new BitSet();
            wildcard[f] = parts[f].equals("*");
            parseField(parts[f], fields[f], allowed[f]);
        }
        return new ScheduleEntry(text, allowed, wildcard);
    }

    private static void parseField(String part, Field field, BitSet out) {
        for (String element : part.split(",", -1)) {
            int slash = element.indexOf('/');
            String range = slash < 0 ? element : element.substring(0, slash);
            int step = 1;
            if (slash >= 0) {
                step = number(element.substring(slash + 1), field, "step");
                if (step < 1) {
                    throw invalid(field, "step must be at least 1 in '" + element + "'");
                }
            }
            int from;
            int to;
            if (range.equals("*")) {
                from = field.min;
                to = field.max;
            } else {
                int dash = range.indexOf('-');
                if (dash < 0 && slash >= 0) {
                    // TS-0004 allows a step only after a range or an asterisk.
                    throw invalid(field, "a step needs a range or '*' before it in '" + element + "'");
                }
                from = number(dash < 0 ? range : range.substring(0, dash), field, "value");
                to = dash < 0 ? from : number(range.substring(dash + 1), field, "value");
                if (from < field.min || to > field.max) {
                    throw invalid(field, "'" + element + "' is outside " + field.min + ".." + field.max);
                }
                if (from > to) {
                    throw invalid(field, "range '" + element + "' runs backwards");
                }
            }
            for (int v = from; v <= to; v += step) {
                out.set(v - field.min);
            }
        }
    }

    private static int number(String s, Field field, String what) {
        if (s.isEmpty() || s.length() > 4) {
            throw invalid(field, "bad " + what + " '" + s + "'");
        }
        int v = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                throw invalid(field, "bad " + what + " '" + s + "'");
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static IllegalArgumentException invalid(Field field, String why) {
        return new IllegalArgumentException(field.name().toLowerCase(java.util.Locale.ROOT) + " field: " + why);
    }

    /** The entry as written. */
    public String text() {
        return text;
    }

    /** True when {@code value} is selected in {@code field} (false outside the field's range). */
    public boolean allows(Field field, int value) {
        return value >= field.min && value <= field.max && allowed[field.ordinal()].get(value - field.min);
    }

    /** True when the field was written as a plain {@code *} (cron's day-of-month/day-of-week rule needs this). */
    public boolean isWildcard(Field field) {
        return wildcard[field.ordinal()];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ScheduleEntry s && s.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
