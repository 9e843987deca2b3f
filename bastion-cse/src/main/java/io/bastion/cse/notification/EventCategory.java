package io.bastion.cse.notification;

import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.resource.ValueFormats;
import io.bastion.core.text.Excerpt;

/**
 * The standard Event Category ({@code ec}) values of {@code m2m:stdEventCats} (TS-0004 table 6.3.4.2.4-1), as the
 * strings {@link io.bastion.core.primitive.Request#ec()} carries. User-defined categories are 100-999.
 */
public final class EventCategory {
    public static final String IMMEDIATE = "2";
    public static final String BEST_EFFORT = "3";
    /** Set on notifications of a subscription with {@code ln=true} (TS-0004 7.5.1.2.2 step 2.3). */
    public static final String LATEST = "4";

    private EventCategory() {
    }

    /**
     * Checks the Event Category parameter of a request ({@code m2m:eventCat}, TS-0004 table 6.3.3-1): one of
     * {@code m2m:stdEventCats} (2, 3, 4; table 6.3.4.2.4-1) or a user-defined category 100-999, written as a decimal
     * integer. The request carries it on as given (a forwarded NOTIFY keeps it).
     *
     * @throws OneM2MException 4000 naming {@code ec} otherwise
     */
    public static void check(String ec) {
        boolean digits = !ec.isEmpty() && ec.length() <= 3;
        for (int i = 0; digits && i < ec.length(); i++) {
            digits = ec.charAt(i) >= '0' && ec.charAt(i) <= '9';
        }
        if (!digits || !ValueFormats.isEventCat(Integer.parseInt(ec))) {
            throw OneM2MException.badRequest("event category (ec) must be 2, 3, 4 or 100-999, got '"
                    + Excerpt.of(ec) + "'");
        }
    }
}
