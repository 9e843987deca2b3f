package io.bastion.cse.crs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.bastion.core.primitive.OneM2MException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The time windows of TS-0004 7.5.1.2.18 and the reading of twt and tws. */
class WindowStateTest {
    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    static final TimeWindow PERIODIC = new TimeWindow(true, Duration.ofSeconds(10));
    static final TimeWindow SLIDING = new TimeWindow(false, Duration.ofSeconds(10));

    static Instant at(double seconds) {
        return T0.plusMillis((long) (seconds * 1000));
    }

    @Test
    void periodicWindowsFollowEachOtherFromTheAnchor() {
        WindowState w = new WindowState(PERIODIC, 2, T0);
        assertThat(w.offer(0, at(1))).isFalse();
        assertThat(w.offer(0, at(2))).as("the same target twice is still one").isFalse();
        assertThat(w.offer(1, at(9.999))).as("both within [0 s, 10 s)").isTrue();
        assertThat(w.offer(1, at(9.9995))).as("the notification used up what was held: both again").isFalse();
        assertThat(w.offer(0, at(10.5))).as("the one held from [0 s, 10 s) is discarded").isFalse();
        assertThat(w.offer(0, at(12))).isFalse();
        assertThat(w.offer(1, at(19))).as("both in [10 s, 20 s)").isTrue();
    }

    @Test
    void periodicWindowsDiscardWhatAnEarlierWindowHeld() {
        WindowState w = new WindowState(PERIODIC, 2, T0);
        assertThat(w.offer(0, at(8))).isFalse();
        assertThat(w.offer(1, at(12))).as("4 s apart, but across the boundary at 10 s").isFalse();
        assertThat(w.offer(0, at(15))).as("both in [10 s, 20 s)").isTrue();
    }

    @Test
    void slidingWindowsStartWithTheFirstNotification() {
        WindowState w = new WindowState(SLIDING, 2, T0);
        assertThat(w.offer(0, at(8))).isFalse();
        assertThat(w.offer(1, at(12))).as("the window opened at 8 s runs to 18 s").isTrue();
        assertThat(w.offer(0, at(20))).isFalse();
        assertThat(w.offer(1, at(30))).as("the window of 20 s ended at 30 s: 30 s opens the next").isFalse();
        assertThat(w.offer(0, at(39.9))).isTrue();
    }

    @Test
    void aNotificationOfNoTargetCountsForNothing() {
        WindowState w = new WindowState(SLIDING, 1, T0);
        assertThat(w.offer(1, at(1))).isFalse();
        assertThat(w.offer(-1, at(1))).isFalse();
        assertThat(w.offer(0, at(1))).isTrue();
    }

    @Test
    void twtAndTwsAreReadOrRefusedNamingThem() {
        assertThat(TimeWindow.of(IntNode.valueOf(1), TextNode.valueOf("PT10S"))).isEqualTo(PERIODIC);
        assertThat(TimeWindow.of(IntNode.valueOf(2), TextNode.valueOf("PT10S"))).isEqualTo(SLIDING);
        assertThatThrownBy(() -> TimeWindow.of(IntNode.valueOf(3), TextNode.valueOf("PT10S")))
                .isInstanceOf(OneM2MException.class).hasMessageContaining("twt");
        assertThatThrownBy(() -> TimeWindow.of(TextNode.valueOf("1"), TextNode.valueOf("PT10S")))
                .hasMessageContaining("twt");
        assertThatThrownBy(() -> TimeWindow.of(IntNode.valueOf(1), TextNode.valueOf("10")))
                .hasMessageContaining("tws");
        assertThatThrownBy(() -> TimeWindow.of(IntNode.valueOf(1), IntNode.valueOf(10))).hasMessageContaining("tws");
        assertThatThrownBy(() -> TimeWindow.of(IntNode.valueOf(1), TextNode.valueOf("PT0S")))
                .hasMessageContaining("tws");
        assertThatThrownBy(() -> TimeWindow.of(IntNode.valueOf(1), TextNode.valueOf("P2D")))
                .hasMessageContaining("tws").hasMessageContaining("maximum");
    }
}
