package io.bastion.cse.notification;

/** {@code m2m:notificationContentType} (TS-0004 table 6.3.4.2.18-1): what the {@code rep} of a notification holds. */
public enum NotificationContentType {
    ALL_ATTRIBUTES(1),
    MODIFIED_ATTRIBUTES(2),
    RESOURCE_ID(3),
    TRIGGER_PAYLOAD(4),
    TIME_SERIES_NOTIFICATION(5);

    private final int code;

    NotificationContentType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static NotificationContentType fromCode(int code) {
        for (NotificationContentType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown notificationContentType " + code);
    }
}
