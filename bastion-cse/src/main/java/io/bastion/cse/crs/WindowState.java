package io.bastion.cse.crs;

import java.time.Duration;
import java.time.Instant;
import java.util.BitSet;

/**
 * The notifications one crossResourceSubscription holds in its current time window: which of its targets have
 * reported an event (one bit per target, so the state is bounded by the number of targets whatever the event rate).
 * Windows are worked out when a notification arrives, so no timer runs (TS-0004 7.5.1.2.18):
 * <ul>
 *   <li>PERIODICWINDOW: windows of {@code size} follow each other from the {@code anchor} (the creation, or the
 *   update that changed {@code twt} or {@code tws}: 7.4.58.2.1 d, 7.4.58.2.3) without overlapping; a notification in
 *   a later window than the held ones discards them ("a new time window shall be started when the current time window
 *   expires").</li>
 *   <li>SLIDINGWINDOW: a window starts with the first notification received (7.4.58.2.1 d) and lasts {@code size}; a
 *   notification after its end discards the held ones and starts the next window ("a new time window shall be
 *   started when the next notification is received").</li>
 * </ul>
 * When every target has reported within one window, {@link #offer} answers true: one cross-resource notification is
 * due, and the held notifications are used up, so that the next one needs every target again (for a sliding window,
 * "the current time window will be slid to become the next time window when a cross-resource notification is
 * generated", TS-0001 table 9.6.58-2). Thread-safe.
 */
final class WindowState {
    private final TimeWindow window;
    private final int targets;
    private final Instant anchor;
    private final BitSet seen;
    /** Start of the current window: for a periodic one its index from the anchor, for a sliding one its instant. */
    private long periodicIndex = -1;
    private Instant slidingStart;

    /**
     * @param targets how many targets must report (regular and subscription targets together)
     * @param anchor when the periodic windows start
     */
    WindowState(TimeWindow window, int targets, Instant anchor) {
        if (targets < 1) {
            throw new IllegalArgumentException("a cross-resource subscription has at least one target");
        }
        this.window = window;
        this.targets = targets;
        this.anchor = anchor;
        this.seen = new BitSet(targets);
    }

    TimeWindow window() {
        return window;
    }

    /**
     * Target {@code index} reported an event at {@code at}; true when every target has now reported within the
     * current window.
     */
    synchronized boolean offer(int index, Instant at) {
        if (index < 0 || index >= targets) {
            return false;
        }
        if (window.periodic()) {
            long k = Math.floorDiv(Duration.between(anchor, at).toNanos(), window.size().toNanos());
            if (k != periodicIndex) {
                seen.clear();
                periodicIndex = k;
            }
        } else if (slidingStart == null || !at.isBefore(slidingStart.plus(window.size()))) {
            seen.clear();
            slidingStart = at;
        }
        seen.set(index);
        if (seen.cardinality() < targets) {
            return false;
        }
        seen.clear();
        slidingStart = null; // the next notification starts the next sliding window
        return true;
    }
}
