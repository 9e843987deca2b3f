package io.bastion.cse.notification;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * What one subscription learned about one event: the input of {@link Notifications#event}.
 *
 * @param subscriptionRef {@code sur}: the address of the {@code <subscription>} that fired
 * @param type {@code net}: what happened
 * @param contentType the subscription's {@code nct}, deciding what {@code rep} holds
 * @param resource the affected resource in its wrapped form, e.g. {@code {"m2m:cin":{...}}} (for a child event, the
 *        child); for trigger payload / time series content, the ready {@code m2m:tgp} / {@code m2m:tsn} object
 * @param modifiedAttributes for {@code nct=2}: short names of the attributes the request changed; null means all
 * @param resourceId for {@code nct=3}: the address to send; null means the {@code ri} found in {@code resource}
 * @param creator {@code cr}: the subscription's creator attribute, included when the subscription has one
 *        (TS-0001 10.2.10.7), else null
 * @param eventCategory {@code ec} of the NOTIFY: the subscription's {@code nec}, or {@link EventCategory#LATEST}
 *        when it has {@code ln=true}; null for none
 */
public record NotificationEvent(String subscriptionRef, NotificationEventType type, NotificationContentType contentType,
                                JsonNode resource, Set<String> modifiedAttributes, String resourceId, String creator,
                                String eventCategory) {

    public NotificationEvent {
        Objects.requireNonNull(subscriptionRef, "subscriptionRef");
        Objects.requireNonNull(type, "type");
        contentType = contentType == null ? NotificationContentType.ALL_ATTRIBUTES : contentType;
        modifiedAttributes = modifiedAttributes == null ? null : Set.copyOf(modifiedAttributes);
    }

    /** An event with all attributes as content ({@code nct=1}, the default of TS-0001 table 9.6.8-4). */
    public static NotificationEvent of(String subscriptionRef, NotificationEventType type, JsonNode resource) {
        return new NotificationEvent(subscriptionRef, type, NotificationContentType.ALL_ATTRIBUTES, resource, null,
                null, null, null);
    }

    public NotificationEvent withContentType(NotificationContentType nct) {
        return new NotificationEvent(subscriptionRef, type, nct, resource, modifiedAttributes, resourceId, creator,
                eventCategory);
    }

    public NotificationEvent withModifiedAttributes(Set<String> names) {
        return new NotificationEvent(subscriptionRef, type, contentType, resource, names, resourceId, creator,
                eventCategory);
    }

    /** The attribute names of an update's changed-attributes object (e.g. a {@code ResourceEvent}'s modified). */
    public NotificationEvent withModifiedAttributes(ObjectNode modified) {
        Set<String> names = new HashSet<>();
        if (modified != null) {
            modified.fieldNames().forEachRemaining(names::add);
        }
        return withModifiedAttributes(modified == null ? null : names);
    }

    public NotificationEvent withResourceId(String id) {
        return new NotificationEvent(subscriptionRef, type, contentType, resource, modifiedAttributes, id, creator,
                eventCategory);
    }

    public NotificationEvent withCreator(String cr) {
        return new NotificationEvent(subscriptionRef, type, contentType, resource, modifiedAttributes, resourceId, cr,
                eventCategory);
    }

    public NotificationEvent withEventCategory(String ec) {
        return new NotificationEvent(subscriptionRef, type, contentType, resource, modifiedAttributes, resourceId,
                creator, ec);
    }
}
