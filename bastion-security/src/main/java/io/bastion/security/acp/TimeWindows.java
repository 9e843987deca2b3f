package io.bastion.security.acp;

import java.util.List;

/** {@code actw}: the request time must fall in at least one of these schedule entries (TS-0003 7.1.3). */
public record TimeWindows(List<ScheduleEntry> entries) implements ContextCondition {
    public TimeWindows {
        entries = List.copyOf(entries);
    }
}
