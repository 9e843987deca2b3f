package io.bastion.cse.schedule;

import com.fasterxml.jackson.databind.JsonNode;
import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.resource.Resource;
import io.bastion.core.text.Excerpt;
import io.bastion.security.acp.ScheduleEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The time windows of one {@code <schedule>}: its {@code se} ({@code m2m:scheduleEntries}, {@code {"sce": [...]}},
 * TS-0004 6.3.5.11) parsed once with the parser the access control's time windows use ({@link ScheduleEntry}: seven
 * fields, UTC, to the second, TS-0004 table 7.4.9.1-4). A time is inside the schedule when any entry matches it.
 *
 * @param ri the schedule's resource ID
 * @param entries at least one
 * @param expiry when the schedule expires (it constrains nothing after that), or null
 */
public record Schedule(String ri, List<ScheduleEntry> entries, Instant expiry) {
    /** Entries one schedule may have: far more than a reachability pattern needs; bounds the work of a check. */
    public static final int MAX_ENTRIES = 64;

    public Schedule {
        entries = List.copyOf(entries);
    }

    /** The schedule a stored {@code <schedule>} describes. */
    public static Schedule of(Resource r) {
        return new Schedule(r.ri(), entries(r.get("se")), r.expiry());
    }

    /**
     * The entries of an {@code se} value: an object with {@code sce}, a list of 1 to {@link #MAX_ENTRIES} schedule
     * entries ("shall not be blank", TS-0004 table 7.4.9.1-3).
     *
     * @throws OneM2MException 4000 naming the member or entry that is wrong, e.g. {@code se.sce[1]: hour field: ...}
     */
    public static List<ScheduleEntry> entries(JsonNode se) {
        if (se == null || !se.isObject()) {
            throw OneM2MException.badRequest("scheduleElement (se) must be an m2m:scheduleEntries object {\"sce\": "
                    + "[...]}");
        }
        for (Iterator<String> it = se.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!f.equals("sce")) {
                throw OneM2MException.badRequest("se." + Excerpt.of(f) + " is not a member of m2m:scheduleEntries "
                        + "(only sce)");
            }
        }
        JsonNode sce = se.get("sce");
        if (sce == null || !sce.isArray() || sce.isEmpty()) {
            throw OneM2MException.badRequest("se.sce must list at least one schedule entry");
        }
        return entryList(sce, "se.sce", MAX_ENTRIES);
    }

    /**
     * A JSON list of at most {@code max} schedule entries ({@code m2m:scheduleEntry} strings), as any attribute
     * holding them is read ({@code se.sce}, a policyDeletionRules' {@code dr.tod}).
     *
     * @throws OneM2MException 4000 naming {@code where} or the entry, e.g. {@code dr.tod[2]: minute field: ...}
     */
    public static List<ScheduleEntry> entryList(JsonNode list, String where, int max) {
        if (!list.isArray() || list.size() > max) {
            throw OneM2MException.badRequest(where + " must be a list of at most " + max + " schedule entries");
        }
        List<ScheduleEntry> out = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            JsonNode e = list.get(i);
            if (!e.isTextual()) {
                throw OneM2MException.badRequest(where + "[" + i + "] must be a schedule entry string");
            }
            try {
                out.add(ScheduleEntry.parse(e.textValue()));
            } catch (IllegalArgumentException ex) {
                throw OneM2MException.badRequest(where + "[" + i + "]: " + ex.getMessage());
            }
        }
        return out;
    }

    /** Whether the schedule no longer counts at {@code t}: it expired (and is about to be reclaimed). */
    boolean expiredAt(Instant t) {
        return expiry != null && !t.isBefore(expiry);
    }

    /** Whether {@code t} (read in UTC, to the second) falls in one of the entries. */
    public boolean admits(Instant t) {
        for (ScheduleEntry e : entries) {
            if (e.matches(t)) {
                return true;
            }
        }
        return false;
    }

    /** The first second at or after {@code t} inside the schedule, or null when none comes before {@code limit}. */
    public Instant next(Instant t, Instant limit) {
        Instant best = null;
        for (ScheduleEntry e : entries) {
            Instant n = e.next(t, best == null ? limit : best);
            if (n != null && (best == null || n.isBefore(best))) {
                best = n;
            }
        }
        return best;
    }
}
