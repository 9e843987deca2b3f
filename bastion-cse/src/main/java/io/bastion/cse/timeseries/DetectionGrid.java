package io.bastion.cse.timeseries;

import io.bastion.core.resource.Resource;
import io.bastion.core.time.AbsRelTimestamp;
import java.time.Duration;
import java.time.Instant;

/**
 * When a timeSeries expects its data (TS-0001 10.2.4.29): the N-th expected dataGenerationTime is the anchor plus
 * N × {@code pei}, an instance counts for it when its dgt lies within ± {@code peid}, and it is missing when none
 * does at the detection time, expected + {@code mdt}.
 *
 * @param anchor the dgt the expectations count from
 * @param pei the periodic interval
 * @param peid the tolerance either side
 * @param mdt how long after an expected time it is checked
 */
record DetectionGrid(Instant anchor, Duration pei, Duration peid, Duration mdt) {

    /** The grid of a timeSeries, or null when it has no {@code pei} or {@code mdt}. */
    static DetectionGrid of(Resource ts, Instant anchor) {
        if (ts.get("pei") == null || ts.get("mdt") == null) {
            return null;
        }
        return new DetectionGrid(anchor, Duration.ofMillis(ts.getLong("pei", 1)),
                Duration.ofMillis(ts.getLong("peid", 0)), Duration.ofMillis(ts.getLong("mdt", 1)));
    }

    Instant expected(long n) {
        return anchor.plus(pei.multipliedBy(n));
    }

    Instant detectionTime(long n) {
        return expected(n).plus(mdt);
    }

    /** The lowest and highest sibling keys of the instances that count for the n-th expected time. */
    String lowKey(long n) {
        return AbsRelTimestamp.keyOf(expected(n).minus(peid));
    }

    String highKey(long n) {
        return AbsRelTimestamp.keyOf(expected(n).plus(peid));
    }

    /** The first n ≥ 1 whose expected time is after {@code t}. */
    long firstAfter(Instant t) {
        if (t.isBefore(anchor)) {
            return 1;
        }
        long n = Duration.between(anchor, t).dividedBy(pei) + 1;
        return Math.max(1, n);
    }

    /** The last n whose detection time is at or before {@code now} (0 when none is). */
    long lastDue(Instant now) {
        Instant first = detectionTime(0);
        if (now.isBefore(first)) {
            return -1;
        }
        return Duration.between(first, now).dividedBy(pei);
    }
}
