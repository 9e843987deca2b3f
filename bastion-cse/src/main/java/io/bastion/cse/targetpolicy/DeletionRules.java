package io.bastion.cse.targetpolicy;

import com.fasterxml.jackson.databind.JsonNode;
import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.primitive.ResponseStatusCode;
import io.bastion.core.resource.Resource;
import io.bastion.core.text.Excerpt;
import io.bastion.cse.schedule.Schedule;
import io.bastion.security.acp.ScheduleEntry;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;

/**
 * The rules of one {@code <policyDeletionRules>}: its {@code dr} ({@code m2m:deletionContexts}, TS-0004 6.3.5.37) and
 * {@code drr} (1 AND, 2 OR; OR when absent, TS-0004 table 7.4.32.1-3). A time-of-day rule ({@code tod}, schedule
 * entries read as the schedules and the access control's time windows are) is met when the removal request's time
 * falls in one of its entries. Location rules ({@code lr}) need the notification target's location, which this CSE does
 * not establish for this purpose: they are refused on create (5001) rather than evaluated as if known. Without any rule
 * a policyDeletionRules is met.
 *
 * With {@code tod} the only kind of rule evaluated, {@code drr} (how rules of different kinds combine) is stored and
 * changes no outcome.
 *
 * @param timeOfDay the entries of {@code tod}; empty when the rule is absent
 */
public record DeletionRules(List<ScheduleEntry> timeOfDay) {
    /** Entries of {@code tod} one rule set may have. */
    static final int MAX_ENTRIES = 64;

    public DeletionRules {
        timeOfDay = List.copyOf(timeOfDay);
    }

    /** The rules of a stored policyDeletionRules. */
    static DeletionRules of(Resource pdr) {
        return new DeletionRules(timeOfDay(pdr.get("dr")));
    }

    /**
     * The entries of a {@code dr} value, checked: only {@code tod} and {@code lr}, {@code tod} a list of schedule
     * entries (4000 naming the entry), {@code lr} 5001.
     */
    static List<ScheduleEntry> timeOfDay(JsonNode dr) {
        if (dr == null) {
            return List.of();
        }
        if (!dr.isObject()) {
            throw OneM2MException.badRequest("deletionRules (dr) must be an m2m:deletionContexts object");
        }
        for (Iterator<String> it = dr.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (f.equals("lr")) {
                throw new OneM2MException(ResponseStatusCode.NOT_IMPLEMENTED, "dr.lr (locationRegions) is not "
                        + "implemented: this CSE does not establish a notification target's location");
            }
            if (!f.equals("tod")) {
                throw OneM2MException.badRequest("dr." + Excerpt.of(f) + " is not a member of m2m:deletionContexts "
                        + "(tod, lr)");
            }
        }
        return Schedule.entryList(dr.get("tod"), "dr.tod", MAX_ENTRIES);
    }

    /** Whether the rules are met at {@code t}, the time the removal was asked for. */
    boolean met(Instant t) {
        if (timeOfDay.isEmpty()) {
            return true;
        }
        for (ScheduleEntry e : timeOfDay) {
            if (e.matches(t)) {
                return true;
            }
        }
        return false;
    }
}
