package io.bastion.security.acp;

import java.time.Instant;
import java.util.List;

/**
 * {@code actw}: the request time must fall in at least one of these schedule entries (TS-0003 7.1.3; matching rules,
 * including UTC and the day-of-month/day-of-week combination, in {@link ScheduleEntry}).
 */
public record TimeWindows(List<ScheduleEntry> entries) implements ContextCondition {
    public TimeWindows {
        entries = List.copyOf(entries);
    }

    /** {@code res_time}: some entry matches {@code requestTime}; no entry (never built by the parser) matches none. */
    boolean admits(Instant requestTime) {
        return admits(UtcTime.of(requestTime));
    }

    /** The same for a time already split into fields; null (a time no schedule can name) is admitted by none. */
    boolean admits(UtcTime time) {
        if (time == null) {
            return false;
        }
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).matches(time)) {
                return true;
            }
        }
        return false;
    }
}
