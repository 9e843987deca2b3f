package io.bastion.cse.crs;

import com.fasterxml.jackson.databind.JsonNode;
import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.text.Excerpt;
import java.time.Duration;
import java.time.format.DateTimeParseException;

/**
 * A crossResourceSubscription's time window: its type {@code twt} (m2m:timeWindowType, TS-0004 6.3.4.2.61: 1
 * PERIODICWINDOW, 2 SLIDINGWINDOW) and its size {@code tws} (an xs:duration, TS-0004 table 7.4.58.1-3). The forms of
 * days, hours, minutes and seconds are read ({@code PT10S}, {@code P1DT2H}); years and months, of no fixed length, are
 * refused. TS-0001 table 9.6.58-2 lets the Hosting CSE enforce a maximum size: {@link #MAX_SIZE}.
 *
 * @param periodic true for PERIODICWINDOW, false for SLIDINGWINDOW
 * @param size the window's duration, positive and at most {@link #MAX_SIZE}
 */
public record TimeWindow(boolean periodic, Duration size) {
    public static final int PERIODIC = 1;
    public static final int SLIDING = 2;
    /** The longest window this CSE keeps notifications for: one day. */
    public static final Duration MAX_SIZE = Duration.ofDays(1);

    /** Reads {@code twt} and {@code tws}; 4000 naming the attribute when one is missing or malformed. */
    public static TimeWindow of(JsonNode twt, JsonNode tws) {
        if (twt == null || !twt.isIntegralNumber() || (twt.asInt() != PERIODIC && twt.asInt() != SLIDING)) {
            throw OneM2MException.badRequest("timeWindowType (twt) must be 1 (PERIODICWINDOW) or 2 (SLIDINGWINDOW)");
        }
        return new TimeWindow(twt.asInt() == PERIODIC, size(tws));
    }

    private static Duration size(JsonNode tws) {
        if (tws == null || !tws.isTextual()) {
            throw OneM2MException.badRequest("timeWindowSize (tws) must be an xs:duration such as PT10S");
        }
        Duration d;
        try {
            d = Duration.parse(tws.asText());
        } catch (DateTimeParseException e) {
            throw OneM2MException.badRequest("timeWindowSize (tws) '" + Excerpt.of(tws.asText()) + "' is not an "
                    + "xs:duration of days, hours, minutes and seconds such as PT10S");
        }
        if (d.isNegative() || d.isZero()) {
            throw OneM2MException.badRequest("timeWindowSize (tws) must be longer than zero");
        }
        if (d.compareTo(MAX_SIZE) > 0) {
            throw OneM2MException.badRequest("timeWindowSize (tws) is longer than this CSE's maximum window of "
                    + MAX_SIZE.toHours() + " hours (TS-0001 table 9.6.58-2)");
        }
        return d;
    }
}
