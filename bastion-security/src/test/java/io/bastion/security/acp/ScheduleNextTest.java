package io.bastion.security.acp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link ScheduleEntry#next}: the first matching second at or after a time, in UTC (TS-0004 table 7.4.9.1-4). */
class ScheduleNextTest {
    private static final Instant FAR = Instant.parse("2040-01-01T00:00:00Z");

    @ParameterizedTest
    @CsvSource({
        // TS-0004 7.4.9.1 example 1: 2:00-2:05, 6:00-6:05, 10:00-10:05 every day
        "'* 0-5 2,6,10 * * * *', 2026-03-01T02:03:10Z, 2026-03-01T02:03:10Z",
        "'* 0-5 2,6,10 * * * *', 2026-03-01T02:06:00Z, 2026-03-01T06:00:00Z",
        "'* 0-5 2,6,10 * * * *', 2026-03-01T10:05:59.900Z, 2026-03-01T10:05:59Z",
        "'* 0-5 2,6,10 * * * *', 2026-03-01T10:06:00Z, 2026-03-02T02:00:00Z",
        // example 2: 8:00 to 20:59 every day
        "'* * 8-20 * * * *', 2026-03-01T21:00:00Z, 2026-03-02T08:00:00Z",
        // example 4: Sundays, Tuesdays, Thursdays, Saturdays (2026-03-02 is a Monday)
        "'* * * * * */2 *', 2026-03-02T12:00:00Z, 2026-03-03T00:00:00Z",
        // the last day of a month that has one, across a year
        "'0 0 0 31 * * *', 2026-11-01T00:00:00Z, 2026-12-31T00:00:00Z",
        "'0 0 0 29 2 * *', 2026-03-01T00:00:00Z, 2028-02-29T00:00:00Z",
        // both day fields restricted: either matches (crontab)
        "'0 0 12 1 * 0 *', 2026-03-02T00:00:00Z, 2026-03-08T12:00:00Z",
        // a year ahead
        "'30 15 9 1 1 * 2031', 2026-03-01T00:00:00Z, 2031-01-01T09:15:30Z",
    })
    void findsTheNextMatchingSecond(String entry, String from, String expected) {
        assertThat(ScheduleEntry.parse(entry).next(Instant.parse(from), FAR)).isEqualTo(Instant.parse(expected));
    }

    @Test
    void answersNullWhenNoSecondMatchesBeforeTheLimit() {
        assertThat(ScheduleEntry.parse("* * * 31 2 * *").next(Instant.parse("2026-01-01T00:00:00Z"), FAR)).isNull();
        assertThat(ScheduleEntry.parse("* * * * * * 2045").next(Instant.parse("2026-01-01T00:00:00Z"), FAR))
                .isNull();
        assertThat(ScheduleEntry.parse("* * * * * * 2020").next(Instant.parse("2026-01-01T00:00:00Z"), FAR))
                .isNull();
    }

    /** Against a second-by-second scan with {@link ScheduleEntry#matches}, for random entries over two days. */
    @Test
    void agreesWithMatchingEverySecond() {
        Random random = new Random(12);
        String[][] choices = {
            {"*", "0-9", "*/20", "30", "5,40-45"},
            {"*", "0-4", "*/15", "59", "10,20-21"},
            {"*", "0-3", "*/6", "13", "8-9,22"},
            {"*", "1", "15-17", "31", "*/10"},
            {"*", "3", "2-4", "*/5"},
            {"*", "1", "0", "2-5", "*/3"},
            {"*", "2026", "2026-2027"}};
        Instant from = Instant.parse("2026-03-01T00:00:00Z");
        for (int n = 0; n < 40; n++) {
            StringBuilder text = new StringBuilder();
            for (String[] field : choices) {
                text.append(text.isEmpty() ? "" : " ").append(field[random.nextInt(field.length)]);
            }
            ScheduleEntry e = ScheduleEntry.parse(text.toString());
            Instant start = from.plusSeconds(random.nextInt(86_400));
            Instant limit = start.plus(Duration.ofDays(2));
            Instant expected = null;
            for (Instant t = start; !t.isAfter(limit); t = t.plusSeconds(1)) {
                if (e.matches(t)) {
                    expected = t;
                    break;
                }
            }
            assertThat(e.next(start, limit)).as("%s from %s", text, start).isEqualTo(expected);
        }
    }
}
