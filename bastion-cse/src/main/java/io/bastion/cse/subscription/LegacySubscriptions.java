package io.bastion.cse.subscription;

import com.fasterxml.jackson.databind.JsonNode;
import io.bastion.core.resource.ResourceTypes;
import io.bastion.cse.notification.NotificationContentType;
import io.bastion.cse.resource.StoredUpgrade;

/**
 * Gives subscriptions stored by earlier versions, which kept {@code nct} only when the subscriber gave it, the
 * {@code nct} this version stores for one created without it ({@link SubscriptionBehaviour#defaultContentType}):
 * notificationContentType has multiplicity 1 (TS-0001 table 9.6.8-2), so every subscription represents it.
 */
public final class LegacySubscriptions {
    /** The start-up upgrade of subscriptions stored without nct. */
    public static final StoredUpgrade UPGRADE = new StoredUpgrade(ResourceTypes.SUB,
            "stored subscription(s) had no notificationContentType (nct); now the default of TS-0001 table 9.6.8-4",
            s -> !s.attrs().has("nct"),
            a -> a.put("nct", defaultOf(a.get("enc")).code()));

    private LegacySubscriptions() {
    }

    private static NotificationContentType defaultOf(JsonNode enc) {
        try {
            return SubscriptionBehaviour.defaultContentType(SubscriptionBehaviour.eventTypes(enc));
        } catch (IllegalArgumentException e) {
            // an event type this version no longer knows: all attributes, the default of every type it raises
            return NotificationContentType.ALL_ATTRIBUTES;
        }
    }
}
