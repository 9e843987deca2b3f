package io.bastion.security.acp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link ScheduleEntry#matches}: extended crontab (TS-0004 table 7.4.9.1-4) read in UTC, to the second. */
class ScheduleMatchingTest {

    private static boolean matches(String entry, String instant) {
        return ScheduleEntry.parse(entry).matches(Instant.parse(instant));
    }

    @ParameterizedTest(name = "''{0}'' at {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            # the specification's examples (TS-0004 7.4.9.1)
            * 0-5 2,6,10 * * * *      | 2026-03-14T06:05:59Z     | true
            * 0-5 2,6,10 * * * *      | 2026-03-14T06:06:00Z     | false
            * 0-5 2,6,10 * * * *      | 2026-03-14T03:00:00Z     | false
            * * 8-20 * * * *          | 2026-03-14T20:59:59Z     | true
            * * 8-20 * * * *          | 2026-03-14T21:00:00Z     | false
            * * 0-23/2 * * * *        | 2026-03-14T22:30:00Z     | true
            * * 0-23/2 * * * *        | 2026-03-14T23:30:00Z     | false
            # across midnight: a night window is two hour ranges
            * * 22-23,0-5 * * * *     | 2026-03-14T21:59:59Z     | false
            * * 22-23,0-5 * * * *     | 2026-03-14T22:00:00Z     | true
            * * 22-23,0-5 * * * *     | 2026-03-14T23:59:59Z     | true
            * * 22-23,0-5 * * * *     | 2026-03-15T00:00:00Z     | true
            * * 22-23,0-5 * * * *     | 2026-03-15T05:59:59Z     | true
            * * 22-23,0-5 * * * *     | 2026-03-15T06:00:00Z     | false
            # seconds granularity; a fraction of a second is dropped
            0-29 * * * * * *          | 2026-03-14T10:15:29Z     | true
            0-29 * * * * * *          | 2026-03-14T10:15:29.999Z | true
            0-29 * * * * * *          | 2026-03-14T10:15:30Z     | false
            30 15 10 14 3 * 2026      | 2026-03-14T10:15:30Z     | true
            30 15 10 14 3 * 2026      | 2026-03-14T10:15:30.5Z   | true
            30 15 10 14 3 * 2026      | 2026-03-14T10:15:29Z     | false
            30 15 10 14 3 * 2026      | 2026-03-14T10:15:31Z     | false
            30 15 10 14 3 * 2026      | 2027-03-14T10:15:30Z     | false
            # steps and ranges
            */15 * * * * * *          | 2026-03-14T10:15:45Z     | true
            */15 * * * * * *          | 2026-03-14T10:15:44Z     | false
            0 0-30/10 8-17 * * 1-5 *  | 2026-03-16T08:20:00Z     | true
            0 0-30/10 8-17 * * 1-5 *  | 2026-03-16T08:25:00Z     | false
            0 0-30/10 8-17 * * 1-5 *  | 2026-03-16T08:40:00Z     | false
            0 0-30/10 8-17 * * 1-5 *  | 2026-03-16T18:20:00Z     | false
            0 0-30/10 8-17 * * 1-5 *  | 2026-03-14T08:20:00Z     | false
            * * * * 1-12/3 * *        | 2026-04-30T12:00:00Z     | true
            * * * * 1-12/3 * *        | 2026-05-01T12:00:00Z     | false
            * * * * * * 2027-2031/2   | 2027-06-01T00:00:00Z     | true
            * * * * * * 2027-2031/2   | 2028-06-01T00:00:00Z     | false
            * * * * * * 2027-2031/2   | 2031-12-31T23:59:59Z     | true
            * * * * * * 2027-2031/2   | 2032-01-01T00:00:00Z     | false
            # month ends: days that do not exist never match, nothing rolls over
            * * * 31 * * *            | 2026-05-31T12:00:00Z     | true
            * * * 31 * * *            | 2026-04-30T12:00:00Z     | false
            * * * 31 * * *            | 2026-05-01T12:00:00Z     | false
            * * * 31 4 * *            | 2026-04-30T23:59:59Z     | false
            * * * 31 4 * *            | 2026-05-01T00:00:00Z     | false
            * * * 30 * * *            | 2026-04-30T23:59:59Z     | true
            * * * 29 2 * *            | 2028-02-29T00:00:00Z     | true
            * * * 29 2 * *            | 2000-02-29T12:00:00Z     | true
            * * * 29 2 * *            | 2026-02-28T12:00:00Z     | false
            * * * 29 2 * *            | 2026-03-01T00:00:00Z     | false
            * * * 29 2 * *            | 2100-03-01T00:00:00Z     | false
            * * * 28-31 2 * *         | 2100-02-28T23:59:59Z     | true
            * * * 28-31 2 * *         | 2100-03-01T00:00:00Z     | false
            # years the field cannot name
            * * * * * * *             | 1999-12-31T23:59:59Z     | false
            * * * * * * *             | 2000-01-01T00:00:00Z     | true
            * * * * * * *             | 9999-12-31T23:59:59Z     | true
            * * * * * * *             | +10000-01-01T00:00:00Z   | false
            * * * * * * *             | 1970-01-01T00:00:00Z     | false
            """)
    void matchesInUtcToTheSecond(String entry, String instant, boolean expected) {
        assertThat(matches(entry, instant)).isEqualTo(expected);
    }

    /**
     * Day of month and day of week (crontab): OR when both restrict the day, else AND (an unrestricted field then
     * adds nothing). A field starting with '*' or naming every value does not restrict. 0 is Sunday.
     */
    @ParameterizedTest(name = "''{0}'' on {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            # both restricted: Friday OR the 13th
            * * * 13 * 5 *   | 2026-03-13T12:00:00Z | true
            * * * 13 * 5 *   | 2026-03-20T12:00:00Z | true
            * * * 13 * 5 *   | 2026-04-13T12:00:00Z | true
            * * * 13 * 5 *   | 2026-03-16T12:00:00Z | false
            * * * 1,15 * 0 * | 2026-03-22T12:00:00Z | true
            * * * 1,15 * 0 * | 2026-04-15T12:00:00Z | true
            * * * 1,15 * 0 * | 2026-03-16T12:00:00Z | false
            # only the day of week restricts
            * * * * * 5 *    | 2026-03-20T12:00:00Z | true
            * * * * * 5 *    | 2026-04-13T12:00:00Z | false
            * * * * * 0 *    | 2026-03-15T12:00:00Z | true
            * * * * * 0 *    | 2026-03-14T12:00:00Z | false
            * * * * * 6 *    | 2026-03-14T12:00:00Z | true
            # only the day of month restricts
            * * * 13 * * *   | 2026-04-13T12:00:00Z | true
            * * * 13 * * *   | 2026-03-20T12:00:00Z | false
            # a day field starting with '*' does not restrict: AND (odd days that are Mondays)
            * * * */2 * 1 *  | 2026-03-09T12:00:00Z | true
            * * * */2 * 1 *  | 2026-03-16T12:00:00Z | false
            * * * */2 * 1 *  | 2026-03-17T12:00:00Z | false
            * * * 1 * */2 *  | 2026-03-01T12:00:00Z | true
            * * * 1 * */2 *  | 2026-05-01T12:00:00Z | false
            # a day field naming every value does not restrict: Mondays only
            * * * 1-31 * 1 * | 2026-03-16T12:00:00Z | true
            * * * 1-31 * 1 * | 2026-03-17T12:00:00Z | false
            * * * 13 * 0-6 * | 2026-03-13T12:00:00Z | true
            * * * 13 * 0-6 * | 2026-03-20T12:00:00Z | false
            # the month still applies to either day
            * * * 13 2 5 *   | 2026-03-13T12:00:00Z | false
            * * * 13 2 5 *   | 2026-02-13T12:00:00Z | true
            """)
    void combinesTheDayFieldsLikeCrontab(String entry, String instant, boolean expected) {
        assertThat(matches(entry, instant)).isEqualTo(expected);
    }

    @Test
    void aWindowAdmitsATimeInAnyOfItsEntries() {
        TimeWindows newYearsNight = new TimeWindows(List.of(
                ScheduleEntry.parse("* * 22-23 31 12 * *"), ScheduleEntry.parse("* * 0-1 1 1 * *")));
        assertThat(newYearsNight.admits(Instant.parse("2026-12-31T21:59:59Z"))).isFalse();
        assertThat(newYearsNight.admits(Instant.parse("2026-12-31T22:00:00Z"))).isTrue();
        assertThat(newYearsNight.admits(Instant.parse("2027-01-01T01:59:59Z"))).isTrue();
        assertThat(newYearsNight.admits(Instant.parse("2027-01-01T02:00:00Z"))).isFalse();
        assertThat(new TimeWindows(List.of()).admits(Instant.parse("2027-01-01T00:00:00Z"))).isFalse();
    }
}
