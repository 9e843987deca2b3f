package io.bastion.cse.notification;

/** {@code m2m:notificationEventType} (TS-0004 table 6.3.4.2.19-1): the {@code net} of a notification event. */
public enum NotificationEventType {
    UPDATE_OF_RESOURCE(1),
    DELETE_OF_RESOURCE(2),
    CREATE_OF_DIRECT_CHILD_RESOURCE(3),
    DELETE_OF_DIRECT_CHILD_RESOURCE(4),
    RETRIEVE_OF_CONTAINER_RESOURCE_WITH_NO_CHILD_RESOURCE(5),
    TRIGGER_RECEIVED_FOR_AE_RESOURCE(6),
    BLOCKING_UPDATE(7),
    REPORT_ON_MISSING_DATA_POINTS(8);

    private final int code;

    NotificationEventType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
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
