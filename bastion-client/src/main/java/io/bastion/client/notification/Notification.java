package io.bastion.client.notification;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One notification a CSE sent to a {@link NotificationReceiver} ({@code m2m:sgn}, TS-0004 7.5.1.2.2): an event on a
 * subscribed-to resource, or the notice that a subscription was deleted. Verification requests never reach the
 * application: the receiver answers them itself.
 *
 * @param originator the {@code X-M2M-Origin} of the NOTIFY (the CSE that sent it)
 * @param rqi its request identifier
 * @param sgn the notification, {@code m2m:sgn}'s value
 */
public record Notification(String originator, String rqi, JsonNode sgn) {

    /** The subscription this notification is for ({@code sur}). */
    public String subscription() {
        return sgn.path("sur").asText(null);
    }

    /** Whether it says the subscription was deleted ({@code sud}): no more notifications come from it. */
    public boolean isDeletionNotice() {
        return sgn.path("sud").asBoolean(false);
    }

    /**
     * The notification event type ({@code nev.net}): 1 update of the resource, 2 its deletion, 3 a child created,
     * 4 a child deleted (TS-0004 6.3.4.2.20); -1 when the notification carries no event.
     */
    public int eventType() {
        return sgn.path("nev").path("net").asInt(-1);
    }

    /** The representation of the event ({@code nev.rep}), e.g. {@code {"m2m:cin": {...}}}; a missing node if none. */
    public JsonNode representation() {
        return sgn.path("nev").path("rep");
    }
}
