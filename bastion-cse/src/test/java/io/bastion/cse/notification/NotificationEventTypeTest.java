package io.bastion.cse.notification;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** TS-0001 table 9.6.8-4, row by row: which notificationContentType each notificationEventType allows. */
class NotificationEventTypeTest {

    @ParameterizedTest(name = "net {0}: nct 1 {1}, 2 {2}, 3 {3}, 4 {4}, 5 {5}; default {6}")
    @CsvSource({
            // net, all, modified, resourceID, trigger payload, time series, default
            "1, true, true, true, false, false, 1",
            "2, true, false, true, false, false, 1",
            "3, true, false, true, false, false, 1",
            "4, true, false, true, false, false, 1",
            "5, true, false, true, false, false, 1",
            "6, false, false, false, true, false, 4",
            "7, false, true, false, false, false, 2",
            "8, false, false, false, false, true, 5"})
    void allowedAndDefaultContentTypesFollowTable968_4(int net, boolean all, boolean modified, boolean id,
                                                      boolean trigger, boolean series, int dflt) {
        NotificationEventType t = NotificationEventType.fromCode(net);
        assertThat(t.allows(NotificationContentType.ALL_ATTRIBUTES)).isEqualTo(all);
        assertThat(t.allows(NotificationContentType.MODIFIED_ATTRIBUTES)).isEqualTo(modified);
        assertThat(t.allows(NotificationContentType.RESOURCE_ID)).isEqualTo(id);
        assertThat(t.allows(NotificationContentType.TRIGGER_PAYLOAD)).isEqualTo(trigger);
        assertThat(t.allows(NotificationContentType.TIME_SERIES_NOTIFICATION)).isEqualTo(series);
        assertThat(t.defaultContentType().code()).isEqualTo(dflt);
        assertThat(t.allows(t.defaultContentType())).isTrue();
        assertThat(t.isChildEvent()).isEqualTo(net == 3 || net == 4);
    }
}
