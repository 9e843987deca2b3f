package io.bastion.cse.subscription;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NotificationTargetCheckTest {

    @Test
    void aNotificationTargetIsNamedAsTheSubscriberGaveItAndCut() {
        assertThat(NotificationTargetCheck.refusal("Cquiet")).isEqualTo("NOTIFY to notification target Cquiet "
                + "refused: the subscriber has no NOTIFY privilege on it");
        assertThat(NotificationTargetCheck.refusal("x".repeat(500) + "\n")).hasSizeLessThan(200).doesNotContain("\n");
    }
}
