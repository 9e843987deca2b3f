package io.bastion.cse.notification;

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
}
