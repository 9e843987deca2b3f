package io.bastion.cse.schedule;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.primitive.ResponseStatusCode;
import io.bastion.core.resource.Resource;
import io.bastion.core.resource.ResourceType;
import io.bastion.core.resource.ResourceTypes;
import io.bastion.core.text.Excerpt;
import io.bastion.cse.request.RequestContext;
import io.bastion.cse.resource.CreateContext;
import io.bastion.cse.resource.TypeBehaviour;
import io.bastion.store.ResourceStore;
import io.bastion.store.WriteBatch;

/**
 * {@code <schedule>} (TS-0001 9.6.9, TS-0004 7.4.9): {@code se} must hold valid schedule entries (4000 naming the entry,
 * {@link Schedule#entries}); {@code nco} only under a {@code <node>} (TS-0004 7.4.9.2.1 and 7.4.9.2.3 Recv-6.5:
 * 4102 CONTENTS_UNACCEPTABLE elsewhere). Under a subscription the schedule is its notificationSchedule, the one child
 * name TS-0004 table 7.4.8.1-4 gives it: created without {@code rn} it takes that name, any other name is 4000; one per
 * subscription and one under the CSEBase (the descriptor's placement, 4105 for a second).
 */
public final class ScheduleBehaviour implements TypeBehaviour {
    /** The child resource name of a subscription's schedule (TS-0004 table 7.4.8.1-4). */
    public static final String NOTIFICATION_SCHEDULE = "notificationSchedule";

    private final ResourceStore store;

    public ScheduleBehaviour(ResourceStore store) {
        this.store = store;
    }

    @Override
    public ResourceType type() {
        return ResourceTypes.get(ResourceTypes.SCH);
    }

    @Override
    public void beforeCreate(CreateContext c) {
        Schedule.entries(c.attrs.get("se"));
        requireNodeFor(c.attrs, c.parent);
        if (c.parent.ty() == ResourceTypes.SUB) {
            JsonNode rn = c.attrs.get("rn");
            if (rn == null) {
                c.attrs.put("rn", NOTIFICATION_SCHEDULE);
            } else if (!NOTIFICATION_SCHEDULE.equals(rn.asText())) {
                throw OneM2MException.badRequest("the schedule of a subscription is its notificationSchedule: rn must "
                        + "be " + NOTIFICATION_SCHEDULE + ", not " + Excerpt.of(rn.asText()));
            }
        }
    }

    @Override
    public void beforeUpdate(RequestContext x, Resource current, ObjectNode changes, ObjectNode merged,
                             WriteBatch batch) {
        if (changes.has("se")) {
            Schedule.entries(changes.get("se"));
        }
        if (changes.hasNonNull("nco")) {
            Resource parent = (x.target() == null ? java.util.Optional.<Resource>empty() : x.target().parentOf(current))
                    .or(() -> store.get(current.pi()))
                    .orElseThrow(() -> OneM2MException.notFound("the schedule's parent no longer exists"));
            requireNodeFor(changes, parent);
        }
    }

    private static void requireNodeFor(ObjectNode attrs, Resource parent) {
        if (attrs.hasNonNull("nco") && parent.ty() != ResourceTypes.NODE) {
            throw new OneM2MException(ResponseStatusCode.CONTENTS_UNACCEPTABLE, "networkCoordinated (nco) applies "
                    + "only to the schedule of a <node>");
        }
    }
}
