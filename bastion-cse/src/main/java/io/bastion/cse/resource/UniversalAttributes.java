package io.bastion.cse.resource;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bastion.core.time.Timestamps;
import java.time.Instant;

/**
 * The universal attributes (TS-0001 9.6.1.3) of a resource this CSE makes itself rather than through a request's
 * CREATE (a {@code <request>}, the local {@code <remoteCSE>} of the registrar, a flexContainerInstance, the container of
 * a location policy, the subscriptions of a crossResourceSubscription, the CSEBase), written in one place.
 */
public final class UniversalAttributes {
    private UniversalAttributes() {
    }

    /**
     * Puts {@code ty}, {@code ri}, {@code rn}, {@code pi}, {@code ct} and {@code lt} (both {@code now}) and, when
     * {@code et} is not null, {@code et} into {@code into}, and answers it.
     */
    public static ObjectNode put(ObjectNode into, int ty, String ri, String rn, String pi, Instant now, Instant et) {
        String ts = Timestamps.format(now);
        into.put("ty", ty).put("ri", ri).put("rn", rn).put("pi", pi).put("ct", ts).put("lt", ts);
        if (et != null) {
            into.put("et", Timestamps.format(et));
        }
        return into;
    }
}
