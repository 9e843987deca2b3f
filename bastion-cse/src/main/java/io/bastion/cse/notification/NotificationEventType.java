package io.bastion.cse.notification;

import static io.bastion.cse.notification.NotificationContentType.ALL_ATTRIBUTES;
import static io.bastion.cse.notification.NotificationContentType.MODIFIED_ATTRIBUTES;
import static io.bastion.cse.notification.NotificationContentType.RESOURCE_ID;
import static io.bastion.cse.notification.NotificationContentType.TIME_SERIES_NOTIFICATION;
import static io.bastion.cse.notification.NotificationContentType.TRIGGER_PAYLOAD;

import java.util.EnumSet;
import java.util.Set;

/**
 * {@code m2m:notificationEventType} (TS-0004 table 6.3.4.2.19-1): the {@code net} of a notification event, with the
 * content types allowed for it and its default (TS-0001 table 9.6.8-4, columns A to H in this order).
 */
public enum NotificationEventType {
    UPDATE_OF_RESOURCE(1, ALL_ATTRIBUTES, EnumSet.of(MODIFIED_ATTRIBUTES, ALL_ATTRIBUTES, RESOURCE_ID)),
    DELETE_OF_RESOURCE(2, ALL_ATTRIBUTES, EnumSet.of(ALL_ATTRIBUTES, RESOURCE_ID)),
    CREATE_OF_DIRECT_CHILD_RESOURCE(3, ALL_ATTRIBUTES, EnumSet.of(ALL_ATTRIBUTES, RESOURCE_ID)),
    DELETE_OF_DIRECT_CHILD_RESOURCE(4, ALL_ATTRIBUTES, EnumSet.of(ALL_ATTRIBUTES, RESOURCE_ID)),
    RETRIEVE_OF_CONTAINER_RESOURCE_WITH_NO_CHILD_RESOURCE(5, ALL_ATTRIBUTES, EnumSet.of(ALL_ATTRIBUTES, RESOURCE_ID)),
    TRIGGER_RECEIVED_FOR_AE_RESOURCE(6, TRIGGER_PAYLOAD, EnumSet.of(TRIGGER_PAYLOAD)),
    BLOCKING_UPDATE(7, MODIFIED_ATTRIBUTES, EnumSet.of(MODIFIED_ATTRIBUTES)),
    REPORT_ON_MISSING_DATA_POINTS(8, TIME_SERIES_NOTIFICATION, EnumSet.of(TIME_SERIES_NOTIFICATION));

    private final int code;
    private final NotificationContentType defaultContentType;
    private final Set<NotificationContentType> allowedContentTypes;

    NotificationEventType(int code, NotificationContentType defaultContentType,
                          Set<NotificationContentType> allowedContentTypes) {
        this.code = code;
        this.defaultContentType = defaultContentType;
        this.allowedContentTypes = Set.copyOf(allowedContentTypes);
    }

    public int code() {
        return code;
    }

    /** The {@code nct} a subscription gets for this event type when it gives none (TS-0004 7.4.8.2.1 Recv-6.5). */
    public NotificationContentType defaultContentType() {
        return defaultContentType;
    }

    /** Whether a subscription for this event type may ask for {@code nct} (TS-0004 7.4.8.2.1 and 7.4.8.2.3). */
    public boolean allows(NotificationContentType nct) {
        return allowedContentTypes.contains(nct);
    }

    /** Creation or deletion of a direct child: the only events {@code childResourceType} applies to. */
    public boolean isChildEvent() {
        return this == CREATE_OF_DIRECT_CHILD_RESOURCE || this == DELETE_OF_DIRECT_CHILD_RESOURCE;
    }

    public static NotificationEventType fromCode(int code) {
        for (NotificationEventType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown notificationEventType " + code);
    }
}
