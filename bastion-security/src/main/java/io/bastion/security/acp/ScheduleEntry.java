package io.bastion.security.acp;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.regex.Pattern;

/**
 * One {@code m2m:scheduleEntry} (TS-0004 table 7.4.9.1-4): seven whitespace-separated fields (second, minute, hour,
 * day of month, month, day of week with 0 = Sunday, year), each {@code *}, {@code *}/step, or a comma list of
 * numbers, ranges {@code a-b} and stepped ranges {@code a-b/step}. Parsed once into one bit set per field, so that
 * matching a time later is a handful of bit tests on the fields of a {@link UtcTime}, which a decision computes once
 * for all its rules. Immutable.
 *
 * <p><b>Matching</b> ({@link #matches(Instant)}), the "extended crontab" that TS-0003 7.1.3 names for
 * {@code accessControlWindow} (TS-0003 cites TS-0004 clause 7.3.8; in TS-0004 V3.32 the format lives in clause
 * 7.4.9.1):
 * <ul>
 *   <li>The instant is read in UTC, as TS-0004 7.4.9.1 requires ("The time to be matched with the schedule pattern
 *       shall be interpreted in UTC timezone"); never in the CSE's local zone. Granularity is the second: a fraction
 *       of a second is dropped, so 04:00:59.999 is second 59.</li>
 *   <li>Fields combine with AND, except day of month and day of week, which TS-0004 leaves to crontab. We follow
 *       crontab (POSIX crontab; Vixie cron): when <em>both</em> day fields restrict the day, a day that matches
 *       <em>either</em> matches; otherwise both must match, which for an unrestricted field means only the other
 *       counts. A day field is unrestricted when it starts with {@code *} (so {@code *}/2 is unrestricted, as in
 *       Vixie cron) or selects every value of its range (so {@code 1-31} is too). Both cases are ambiguous in
 *       crontab; treating them as unrestricted always yields the narrower window, which is the safe side for access
 *       control.</li>
 *   <li>Calendar days that do not exist never match: day 31 in a 30-day month, 29 February outside leap years.
 *       A time outside the years 2000..9999 that the year field can name never matches.</li>
 * </ul>
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

    private static final Pattern FIELD_SEPARATOR = Pattern.compile("[ \t]+");

    private final String text;
    /**
     * The selected values of the six small fields, bit {@code value - min} set: each fits one word, so testing a
     * value is a shift and a mask.
     */
    private final long seconds;
    private final long minutes;
    private final long hours;
    private final long daysOfMonth;
    private final long months;
    private final long daysOfWeek;
    /**
     * The selected years, bit {@code year - 2000} set in 125 words, or null when every year is selected (the usual
     * {@code *}): in a policy of a thousand rules those words would be most of its memory, and of the time spent
     * reading it.
     */
    private final long[] years;
    private final boolean[] wildcard;
    /** Day of month and day of week both restrict the day: crontab's OR rule applies. */
    private final boolean eitherDay;

    /** {@code allowed}: per field (by ordinal) the selected values as bits {@code value - min} in 64-bit words. */
    private ScheduleEntry(String text, long[][] allowed, boolean[] wildcard, boolean eitherDay) {
        this.text = text;
        this.seconds = allowed[Field.SECOND.ordinal()][0];
        this.minutes = allowed[Field.MINUTE.ordinal()][0];
        this.hours = allowed[Field.HOUR.ordinal()][0];
        this.daysOfMonth = allowed[Field.DAY_OF_MONTH.ordinal()][0];
        this.months = allowed[Field.MONTH.ordinal()][0];
        this.daysOfWeek = allowed[Field.DAY_OF_WEEK.ordinal()][0];
        long[] y = allowed[Field.YEAR.ordinal()];
        this.years = selected(y) == Field.YEAR.max - Field.YEAR.min + 1 ? null : y;
        this.wildcard = wildcard;
        this.eitherDay = eitherDay;
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
        String[] parts = FIELD_SEPARATOR.split(text.trim());
        Field[] fields = Field.values();
        if (parts.length != fields.length) {
            throw new IllegalArgumentException("must have 7 fields (second minute hour day month weekday year), found "
                    + (text.isBlank() ? 0 : parts.length));
        }
        long[][] allowed = new long[fields.length][];
        boolean[] wildcard = new boolean[fields.length];
        for (int f = 0; f < fields.length; f++) {
            allowed[f] = new long[(fields[f].max - fields[f].min + 64) / 64];
            wildcard[f] = parts[f].equals("*");
            parseField(parts[f], fields[f], allowed[f]);
        }
        boolean eitherDay = restrictsDay(parts, allowed, Field.DAY_OF_MONTH)
                && restrictsDay(parts, allowed, Field.DAY_OF_WEEK);
        return new ScheduleEntry(text, allowed, wildcard, eitherDay);
    }

    /** See the class comment: a day field starting with '*' or naming every value does not restrict the day. */
    private static boolean restrictsDay(String[] parts, long[][] allowed, Field field) {
        return parts[field.ordinal()].charAt(0) != '*'
                && selected(allowed[field.ordinal()]) < field.max - field.min + 1;
    }

    /** How many values the words select. */
    private static int selected(long[] words) {
        int n = 0;
        for (long word : words) {
            n += Long.bitCount(word);
        }
        return n;
    }

    private static void parseField(String part, Field field, long[] out) {
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
            if (step == 1) {
                setRange(out, from - field.min, to - field.min);
            } else {
                for (int v = from; v <= to; v += step) {
                    out[(v - field.min) >>> 6] |= 1L << (v - field.min);
                }
            }
        }
    }

    /** Sets bits {@code from..to} (inclusive) a word at a time. */
    private static void setRange(long[] words, int from, int to) {
        int first = from >>> 6;
        int last = to >>> 6;
        // Shift counts are taken modulo 64, so these are the bits from 'from' up and up to 'to' within their words.
        long fromMask = -1L << from;
        long toMask = -1L >>> (63 - (to & 63));
        if (first == last) {
            words[first] |= fromMask & toMask;
            return;
        }
        words[first] |= fromMask;
        for (int w = first + 1; w < last; w++) {
            words[w] = -1L;
        }
        words[last] |= toMask;
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
        return value >= field.min && value <= field.max && bit(field, value);
    }

    /** True when the field was written as a plain {@code *}. */
    public boolean isWildcard(Field field) {
        return wildcard[field.ordinal()];
    }

    /** True when {@code instant}, read in UTC, falls in this entry (see the class comment for the rules). */
    public boolean matches(Instant instant) {
        UtcTime time = UtcTime.of(instant);
        return time != null && matches(time);
    }

    /** {@link #matches(Instant)} for a time already split into fields; allocates nothing. */
    boolean matches(UtcTime t) {
        if (!has(seconds, t.second()) || !has(minutes, t.minute()) || !has(hours, t.hour())
                || !has(months, t.month() - Field.MONTH.min) || !hasYear(t.year() - Field.YEAR.min)) {
            return false;
        }
        boolean dayOfWeek = has(daysOfWeek, t.dayOfWeek());
        boolean dayOfMonth = has(daysOfMonth, t.dayOfMonth() - Field.DAY_OF_MONTH.min);
        return eitherDay ? dayOfMonth || dayOfWeek : dayOfMonth && dayOfWeek;
    }

    /**
     * The first second at or after {@code from} (its fraction dropped, as {@link #matches(Instant)} drops it) that this
     * entry matches, or null when none does before {@code limit} (an entry may name a day that never comes, 31
     * February, or only years far ahead). Walks the calendar from the largest field down, skipping a whole year, month,
     * day, hour or minute at a time, so that finding the next window costs a few dozen steps per year searched.
     */
    public Instant next(Instant from, Instant limit) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(from.getEpochSecond(), 0,
                ZoneOffset.UTC);
        LocalDateTime end = LocalDateTime.ofEpochSecond(limit.getEpochSecond(), 0,
                ZoneOffset.UTC);
        while (!t.isAfter(end)) {
            int year = t.getYear();
            if (year < Field.YEAR.min) {
                t = LocalDateTime.of(Field.YEAR.min, 1, 1, 0, 0);
                continue;
            }
            if (year > Field.YEAR.max) {
                return null;
            }
            if (!hasYear(year - Field.YEAR.min)) {
                t = LocalDateTime.of(year + 1, 1, 1, 0, 0);
                continue;
            }
            if (!has(months, t.getMonthValue() - Field.MONTH.min)) {
                t = t.toLocalDate().withDayOfMonth(1).plusMonths(1).atStartOfDay();
                continue;
            }
            boolean dayOfWeek = has(daysOfWeek, t.getDayOfWeek().getValue() % 7);
            boolean dayOfMonth = has(daysOfMonth, t.getDayOfMonth() - Field.DAY_OF_MONTH.min);
            if (!(eitherDay ? dayOfMonth || dayOfWeek : dayOfMonth && dayOfWeek)) {
                t = t.toLocalDate().plusDays(1).atStartOfDay();
                continue;
            }
            if (!has(hours, t.getHour())) {
                t = t.truncatedTo(ChronoUnit.HOURS).plusHours(1);
                continue;
            }
            if (!has(minutes, t.getMinute())) {
                t = t.truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
                continue;
            }
            if (!has(seconds, t.getSecond())) {
                t = t.plusSeconds(1);
                continue;
            }
            return t.toInstant(ZoneOffset.UTC);
        }
        return null;
    }

    /** {@code value} is selected; the caller guarantees it lies in the field's range. */
    private boolean bit(Field field, int value) {
        int offset = value - field.min;
        return switch (field) {
            case SECOND -> has(seconds, offset);
            case MINUTE -> has(minutes, offset);
            case HOUR -> has(hours, offset);
            case DAY_OF_MONTH -> has(daysOfMonth, offset);
            case MONTH -> has(months, offset);
            case DAY_OF_WEEK -> has(daysOfWeek, offset);
            case YEAR -> hasYear(offset);
        };
    }

    private static boolean has(long word, int offset) {
        return (word & (1L << offset)) != 0;
    }

    private boolean hasYear(int offset) {
        return years == null || (years[offset >>> 6] & (1L << offset)) != 0;
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
