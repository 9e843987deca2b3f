package io.bastion.security.acp;

import java.time.Instant;
import java.time.LocalDate;

/**
 * An instant as the seven fields a {@link ScheduleEntry} names, read in UTC (TS-0004 7.4.9.1), to the second: a
 * fraction of a second is dropped. A decision computes it once and tests every schedule of every rule against it,
 * instead of splitting the instant again for each entry.
 *
 * @param dayOfWeek 0 = Sunday .. 6 = Saturday, as in the schedule's day-of-week field
 */
record UtcTime(int second, int minute, int hour, int dayOfMonth, int month, int dayOfWeek, int year) {
    /** 2000-01-01T00:00:00Z, the first second the year field can name. */
    private static final long FIRST_SECOND = 946_684_800L;
    /** 10000-01-01T00:00:00Z, the first second after the last year the field can name. */
    private static final long END_SECOND = 253_402_300_800L;
    private static final int SECONDS_PER_DAY = 86_400;

    /** The fields of {@code instant}, or null when it lies outside the years 2000..9999, which no schedule names. */
    static UtcTime of(Instant instant) {
        long epochSecond = instant.getEpochSecond();
        if (epochSecond < FIRST_SECOND || epochSecond >= END_SECOND) {
            return null;
        }
        long epochDay = epochSecond / SECONDS_PER_DAY;
        int secondOfDay = (int) (epochSecond % SECONDS_PER_DAY);
        LocalDate date = LocalDate.ofEpochDay(epochDay);
        // 1970-01-01 was a Thursday (4 when Sunday is 0); epochDay is positive here.
        return new UtcTime(secondOfDay % 60, secondOfDay / 60 % 60, secondOfDay / 3600, date.getDayOfMonth(),
                date.getMonthValue(), (int) ((epochDay + 4) % 7), date.getYear());
    }
}
